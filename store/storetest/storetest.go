// Package storetest gives the tests of every package a database to open
// with store.Open: an SQLite file by default, or, when CLUBBOT_TEST_POSTGRES
// holds the URL of a PostgreSQL database, a schema of its own in that
// database, so that one test suite runs on either.
package storetest

import (
	"database/sql"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for creating schemas
)

// Env names the variable holding the URL of a PostgreSQL database the
// tests may create schemas in; unset, the tests run on SQLite files.
const Env = "CLUBBOT_TEST_POSTGRES"

// OnPostgres reports whether the tests run on PostgreSQL.
func OnPostgres() bool { return os.Getenv(Env) != "" }

// Addr returns the address of the test database that the SQLite file path
// stands for: path itself, or on PostgreSQL a URL whose search_path is a
// schema of its own, named after path (so that opening path again, from
// this process or a child, finds the same data), created now if needed and
// dropped when tb ends.
func Addr(tb testing.TB, path string) string {
	tb.Helper()
	base := os.Getenv(Env)
	if base == "" {
		return path
	}
	h := fnv.New64a()
	h.Write([]byte(path))
	schema := fmt.Sprintf("test_%016x", h.Sum64())
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	defer admin.Close()
	res, err := admin.Exec(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, schema)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { dropSchema(tb, base, schema) })
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

// dropSchema drops a test's schema and everything in it.
func dropSchema(tb testing.TB, base, schema string) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Error(err)
		return
	}
	defer admin.Close()
	if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
		tb.Errorf("drop schema %s: %v", schema, err)
	}
}
