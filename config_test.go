package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// TestOpenStoreLoadsAPlanFile shows that a province's plan is data: a plan
// file given by CLUBBOT_PLAN_FILE is what the bot measures clubs against.
func TestOpenStoreLoadsAPlanFile(t *testing.T) {
	dir := t.TempDir()
	plan := `{"name": "Kế hoạch 2026-2030", "decision": "1648/QĐ-TTg", "province_code": "22",
	  "period_from": "2026-01-01", "period_to": "2030-12-31", "target_clubs": 260, "target_new_clubs": 70,
	  "target_new_members": 3500, "target_older_percent": 60, "target_units_covered": 100, "min_starting_fund": 30000000,
	  "norms": {"min_members": 40, "max_members": 70, "min_women_percent": 50, "max_women_percent": 70,
	  "min_older_percent": 50, "max_older_percent": 70, "min_loan_percent": 50}}`
	path := filepath.Join(dir, "plan.json")
	if err := os.WriteFile(path, []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	var cfg config
	fs := newFlagSet("test", "", &strings.Builder{})
	cfg.register(fs, newEnvReader(func(name string) string {
		return map[string]string{"CLUBBOT_DB": filepath.Join(dir, "c.db"), "CLUBBOT_PLAN_FILE": path}[name]
	}), "unused.db")
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := cfg.openStore(ctx, nil, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got bot.Plan
	err = db.InTx(ctx, func(tx bot.Writer) (err error) {
		got, err = tx.CurrentPlan(ctx, time.Date(2027, 3, 1, 0, 0, 0, 0, bot.Vietnam()))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got.Decision != "1648/QĐ-TTg" || got.TargetClubs != 260 || got.Norms.MinMembers != 40 {
		t.Errorf("plan in force in 2027: %+v", got)
	}
}
