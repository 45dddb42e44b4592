package store

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestCopiedTablesMatchSchema fails when a migration adds a table that
// neither copiedTables nor uncopiedTables lists, or changes a key, or
// makes a table refer to one the copy writes after it.
func TestCopiedTablesMatchSchema(t *testing.T) {
	skipOnPostgres(t, "reads SQLite's catalogue; PostgreSQL's schema comes from the same migrations")
	d := openTest(t)
	schema := sqliteTables(t, d)
	listed := map[string]bool{}
	for name := range uncopiedTables {
		listed[name] = true
	}
	for i, tb := range copiedTables {
		if listed[tb.name] {
			t.Errorf("%s is listed twice", tb.name)
		}
		listed[tb.name] = true
		if !slices.Contains(schema, tb.name) {
			t.Errorf("copiedTables lists %s, which the schema does not have", tb.name)
			continue
		}
		key, text := sqliteKey(t, d, tb.name)
		if !slices.Equal(key, tb.key) || text != tb.textKey {
			t.Errorf("%s: listed key %v (text %v), the schema's %v (text %v)", tb.name, tb.key, tb.textKey, key, text)
		}
		for _, parent := range sqliteParents(t, d, tb.name) {
			if j := slices.IndexFunc(copiedTables, func(p table) bool { return p.name == parent }); j > i {
				t.Errorf("%s refers to %s, which is copied after it", tb.name, parent)
			}
		}
	}
	for _, name := range schema {
		if !listed[name] {
			t.Errorf("table %s is in neither copiedTables nor uncopiedTables (store/tables.go): "+
				"clubbot migrate would leave it behind", name)
		}
	}
}

// sqliteTables returns the names of d's tables.
func sqliteTables(t *testing.T, d *DB) []string {
	t.Helper()
	var names []string
	err := d.gorm.Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).
		Scan(&names).Error
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// sqliteKey returns the primary key's columns in order, and whether they
// are all text.
func sqliteKey(t *testing.T, d *DB, table string) ([]string, bool) {
	t.Helper()
	var cols []struct {
		Name string
		Type string
		PK   int `gorm:"column:pk"`
	}
	if err := d.gorm.Raw(`PRAGMA table_info(` + quoteIdent(table) + `)`).Scan(&cols).Error; err != nil {
		t.Fatal(err)
	}
	sort.Slice(cols, func(i, j int) bool { return cols[i].PK < cols[j].PK })
	var key []string
	text := true
	for _, c := range cols {
		if c.PK > 0 {
			key = append(key, c.Name)
			text = text && strings.EqualFold(c.Type, "TEXT")
		}
	}
	return key, text && len(key) > 0
}

// sqliteParents returns the tables table refers to, itself excepted.
func sqliteParents(t *testing.T, d *DB, table string) []string {
	t.Helper()
	var fks []struct{ Table string }
	if err := d.gorm.Raw(`PRAGMA foreign_key_list(` + quoteIdent(table) + `)`).Scan(&fks).Error; err != nil {
		t.Fatal(err)
	}
	var parents []string
	for _, fk := range fks {
		if fk.Table != table {
			parents = append(parents, fk.Table)
		}
	}
	return parents
}

// TestCopyOrderPutsParentUnitsFirst checks the one table that refers to
// itself: every unit's parent comes before it in the copy's order, so the
// copy never writes a unit whose parent is not there yet, even a unit
// moved under a unit created after it.
func TestCopyOrderPutsParentUnitsFirst(t *testing.T) {
	d := openTest(t)
	if err := d.gorm.Exec(`INSERT INTO units (id, code, name, name_key, type, level, parent_id, valid_from)
		SELECT 100000, 'X1', 'Huyện mới', 'huyen moi', 'Huyện', 2, id, valid_from FROM units WHERE level = 1`).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.gorm.Exec(`UPDATE units SET parent_id = 100000 WHERE id = (SELECT MIN(id) FROM units WHERE level = 3)`).Error; err != nil {
		t.Fatal(err)
	}
	tb := copiedTables[slices.IndexFunc(copiedTables, func(p table) bool { return p.name == "units" })]
	rows, err := d.sql.QueryContext(context.Background(), `SELECT id, parent_id FROM units ORDER BY `+tb.copyOrderBy(d.dialect))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	seen := map[int64]bool{}
	for rows.Next() {
		var id int64
		var parent *int64
		if err := rows.Scan(&id, &parent); err != nil {
			t.Fatal(err)
		}
		if parent != nil && !seen[*parent] {
			t.Fatalf("unit %d comes before its parent %d", id, *parent)
		}
		seen[id] = true
	}
	if len(seen) < 50 {
		t.Fatalf("only %d units seeded", len(seen))
	}
}
