package main

import (
	"context"
	"io"
	"strings"
	"testing"
)

// secretURL is a PostgreSQL URL whose password must never be shown; port 1
// answers nothing.
const secretURL = "postgres://clubbot:s3cret-pw@127.0.0.1:1/clubbot?sslmode=disable&connect_timeout=2"

func TestDatabaseURLIsTheFallbackOfClubbotDB(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "default.db"},
		{map[string]string{"DATABASE_URL": secretURL}, secretURL},
		{map[string]string{"DATABASE_URL": secretURL, "CLUBBOT_DB": "mine.db"}, "mine.db"},
	} {
		var cfg config
		fs := newFlagSet("test", "", io.Discard)
		cfg.register(fs, newEnvReader(func(name string) string { return c.env[name] }), "default.db")
		if err := fs.Parse(nil); err != nil {
			t.Fatal(err)
		}
		if cfg.DB != c.want {
			t.Errorf("env %v: database %q, want %q", c.env, cfg.DB, c.want)
		}
	}
}

func TestPostgresPasswordStaysOutOfErrors(t *testing.T) {
	cfg := config{DB: secretURL}
	_, err := cfg.openStore(context.Background(), nil, clock)
	if err == nil {
		t.Fatal("opened a server that does not exist")
	}
	if strings.Contains(err.Error(), "s3cret-pw") || !strings.Contains(err.Error(), "127.0.0.1") {
		t.Errorf("error %q shows the password or not the server", err)
	}
}

func TestDemoStaysOnSQLite(t *testing.T) {
	getenv := func(name string) string { return map[string]string{"CLUBBOT_DB": secretURL}[name] }
	err := demoCommand(context.Background(), nil, strings.NewReader(""), io.Discard, io.Discard, getenv)
	if err == nil || !strings.Contains(err.Error(), "SQLite") || strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("demo on PostgreSQL: %v, want a refusal without the password", err)
	}
}
