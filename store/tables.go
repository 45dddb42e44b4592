package store

import "strings"

// table is a table of the schema as Copy and Verify see it.
type table struct {
	name string
	// key is the primary key: rows are checksummed in its order. After a
	// copy to PostgreSQL the sequence of a key of "id" alone, if it has
	// one, is advanced past the highest id.
	key []string
	// textKey says the key columns are text, ordered bytewise on both
	// dialects (PostgreSQL's default collation orders text otherwise).
	textKey bool
	// copyOrder, when set, orders the copy instead of key: parents before
	// their children in a table that refers to itself.
	copyOrder string
	// seeded says Open writes rows of its own (the embedded units and
	// plans), which Copy replaces with the source's.
	seeded bool
}

// copiedTables are the tables Copy carries, in foreign-key order: a table
// comes after every table it refers to. A migration that adds a table adds
// it here or to uncopiedTables (TestCopiedTablesMatchSchema says so).
var copiedTables = []table{
	{name: "units", key: []string{"id"}, copyOrder: "level, id", seeded: true},
	{name: "unit_former_districts", key: []string{"unit_id", "position"}, seeded: true},
	{name: "seeds", key: []string{"name"}, textKey: true, seeded: true},
	{name: "plans", key: []string{"id"}, seeded: true},
	{name: "clubs", key: []string{"id"}},
	{name: "members", key: []string{"id"}},
	{name: "users", key: []string{"id"}},
	{name: "fund_reports", key: []string{"id"}},
	{name: "fund_reviews", key: []string{"id"}},
	{name: "activity_reports", key: []string{"id"}},
	{name: "accounts", key: []string{"id"}},
	{name: "invites", key: []string{"id"}},
	{name: "failed_codes", key: []string{"id"}},
	{name: "sessions", key: []string{"channel", "chat_id"}, textKey: true},
	{name: "inbound", key: []string{"id"}},
	{name: "outbox", key: []string{"id"}},
	{name: "audit_log", key: []string{"id"}},
	{name: "deliveries", key: []string{"id"}},
	{name: "zalo_tokens", key: []string{"id"}},
	{name: "announcements", key: []string{"id"}},
}

// uncopiedTables are the tables Copy leaves alone, and why.
var uncopiedTables = map[string]string{
	"schema_migrations": "Open's migrations write it: Copy requires the same version on both sides",
	"instances":         "the serve processes running on the source; those on the destination record themselves",
	"leases":            "held by the source's processes, which are stopped for the copy",
}

// orderBy returns the ORDER BY list of the key in dialect d.
func (tb table) orderBy(d dialect) string {
	cols := make([]string, len(tb.key))
	for i, c := range tb.key {
		cols[i] = quoteIdent(c)
		if tb.textKey && d == postgresDialect {
			cols[i] += ` COLLATE "C"`
		}
	}
	return strings.Join(cols, ", ")
}

// copyOrderBy returns the ORDER BY list of the copy in dialect d.
func (tb table) copyOrderBy(d dialect) string {
	if tb.copyOrder != "" {
		return tb.copyOrder
	}
	return tb.orderBy(d)
}

// hasIdentity reports whether the table's key is an id the database
// assigns (a serial or identity column on PostgreSQL).
func (tb table) hasIdentity() bool {
	return len(tb.key) == 1 && tb.key[0] == "id"
}

// quoteIdent quotes a table or column name for both dialects: some
// columns ("key", "before", "after") are reserved words.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
