package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runImport runs "clubbot import" on the database at db with files from
// importer/testdata/import, and returns what it printed.
func runImport(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	for i, a := range args {
		if strings.HasSuffix(a, ".csv") {
			args[i] = filepath.Join("importer", "testdata", "import", a)
		}
	}
	var out, errOut strings.Builder
	getenv := func(name string) string { return map[string]string{"CLUBBOT_DB": db}[name] }
	err := importCommand(context.Background(), args, &out, &errOut, getenv)
	return out.String(), err
}

// TestImportCommandDryRunThenImport runs the command with --dry-run placed
// between the files, which imports nothing, then without it, which imports
// every club into the database CLUBBOT_DB names. The rows' checks are
// tested in package importer.
func TestImportCommandDryRunThenImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	out, err := runImport(t, path, "clubs.csv", "--dry-run", "members.csv", "funds.csv")
	if err != nil || !strings.Contains(out, "Dry run") || !strings.Contains(out, "members:        10 new") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if n := countClubs(t, path); n != 0 {
		t.Errorf("a dry run stored %d clubs", n)
	}
	out, err = runImport(t, path, "clubs.csv", "members.csv", "funds.csv")
	if err != nil || !strings.Contains(out, "Imported:") || !strings.Contains(out, "clubs:           4 new") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if n := countClubs(t, path); n != 4 {
		t.Errorf("the import stored %d clubs, want 4", n)
	}
}

// TestImportCommandNeedsClubsFile refuses to run without files or with
// more than three.
func TestImportCommandNeedsClubsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.db")
	for _, args := range [][]string{{"--dry-run"}, {"clubs.csv", "members.csv", "funds.csv", "clubs.csv"}} {
		if _, err := runImport(t, path, args...); err == nil || !strings.Contains(err.Error(), "import needs clubs.csv") {
			t.Errorf("import %v: %v", args, err)
		}
	}
}

// countClubs counts the clubs in the database at path.
func countClubs(t *testing.T, path string) int {
	t.Helper()
	db := openStore(t, path)
	clubs, err := db.Clubs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(clubs)
}
