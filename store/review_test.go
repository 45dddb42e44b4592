package store

import (
	"context"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// addReviewedReport stores a fund report of the club, in tx, and returns it.
func addReviewedReport(t *testing.T, tx *Tx, clubID int64, loans int64, borrowers int, at time.Time) bot.FundReport {
	t.Helper()
	r := bot.FundReport{ClubID: clubID, AsOf: at, IncomeFund: 20_000_000, ActivityFund: 2_000_000,
		LoansOutstanding: loans, MembersWithLoans: borrowers}
	if err := tx.AddFundReport(context.Background(), &r, 0, at); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestFundReviews: a flagged report is reviewed once, listed in its
// scope only with the report before it, asked about, then resolved once
// with an audit entry; a dissolved club's reviews are not listed.
func TestFundReviews(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	other, err := d.UnitByName(ctx, bot.LevelCommune, "Cô Tô")
	if err != nil {
		t.Fatal(err)
	}
	province := bot.Scope{Kind: bot.ScopeProvince}
	elsewhere := bot.Scope{Kind: bot.ScopeUnit, UnitID: &other.ID}
	var v bot.FundReview
	tx(t, d, func(tx *Tx) error {
		prev := addReviewedReport(t, tx, c.ID, 18_000_000, 12, testNow.AddDate(0, -1, 0))
		r := addReviewedReport(t, tx, c.ID, 0, 12, testNow)
		v = bot.FundReview{ReportID: r.ID, ClubID: c.ID, Flags: []string{bot.CheckNoLoans}, Previous: &prev}
		if err := tx.AddFundReview(ctx, &v, testNow); err != nil {
			return err
		}
		again := v
		again.ID = 0
		if err := tx.AddFundReview(ctx, &again, testNow); err != nil || again.ID != v.ID {
			t.Errorf("a second review of the same report: %+v %v", again, err)
		}
		return nil
	})
	if n := count(t, d, "fund_reviews", ""); n != 1 {
		t.Fatalf("%d reviews, want 1", n)
	}
	tx(t, d, func(tx *Tx) error {
		open, err := tx.OpenReviews(ctx, province)
		if err != nil || len(open) != 1 || open[0].ClubName != "CLB Hoa Sen" || open[0].Report.LoansOutstanding != 0 ||
			open[0].Previous == nil || open[0].Previous.LoansOutstanding != 18_000_000 || open[0].Flags[0] != bot.CheckNoLoans {
			t.Errorf("open reviews of the province: %+v %v", open, err)
		}
		if n, err := tx.CountOpenReviews(ctx, elsewhere); err != nil || n != 0 {
			t.Errorf("open reviews in Cô Tô: %d %v", n, err)
		}
		if err := tx.AskReview(ctx, v.ID, "  Có đúng không? ", 0, testNow); err != nil {
			return err
		}
		waiting, err := tx.UndeliveredQuestions(ctx, c.ID)
		if err != nil || len(waiting) != 1 || waiting[0].Question != "Có đúng không?" {
			t.Errorf("undelivered questions: %+v %v", waiting, err)
		}
		if err := tx.MarkReviewDelivered(ctx, v.ID, testNow); err != nil {
			return err
		}
		if waiting, _ := tx.UndeliveredQuestions(ctx, c.ID); len(waiting) != 0 {
			t.Errorf("a delivered question still waits: %+v", waiting)
		}
		done, err := tx.ResolveReview(ctx, v.ID, bot.ResolvedApproved, 0, testNow)
		if err != nil || !done {
			t.Errorf("resolve: %v %v", done, err)
		}
		if done, err := tx.ResolveReview(ctx, v.ID, bot.ResolvedConfirmed, 0, testNow); err != nil || done {
			t.Errorf("resolved twice: %v %v", done, err)
		}
		n, err := tx.CountOpenReviews(ctx, province)
		if err != nil || n != 0 {
			t.Errorf("open reviews after approval: %d %v", n, err)
		}
		wantCode(t, tx.AskReview(ctx, v.ID, "?", 0, testNow), bot.ENOTFOUND)
		return nil
	})
	if n := count(t, d, "audit_log", "entity = 'fund_review' AND action = ?", bot.ResolvedApproved); n != 1 {
		t.Errorf("%d audit entries of the approval", n)
	}
	tx(t, d, func(tx *Tx) error {
		r := addReviewedReport(t, tx, c.ID, 5_000_000, 0, testNow.Add(time.Hour))
		return tx.AddFundReview(ctx, &bot.FundReview{ReportID: r.ID, ClubID: c.ID, Flags: []string{bot.CheckNoBorrowers}}, testNow)
	})
	if n, _ := d.CountOpenReviews(ctx, province); n != 1 {
		t.Errorf("open reviews: %d, want 1", n)
	}
	tx(t, d, func(tx *Tx) error { return tx.DissolveClub(ctx, c.ID, 0, testNow) })
	if n, _ := d.CountOpenReviews(ctx, province); n != 0 {
		t.Errorf("a dissolved club's reviews are still counted: %d", n)
	}
}

// TestClubLifeCycle renames and dissolves a club and unlinks its leader,
// each with an audit entry; lookups by part of the new name work.
func TestClubLifeCycle(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	inv := newInvite(t, d, "hash-1", "", c, testNow.Add(time.Hour))
	tx(t, d, func(tx *Tx) error {
		_, err := tx.RedeemInvite(ctx, inv.ID, bot.User{Name: "Lan"}, bot.Account{Channel: "telegram", ChannelUserID: "5"}, testNow)
		return err
	})
	tx(t, d, func(tx *Tx) error {
		r := addReviewedReport(t, tx, c.ID, 0, 3, testNow)
		v := bot.FundReview{ReportID: r.ID, ClubID: c.ID, Flags: []string{bot.CheckNoLoans}}
		if err := tx.AddFundReview(ctx, &v, testNow); err != nil {
			return err
		}
		if err := tx.AskReview(ctx, v.ID, "Đúng không?", 0, testNow); err != nil {
			return err
		}
		return tx.MarkReviewDelivered(ctx, v.ID, testNow)
	})
	tx(t, d, func(tx *Tx) error {
		if err := tx.RenameClub(ctx, c.ID, "  CLB  Hoa Mai ", 0, testNow); err != nil {
			return err
		}
		wantCode(t, tx.RenameClub(ctx, c.ID, " ", 0, testNow), bot.EINVALID)
		leaders, err := tx.ClubLeaders(ctx, c.ID)
		if err != nil || len(leaders) != 1 || leaders[0].ChatID != "5" {
			t.Errorf("leaders: %+v %v", leaders, err)
		}
		names, err := tx.UnlinkClubLeaders(ctx, c.ID, 0, testNow)
		if err != nil || len(names) != 1 || names[0] != "Lan" {
			t.Errorf("unlinked: %v %v", names, err)
		}
		if leaders, _ := tx.ClubLeaders(ctx, c.ID); len(leaders) != 0 {
			t.Errorf("leaders after unlinking: %+v", leaders)
		}
		if waiting, _ := tx.UndeliveredQuestions(ctx, c.ID); len(waiting) != 1 {
			t.Errorf("the old leader's question does not wait for the new one: %+v", waiting)
		}
		if err := tx.DissolveClub(ctx, c.ID, 0, testNow); err != nil {
			return err
		}
		return tx.DissolveClub(ctx, c.ID, 0, testNow) // once only
	})
	found, err := d.ClubsByName(ctx, "hoa mai")
	if err != nil || len(found) != 1 || found[0].Name != "CLB Hoa Mai" || found[0].Status != bot.ClubDissolved {
		t.Errorf("clubs by name after the changes: %+v %v", found, err)
	}
	for action, want := range map[string]int{"rename": 1, "change_leader": 1, "dissolve": 1} {
		if n := count(t, d, "audit_log", "entity = 'club' AND action = ?", action); n != want {
			t.Errorf("audit entries %s: %d, want %d", action, n, want)
		}
	}
	if n := count(t, d, "accounts", ""); n != 0 {
		t.Errorf("%d accounts after unlinking the leader", n)
	}
	// Dissolving a club unlinks its leader too.
	other := newClub(t, d, "CLB Bình Minh")
	inv = newInvite(t, d, "hash-2", "", other, testNow.Add(time.Hour))
	tx(t, d, func(tx *Tx) error {
		if _, err := tx.RedeemInvite(ctx, inv.ID, bot.User{Name: "Hùng"}, bot.Account{Channel: "zalo", ChannelUserID: "6"}, testNow); err != nil {
			return err
		}
		return tx.DissolveClub(ctx, other.ID, 0, testNow)
	})
	if n := count(t, d, "accounts", ""); n != 0 {
		t.Errorf("%d accounts after dissolving the club", n)
	}
	if n := count(t, d, "audit_log", "entity = 'club' AND action = 'dissolve' AND before LIKE '%Hùng%'"); n != 1 {
		t.Errorf("the dissolution's audit entry does not name the leader unlinked")
	}
}

// TestAWithdrawnReportLeavesReview: a leader who withdraws a report under
// review (/fundfix) takes it off the officers' list and count, and any
// question about it is no longer delivered.
func TestAWithdrawnReportLeavesReview(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	province := bot.Scope{Kind: bot.ScopeProvince}
	var v bot.FundReview
	tx(t, d, func(tx *Tx) error {
		r := addReviewedReport(t, tx, c.ID, 0, 12, testNow)
		v = bot.FundReview{ReportID: r.ID, ClubID: c.ID, Flags: []string{bot.CheckNoLoans}}
		return tx.AddFundReview(ctx, &v, testNow)
	})
	tx(t, d, func(tx *Tx) error {
		if n, err := tx.CountOpenReviews(ctx, province); err != nil || n != 1 {
			t.Errorf("before the withdrawal: %d open reviews, %v; want 1", n, err)
		}
		return tx.WithdrawFundReport(ctx, v.ReportID, "nhầm số", 0, testNow)
	})
	tx(t, d, func(tx *Tx) error {
		open, err := tx.OpenReviews(ctx, province)
		if err != nil || len(open) != 0 {
			t.Errorf("after the withdrawal: open reviews %+v, %v; want none", open, err)
		}
		if n, err := tx.CountOpenReviews(ctx, province); err != nil || n != 0 {
			t.Errorf("after the withdrawal: %d open reviews, %v; want 0", n, err)
		}
		for name, list := range map[string]func(context.Context, int64) ([]bot.FundReview, error){
			"undelivered": tx.UndeliveredQuestions, "delivered": tx.DeliveredQuestions,
		} {
			if qs, err := list(ctx, c.ID); err != nil || len(qs) != 0 {
				t.Errorf("%s questions after the withdrawal: %+v, %v; want none", name, qs, err)
			}
		}
		return nil
	})
}
