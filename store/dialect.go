package store

import "strings"

// dialect is the SQL database behind a DB: SQLite, the embedded default,
// or PostgreSQL for deployments that run several processes on one
// database. The few statements whose SQL differs between them ask it.
type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// dialectOf returns the dialect a database address names: a postgres:// or
// postgresql:// URL is PostgreSQL, anything else an SQLite file.
func dialectOf(addr string) dialect {
	if strings.HasPrefix(addr, "postgres://") || strings.HasPrefix(addr, "postgresql://") {
		return postgresDialect
	}
	return sqliteDialect
}

// String names the dialect as logs and errors do.
func (d dialect) String() string {
	if d == postgresDialect {
		return "postgres"
	}
	return "sqlite"
}
