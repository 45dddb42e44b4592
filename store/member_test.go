package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// newClub creates a club in phường Móng Cái 1, formerly in Móng Cái.
func newClub(t *testing.T, d *DB, name string) bot.Club {
	t.Helper()
	ctx := context.Background()
	unit, err := d.UnitByCode(ctx, bot.LevelCommune, "06712")
	if err != nil {
		t.Fatal(err)
	}
	c := bot.Club{Name: name, UnitID: unit.ID, FormerDistrictID: &unit.FormerDistrictIDs[0],
		FoundedOn: day(2022, 3, 15), StartingFund: 20_000_000}
	if err := d.CreateClub(ctx, &c, 0, testNow); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCreateClub(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "  CLB  Hoa Sen ")
	if c.ID == 0 || c.Name != "CLB Hoa Sen" || c.Status != bot.ClubActive {
		t.Fatalf("club = %+v", c)
	}
	found, err := d.ClubsByName(ctx, "hoa sen")
	if err != nil || len(found) != 1 || found[0].ID != c.ID || !found[0].FoundedOn.Equal(day(2022, 3, 15)) {
		t.Fatalf("ClubsByName = %+v, %v", found, err)
	}
	if n := count(t, d, "audit_log", "entity = 'club' AND entity_id = ? AND action = 'create'", c.ID); n != 1 {
		t.Fatalf("club audit rows = %d", n)
	}
	district, _ := d.UnitByCode(ctx, bot.LevelDistrict, "194")
	bad := bot.Club{Name: "X", UnitID: district.ID, FoundedOn: testNow}
	wantCode(t, d.CreateClub(ctx, &bad, 0, testNow), bot.EINVALID)
}

func TestAddMemberTwiceStoresOnce(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	// "Hằng" in NFD: the store keeps NFC.
	m := bot.Member{ClubID: c.ID, FullName: "Nguyễn Thị Ha\u0306\u0300ng", Gender: bot.Female,
		BirthYear: 1958, Household: bot.HouseholdPoor, JoinedOn: day(2024, 1, 2), SourceKey: "step:77"}
	for range 2 {
		m.ID = 0
		tx(t, d, func(tx *Tx) error { return tx.AddMember(ctx, &m, 5, testNow) })
		if m.ID == 0 {
			t.Fatal("AddMember did not set the id")
		}
	}
	if n := count(t, d, "members", ""); n != 1 {
		t.Fatalf("members = %d", n)
	}
	if n := count(t, d, "audit_log", "entity = 'member'"); n != 1 {
		t.Fatalf("member audit rows = %d", n)
	}
	if n := count(t, d, "members", "full_name = ? AND name_key = ?", "Nguyễn Thị Hằng", "nguyen thi hang"); n != 1 {
		t.Fatal("name not stored in NFC with its folded key")
	}
	log, _ := d.AuditLog(ctx, 1)
	if log[0].UserID != 5 || log[0].Before != nil || !strings.Contains(string(log[0].After), `"SourceKey":"step:77"`) {
		t.Fatalf("audit = %+v", log[0])
	}
}

func TestMemberLeft(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	a := bot.Member{ClubID: c.ID, FullName: "Lê Văn Nam", Gender: bot.Male, BirthYear: 1950}
	b := bot.Member{ClubID: c.ID, FullName: "Phạm Thị Mai", Gender: bot.Female, BirthYear: 1980}
	tx(t, d, func(tx *Tx) error {
		if err := tx.AddMember(ctx, &a, 1, testNow); err != nil {
			return err
		}
		return tx.AddMember(ctx, &b, 1, testNow)
	})
	for range 2 { // the second call is a harmless retry
		tx(t, d, func(tx *Tx) error { return tx.MemberLeft(ctx, a.ID, day(2025, 8, 1), "chuyển đi", 1, testNow) })
	}
	tx(t, d, func(tx *Tx) error {
		active, err := tx.ActiveMembers(ctx, c.ID)
		if err == nil && (len(active) != 1 || active[0].ID != b.ID) {
			t.Errorf("active = %+v", active)
		}
		got, err := tx.Member(ctx, a.ID)
		if err == nil && (got.LeftOn == nil || !got.LeftOn.Equal(day(2025, 8, 1)) || got.LeftReason != "chuyển đi") {
			t.Errorf("left member = %+v", got)
		}
		return err
	})
	if n := count(t, d, "audit_log", "entity = 'member' AND action = 'leave' AND entity_id = ?", a.ID); n != 1 {
		t.Fatalf("leave audit rows = %d", n)
	}
	log, _ := d.AuditLog(ctx, 1)
	var before, after bot.Member
	json.Unmarshal(log[0].Before, &before)
	json.Unmarshal(log[0].After, &after)
	if before.LeftOn != nil || after.LeftOn == nil {
		t.Fatalf("audit before/after = %s / %s", log[0].Before, log[0].After)
	}
}

func TestClubFigures(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	other := newClub(t, d, "CLB Khác")
	people := []struct {
		g    bot.Gender
		year int
		left bool
	}{
		{bot.Female, 1950, false}, {bot.Female, 1965, false}, {bot.Female, 1966, false},
		{bot.Male, 1940, false}, {bot.Male, 1990, false}, {bot.Female, 1945, true},
	}
	tx(t, d, func(tx *Tx) error {
		for _, p := range people {
			m := bot.Member{ClubID: c.ID, FullName: "Thành viên", Gender: p.g, BirthYear: p.year}
			if err := tx.AddMember(ctx, &m, 0, testNow); err != nil {
				return err
			}
			if p.left {
				if err := tx.MemberLeft(ctx, m.ID, testNow, "", 0, testNow); err != nil {
					return err
				}
			}
		}
		o := bot.Member{ClubID: other.ID, FullName: "Khác", Gender: bot.Female, BirthYear: 1930}
		return tx.AddMember(ctx, &o, 0, testNow)
	})
	tx(t, d, func(tx *Tx) error {
		f, err := tx.ClubFigures(ctx, c.ID, 2025, 60)
		if want := (bot.ClubFigures{Members: 5, Women: 3, Older: 3}); err == nil && f != want {
			t.Errorf("figures at 60 = %+v, want %+v", f, want)
		}
		f, err = tx.ClubFigures(ctx, c.ID, 2025, 55)
		if want := (bot.ClubFigures{Members: 5, Women: 3, Older: 4}); err == nil && f != want {
			t.Errorf("figures at 55 = %+v, want %+v", f, want)
		}
		_, err2 := tx.ClubFigures(ctx, 999, 2025, 60)
		wantCode(t, err2, bot.ENOTFOUND)
		return err
	})
}

func TestFundReports(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	err := d.InTx(ctx, func(tx bot.Writer) error { _, err := tx.LastFundReport(ctx, c.ID); return err })
	wantCode(t, err, bot.ENOTFOUND)
	reports := []bot.FundReport{
		{ClubID: c.ID, AsOf: day(2025, 6, 30), IncomeFund: 40_000_000, SourceKey: "f:2"},
		{ClubID: c.ID, AsOf: day(2024, 12, 31), IncomeFund: 30_000_000, SourceKey: "f:1"},
		{ClubID: c.ID, AsOf: day(2025, 6, 30), IncomeFund: 40_000_000, SourceKey: "f:2"},
	}
	tx(t, d, func(tx *Tx) error {
		for i := range reports {
			if err := tx.AddFundReport(ctx, &reports[i], 0, testNow); err != nil {
				return err
			}
		}
		return nil
	})
	if reports[0].ID == 0 || reports[2].ID != reports[0].ID {
		t.Fatalf("ids = %d, %d", reports[0].ID, reports[2].ID)
	}
	if n, a := count(t, d, "fund_reports", ""), count(t, d, "audit_log", "entity = 'fund_report'"); n != 2 || a != 2 {
		t.Fatalf("fund reports = %d, audit rows = %d", n, a)
	}
	tx(t, d, func(tx *Tx) error {
		r, err := tx.LastFundReport(ctx, c.ID)
		if err == nil && (r.ID != reports[0].ID || r.IncomeFund != 40_000_000 || !r.AsOf.Equal(day(2025, 6, 30))) {
			t.Errorf("last report = %+v", r)
		}
		return err
	})
}
