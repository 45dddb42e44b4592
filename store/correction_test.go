package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestClubMembersInNameOrderWithThoseWhoLeft(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	var ids []int64
	for _, name := range []string{"Trần Văn Bình", "Đỗ Thị Lan", "Nguyễn Văn An"} {
		m := bot.Member{ClubID: c.ID, FullName: name, Gender: bot.Male, BirthYear: 1950}
		tx(t, d, func(tx *Tx) error { return tx.AddMember(ctx, &m, 0, testNow) })
		ids = append(ids, m.ID)
	}
	tx(t, d, func(tx *Tx) error { return tx.MemberLeft(ctx, ids[0], testNow, "moved", 0, testNow) })
	var got []bot.Member
	tx(t, d, func(tx *Tx) (err error) { got, err = tx.ClubMembers(ctx, c.ID); return err })
	var names []string
	for _, m := range got {
		names = append(names, m.FullName)
	}
	// "Đỗ" folds to "do", before "nguyen" and "tran".
	if strings.Join(names, ", ") != "Đỗ Thị Lan, Nguyễn Văn An, Trần Văn Bình" || got[2].LeftOn == nil {
		t.Fatalf("ClubMembers = %+v", got)
	}
}

func TestActiveMembersNamedIgnoresDiacriticsAndThoseWhoLeft(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	var ids []int64
	for _, m := range []bot.Member{{FullName: "Nguyễn Văn An", BirthYear: 1950}, {FullName: "Nguyễn Văn An", BirthYear: 1951},
		{FullName: "Nguyễn Văn Anh", BirthYear: 1950}, {FullName: "Nguyen Van An", BirthYear: 1950}} {
		m.ClubID, m.Gender = c.ID, bot.Male
		tx(t, d, func(tx *Tx) error { return tx.AddMember(ctx, &m, 0, testNow) })
		ids = append(ids, m.ID)
	}
	tx(t, d, func(tx *Tx) error { return tx.MemberLeft(ctx, ids[3], testNow, "moved", 0, testNow) })
	var got []bot.Member
	tx(t, d, func(tx *Tx) (err error) {
		got, err = tx.ActiveMembersNamed(ctx, c.ID, " nguyen  VAN an", 1950)
		return err
	})
	if len(got) != 1 || got[0].ID != ids[0] {
		t.Fatalf("ActiveMembersNamed = %+v", got)
	}
}

func TestUpdateMemberAuditsOldAndNew(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	m := bot.Member{ClubID: c.ID, FullName: "Nguyễn Văn An", Gender: bot.Male, BirthYear: 1950,
		Household: bot.HouseholdNeither, JoinedOn: day(2024, 1, 2)}
	tx(t, d, func(tx *Tx) error { return tx.AddMember(ctx, &m, 0, testNow) })
	edit := m
	edit.BirthYear, edit.FullName, edit.JoinedOn, edit.ClubID = 1955, "Nguyễn  Văn Ân", testNow, 999
	var changed bool
	tx(t, d, func(tx *Tx) (err error) { changed, err = tx.UpdateMember(ctx, edit, 7, testNow); return err })
	if !changed {
		t.Fatal("UpdateMember reported no change")
	}
	if n := count(t, d, "members", "id = ? AND birth_year = 1955 AND full_name = ? AND name_key = ? AND club_id = ?",
		m.ID, "Nguyễn Văn Ân", "nguyen van an", c.ID); n != 1 {
		t.Fatal("the member was not updated, or its club or name key is wrong")
	}
	log, _ := d.AuditLog(ctx, 1)
	if log[0].Action != "update" || log[0].UserID != 7 || !strings.Contains(string(log[0].Before), `"BirthYear":1950`) ||
		!strings.Contains(string(log[0].After), `"BirthYear":1955`) {
		t.Fatalf("audit = %+v %s %s", log[0], log[0].Before, log[0].After)
	}
	// The same again changes nothing and writes no audit entry.
	tx(t, d, func(tx *Tx) (err error) { changed, err = tx.UpdateMember(ctx, edit, 7, testNow); return err })
	if changed || count(t, d, "audit_log", "action = 'update'") != 1 {
		t.Fatal("an unchanged member was written again")
	}
	edit.ID = 12345
	tx(t, d, func(tx *Tx) error {
		_, err := tx.UpdateMember(ctx, edit, 7, testNow)
		wantCode(t, err, bot.ENOTFOUND)
		return nil
	})
}

func TestUndoLeave(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	m := bot.Member{ClubID: c.ID, FullName: "Lê Văn Nam", Gender: bot.Male, BirthYear: 1950}
	tx(t, d, func(tx *Tx) error { return tx.AddMember(ctx, &m, 0, testNow) })
	tx(t, d, func(tx *Tx) error { return tx.MemberLeft(ctx, m.ID, testNow, "moved", 0, testNow) })
	for range 2 { // the second time finds the member active and writes nothing
		tx(t, d, func(tx *Tx) error { return tx.UndoLeave(ctx, m.ID, 3, testNow) })
	}
	if n := count(t, d, "members", "id = ? AND left_on IS NULL AND left_reason = ''", m.ID); n != 1 {
		t.Fatal("the departure was not undone")
	}
	if n := count(t, d, "audit_log", "entity = 'member' AND action = 'rejoin' AND user_id = 3"); n != 1 {
		t.Fatalf("rejoin audit rows = %d", n)
	}
	var active []bot.Member
	tx(t, d, func(tx *Tx) (err error) { active, err = tx.ActiveMembers(ctx, c.ID); return err })
	if len(active) != 1 {
		t.Fatalf("active members = %+v", active)
	}
}

// addReport stores a fund report of the club on a day.
func addReport(t *testing.T, d *DB, clubID int64, on time.Time, income int64) bot.FundReport {
	t.Helper()
	r := bot.FundReport{ClubID: clubID, AsOf: on, IncomeFund: income, ActivityFund: 1_000_000}
	tx(t, d, func(tx *Tx) error { return tx.AddFundReport(context.Background(), &r, 0, on) })
	return r
}

func TestWithdrawnFundReportCountsNowhere(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	older := addReport(t, d, c.ID, day(2025, 7, 31), 20_000_000)
	latest := addReport(t, d, c.ID, day(2025, 8, 14), 200_000_000)
	for range 2 { // withdrawing twice is harmless
		tx(t, d, func(tx *Tx) error { return tx.WithdrawFundReport(ctx, latest.ID, "nhầm số", 4, testNow) })
	}
	var last bot.FundReport
	tx(t, d, func(tx *Tx) (err error) { last, err = tx.LastFundReport(ctx, c.ID); return err })
	if last.ID != older.ID {
		t.Fatalf("LastFundReport = %+v, want the report before the withdrawn one", last)
	}
	stats, err := d.ClubStats(ctx, bot.Scope{Kind: bot.ScopeClub, ClubID: &c.ID}, testNow, 60)
	if err != nil || len(stats) != 1 || stats[0].LastFund == nil || stats[0].LastFund.ID != older.ID {
		t.Fatalf("ClubStats = %+v, %v", stats, err)
	}
	if stats[0].Corrections != (bot.Corrections{FundsWithdrawn: 1}) {
		t.Fatalf("corrections = %+v", stats[0].Corrections)
	}
	// The week before: the latest report then, not the withdrawn one.
	stats, _ = d.ClubStats(ctx, bot.Scope{Kind: bot.ScopeClub, ClubID: &c.ID}, testNow.AddDate(0, 0, 7), 60)
	if stats[0].WeekFunds != 21_000_000 {
		t.Fatalf("WeekFunds = %d", stats[0].WeekFunds)
	}
	if n := count(t, d, "fund_reports", "id = ? AND withdrawn_at IS NOT NULL AND note = 'nhầm số'", latest.ID); n != 1 {
		t.Fatal("the withdrawn report is not kept with its reason")
	}
	if n := count(t, d, "audit_log", "entity = 'fund_report' AND action = 'withdraw'"); n != 1 {
		t.Fatalf("withdraw audit rows = %d", n)
	}
	tx(t, d, func(tx *Tx) error {
		wantCode(t, tx.CorrectFundReport(ctx, latest, "", 4, testNow), bot.ECONFLICT)
		return nil
	})
	// With every report withdrawn the club has none.
	tx(t, d, func(tx *Tx) error { return tx.WithdrawFundReport(ctx, older.ID, "sai", 4, testNow) })
	tx(t, d, func(tx *Tx) error {
		_, err := tx.LastFundReport(ctx, c.ID)
		wantCode(t, err, bot.ENOTFOUND)
		return nil
	})
}

func TestCorrectFundReportInPlace(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	r := addReport(t, d, c.ID, day(2025, 8, 14), 200_000_000)
	fixed := r
	fixed.IncomeFund, fixed.AsOf = 20_000_000, testNow
	tx(t, d, func(tx *Tx) error { return tx.CorrectFundReport(ctx, fixed, "thừa số 0", 4, testNow) })
	if n := count(t, d, "fund_reports", ""); n != 1 {
		t.Fatalf("fund reports = %d, want the one corrected in place", n)
	}
	var last bot.FundReport
	tx(t, d, func(tx *Tx) (err error) { last, err = tx.LastFundReport(ctx, c.ID); return err })
	if last.IncomeFund != 20_000_000 || !last.AsOf.Equal(r.AsOf) || last.Note != "thừa số 0" {
		t.Fatalf("corrected report = %+v", last)
	}
	log, _ := d.AuditLog(ctx, 1)
	if log[0].Action != "correct" || !strings.Contains(string(log[0].Before), `"IncomeFund":200000000`) ||
		!strings.Contains(string(log[0].After), `"IncomeFund":20000000`) || !strings.Contains(string(log[0].After), "thừa số 0") {
		t.Fatalf("audit = %+v %s %s", log[0], log[0].Before, log[0].After)
	}
	stats, _ := d.ClubStats(ctx, bot.Scope{Kind: bot.ScopeProvince}, testNow, 60)
	if len(stats) != 1 || stats[0].Corrections != (bot.Corrections{FundsCorrected: 1}) {
		t.Fatalf("stats = %+v", stats)
	}
}
