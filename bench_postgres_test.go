package main

import (
	"database/sql"
	"net/url"
	"os"
	"testing"
)

// benchPostgresEnv names the variable holding the URL of a PostgreSQL
// database the benchmarks may use, as the store's tests do: when it is set,
// BenchmarkDialogueEndToEnd and BenchmarkDigestNational run on PostgreSQL.
const benchPostgresEnv = "CLUBBOT_TEST_POSTGRES"

// benchDBAddr returns the database a benchmark runs on: the SQLite file
// path, or, when benchPostgresEnv is set, a URL whose search_path is the
// schema named, emptied first. A schema made for tb alone is dropped when
// it ends; a shared one (keep) is left for the next run to empty.
func benchDBAddr(tb testing.TB, path, schema string, keep bool) string {
	tb.Helper()
	base := os.Getenv(benchPostgresEnv)
	if base == "" {
		return path
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`); err != nil {
		tb.Fatalf("%s: %v", benchPostgresEnv, err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatal(err)
	}
	if !keep {
		tb.Cleanup(func() {
			if db, err := sql.Open("pgx", base); err == nil {
				db.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
				db.Close()
			}
		})
	}
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
