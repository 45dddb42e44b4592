package store

import (
	"context"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func TestSeedDemoTwice(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	for range 2 {
		if err := d.SeedDemo(ctx, testNow); err != nil {
			t.Fatal(err)
		}
	}
	for table, want := range map[string]int{"clubs": 3, "members": 25 + 18 + 14, "fund_reports": 1,
		"activity_reports": 2, "users": 3, "accounts": 3, "audit_log": 3 + 57 + 1 + 2 + 1} {
		if got := count(t, d, table, ""); got != want {
			t.Errorf("%s = %d, want %d", table, got, want)
		}
	}
	clubs, err := d.ClubsByName(ctx, "CLB HOA SEN")
	if err != nil || len(clubs) != 1 {
		t.Fatalf("Hoa Sen: %+v, %v", clubs, err)
	}
	unit, _ := d.direct().Unit(ctx, clubs[0].UnitID)
	if unit.FullName() != "phường Móng Cái 1" {
		t.Fatalf("Hoa Sen's unit = %s", unit.FullName())
	}
	tx(t, d, func(tx *Tx) error {
		f, err := tx.ClubFigures(ctx, clubs[0].ID, 2025, 60)
		if err == nil && (f.Members != 25 || f.Women != 17 || f.Older < 13 || f.Older > 18) {
			t.Errorf("Hoa Sen figures = %+v", f)
		}
		leader, err := tx.UserByAccount(ctx, "console", "demo-leader")
		if err == nil && (leader.Role != bot.RoleLeader || *leader.Scope.ClubID != clubs[0].ID) {
			t.Errorf("leader = %+v", leader)
		}
		r, err := tx.LastFundReport(ctx, clubs[0].ID)
		if err == nil && r.ReportedBy != leader.ID {
			t.Errorf("fund report = %+v", r)
		}
		return err
	})
	for _, id := range []string{"demo-officer", "demo-admin"} {
		if n := count(t, d, "accounts", "channel = 'console' AND channel_user_id = ?", id); n != 1 {
			t.Errorf("account %s missing", id)
		}
	}
}
