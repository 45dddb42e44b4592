package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store"
)

// runMigrateCmd runs `clubbot migrate` with args, as main does.
func runMigrateCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut strings.Builder
	err := run(context.Background(), append([]string{"migrate"}, args...), strings.NewReader(""), &out, &errOut,
		func(string) string { return "" })
	return out.String() + errOut.String(), err
}

// newDemoDatabase writes the demo data into a new SQLite file.
func newDemoDatabase(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := store.Open(context.Background(), path, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SeedDemo(context.Background(), time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam())); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestMigrateCommandCopiesAndVerifies copies the demo database into a new
// file, printing each table's rows and a verified table, then compares the
// two again with --verify-only; a member added to the copy makes that
// fail, naming members.
func TestMigrateCommandCopiesAndVerifies(t *testing.T) {
	src := newDemoDatabase(t)
	dst := filepath.Join(t.TempDir(), "copy.db")
	out, err := runMigrateCmd(t, "--from", "sqlite:"+src, "--to", dst)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"Copying sqlite:" + src + " into " + dst, "  members                       57 rows",
		"Copied "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`All [0-9]+ tables match.`).MatchString(out) {
		t.Errorf("output lacks the verdict:\n%s", out)
	}
	if !regexp.MustCompile(`(?m)^members +57 +[0-9a-f]{16} +ok$`).MatchString(out) {
		t.Errorf("no verified line for members:\n%s", out)
	}
	if out, err := runMigrateCmd(t, "--verify-only", "--from", src, "--to", "sqlite://"+dst); err != nil ||
		!regexp.MustCompile(`All [0-9]+ tables match.`).MatchString(out) {
		t.Fatalf("verify-only: %v\n%s", err, out)
	}
	addMember(t, dst)
	out, err = runMigrateCmd(t, "--verify-only", "--from", src, "--to", dst)
	if err == nil || !strings.Contains(err.Error(), "the databases differ in members") {
		t.Errorf("verify-only after a new member: %v, want members named", err)
	}
	if !regexp.MustCompile(`(?m)^members +57 -> 58 +[0-9a-f]{16} -> [0-9a-f]{16} +MISMATCH$`).MatchString(out) {
		t.Errorf("no mismatch line for members:\n%s", out)
	}
}

// addMember adds a member to CLB Hoa Sen (club 1) of the database at path.
func addMember(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m := bot.Member{ClubID: 1, FullName: "Lê Văn Mới", Gender: bot.Male, BirthYear: 1950,
		Household: bot.HouseholdNeither, JoinedOn: time.Date(2025, 8, 1, 0, 0, 0, 0, bot.Vietnam())}
	if err := db.InTx(ctx, func(tx bot.Writer) error { return tx.AddMember(ctx, &m, 0, time.Now()) }); err != nil {
		t.Fatal(err)
	}
}

// TestMigrateCommandRefusals: a destination with data, a missing source
// and missing flags are refused, saying why.
func TestMigrateCommandRefusals(t *testing.T) {
	src := newDemoDatabase(t)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"destination with data", []string{"--from", src, "--to", newDemoDatabase(t)}, "already holds data (table clubs has rows)"},
		{"no source file", []string{"--from", "sqlite:" + filepath.Join(t.TempDir(), "none.db"), "--to", src}, "no such file"},
		{"no destination", []string{"--from", src}, "migrate needs --from and --to"},
		{"the same database", []string{"--from", "sqlite:" + src, "--to", src}, "name the same database"},
	}
	for _, tt := range tests {
		out, err := runMigrateCmd(t, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q\n%s", tt.name, err, tt.want, out)
		}
	}
}

// TestMigrateAddresses: sqlite: prefixes come off, URLs stay, and a
// password is never printed.
func TestMigrateAddresses(t *testing.T) {
	for in, want := range map[string]string{"sqlite:data/clubbot.db": "data/clubbot.db", "sqlite:///data/c.db": "/data/c.db",
		"clubbot.db": "clubbot.db", "postgres://bot:pw@db/clubbot": "postgres://bot:pw@db/clubbot"} {
		if got := storeAddr(in); got != want {
			t.Errorf("storeAddr(%q) = %q, want %q", in, got, want)
		}
	}
	if got := store.Redacted("postgresql://bot:secret@db:5432/clubbot?sslmode=disable"); strings.Contains(got, "secret") ||
		!strings.Contains(got, "bot:xxxxx@db:5432/clubbot") {
		t.Errorf("store.Redacted = %q", got)
	}
}
