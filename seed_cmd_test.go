package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// runSeedCmd runs `clubbot seed` with args on a database in dir.
func runSeedCmd(t *testing.T, db string, args ...string) (string, error) {
	t.Helper()
	var out, errOut strings.Builder
	env := func(name string) string { return map[string]string{"CLUBBOT_DB": db}[name] }
	err := seedCommand(context.Background(), args, &out, &errOut, env)
	return out.String() + errOut.String(), err
}

func TestSeedCommandWritesASmallNationalDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "national.db")
	out, err := runSeedCmd(t, db, "--national", "--clubs", "30", "--members", "1500", "--months", "3", "--as-of", "2025-08-15")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(out, "30 clubs, 1500 members, 3 months of fund reports to 2025-08-15 in ") {
		t.Errorf("output = %q", out)
	}
	digest, err := runDigestCmd(t, db, "--dry-run", "--as-of", "2025-08-15")
	if err != nil || !strings.Contains(digest, "Số CLB: ") {
		t.Errorf("digest of the seeded database: %v\n%s", err, digest)
	}
	if _, err := runSeedCmd(t, db, "--national", "--clubs", "30"); err == nil || !strings.Contains(err.Error(), "already has") {
		t.Errorf("second seed: %v, want a refusal", err)
	}
}

func TestSeedCommandNeedsNational(t *testing.T) {
	out, err := runSeedCmd(t, filepath.Join(t.TempDir(), "x.db"))
	if err == nil || !strings.Contains(out, "Usage: clubbot seed") {
		t.Errorf("err = %v, output %q", err, out)
	}
}
