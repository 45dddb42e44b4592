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
	var n int
	err := run(base, func(admin *sql.DB) error {
		return admin.QueryRow(`SELECT COUNT(*) FROM pg_namespace WHERE nspname = $1`, schema).Scan(&n)
	})
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	if n == 0 {
		create(tb, base, schema, false)
	}
	return searchPath(tb, base, schema)
}

// Schema returns, on PostgreSQL, the URL of schema emptied for tb (dropped
// and created again), which is dropped when tb ends unless keep is set (a
// benchmark's data that later runs of the process reuse); on SQLite, path.
func Schema(tb testing.TB, path, schema string, keep bool) string {
	tb.Helper()
	base := os.Getenv(Env)
	if base == "" {
		return path
	}
	if err := run(base, func(admin *sql.DB) error {
		_, err := admin.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`)
		return err
	}); err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	create(tb, base, schema, keep)
	return searchPath(tb, base, schema)
}

// create creates schema, dropped when tb ends unless keep is set.
func create(tb testing.TB, base, schema string, keep bool) {
	tb.Helper()
	if err := run(base, func(admin *sql.DB) error {
		_, err := admin.Exec(`CREATE SCHEMA ` + schema)
		return err
	}); err != nil {
		tb.Fatalf("create schema %s: %v", schema, err)
	}
	if keep {
		return
	}
	tb.Cleanup(func() {
		if err := run(base, func(admin *sql.DB) error {
			_, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			return err
		}); err != nil {
			tb.Errorf("drop schema %s: %v", schema, err)
		}
	})
}

// run runs fn on a connection to the database at base.
func run(base string, fn func(admin *sql.DB) error) error {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return err
	}
	defer admin.Close()
	return fn(admin)
}

// searchPath returns base's URL with schema as its search_path.
func searchPath(tb testing.TB, base, schema string) string {
	tb.Helper()
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("%s: %v", Env, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
