package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// currentPlan returns CurrentPlan at t.
func currentPlan(t *testing.T, d *DB, at string) bot.Plan {
	t.Helper()
	when, _ := parseDay(at)
	var p bot.Plan
	tx(t, d, func(tx *Tx) error {
		var err error
		p, err = tx.CurrentPlan(context.Background(), when)
		return err
	})
	return p
}

func TestEmbeddedPlan(t *testing.T) {
	d := openTest(t)
	p := currentPlan(t, d, "2023-05-01")
	want := bot.Norms{MinMembers: 50, MaxMembers: 70, MinWomenPercent: 60, MaxWomenPercent: 70,
		MinOlderPercent: 60, MaxOlderPercent: 70, MinLoanPercent: 50}
	if p.Decision != "1336/QĐ-TTg" || p.TargetClubs != 191 || p.TargetNewClubs != 85 ||
		p.TargetNewMembers != 5000 || p.TargetOlderPercent != 60 || p.TargetUnitsCovered != 100 ||
		p.MinStartingFund != 20_000_000 || p.Norms != want ||
		!p.PeriodFrom.Equal(day(2021, 1, 1)) || !p.PeriodTo.Equal(day(2025, 12, 31)) {
		t.Fatalf("plan = %+v", p)
	}
	if p2 := currentPlan(t, d, "2031-01-01"); p2.ID != p.ID {
		t.Fatalf("after the period: plan %d, want the latest %d", p2.ID, p.ID)
	}
}

func TestSeedPlanFile(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	path := filepath.Join(t.TempDir(), "plans.json")
	os.WriteFile(path, []byte(`[{"name": "Kế hoạch 1648", "decision": "1648/QĐ-TTg",
		"province_code": "22", "period_from": "2026-01-01", "period_to": "2030-12-31",
		"target_new_clubs": 120, "norms": {"min_members": 50, "max_members": 70}}]`), 0o644)
	if err := d.SeedPlanFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	if err := d.SeedPlanFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	plans, _ := d.Plans(ctx)
	if len(plans) != 2 {
		t.Fatalf("plans = %d", len(plans))
	}
	if p := currentPlan(t, d, "2025-12-31"); p.Decision != "1336/QĐ-TTg" {
		t.Fatalf("on 2025-12-31: %s", p.Decision)
	}
	if p := currentPlan(t, d, "2027-03-01"); p.Decision != "1648/QĐ-TTg" || p.TargetNewClubs != 120 {
		t.Fatalf("in 2027: %+v", p)
	}
	os.WriteFile(path, []byte(`{"name": "x", "decision": "y", "province_code": "22",
		"period_from": "2030-01-01", "period_to": "2026-01-01"}`), 0o644)
	wantCode(t, d.SeedPlanFile(ctx, path), bot.EINVALID)
}
