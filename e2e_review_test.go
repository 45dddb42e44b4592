package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// openReviews reads the reviews awaiting an officer in the province.
func openReviews(t testing.TB, db *store.DB) []bot.FundReview {
	t.Helper()
	var out []bot.FundReview
	err := db.InTx(context.Background(), func(tx bot.Writer) (err error) {
		out, err = tx.OpenReviews(context.Background(), bot.Scope{Kind: bot.ScopeProvince})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// reviewWords are what each language's users see and press in the review
// dialogue.
type reviewWords struct {
	lang, sure, figures, yes, save, saved                 string
	list, flag, before, ask, ready, sendQ, sent, question string
	fix, which, loansField, loansQ, officerTold, empty    string
	askWhat                                               string
}

var reviewLangs = []reviewWords{
	{lang: "vi", sure: "Chắc chắn?", figures: "Bác ghi dư nợ 0 đ nhưng có 12 thành viên đang vay", yes: "Có", save: "Lưu",
		saved: "Đã lưu báo cáo quỹ", list: "1 báo cáo quỹ chờ duyệt", flag: "• Dư nợ 0 mà có thành viên đang vay",
		before: "Dư nợ: 18.000.000 đ → 0 đ", ask: "Hỏi lại", ready: "Bác kiểm tra lại giúp: các số liệu này có đúng không?",
		sendQ: "Gửi chủ nhiệm", sent: "Đã gửi câu hỏi", question: "Cán bộ Hội hỏi về báo cáo quỹ", fix: "Sửa",
		which: "Bác sửa số liệu báo cáo quỹ", loansField: "Dư nợ cho vay", loansQ: "dư nợ",
		officerTold: "đã sửa báo cáo quỹ: quỹ tăng thu nhập 20.000.000 đ, quỹ hoạt động 2.000.000 đ, dư nợ 18.000.000 đ, 12 thành viên đang vay",
		empty:       "Không có báo cáo quỹ nào chờ duyệt", askWhat: "Câu hỏi về báo cáo quỹ ngày 03/12/2026 của CLB Hoa Sen"},
	{lang: "en", sure: "Are you sure?", figures: "You wrote loans outstanding of 0 đ, yet 12 members have loans", yes: "Yes", save: "Save",
		saved: "saved. Thank you", list: "Fund reports awaiting review: 1", flag: "• No loans outstanding, yet members with loans",
		before: "Loans outstanding: 18.000.000 đ → 0 đ", ask: "Ask again", ready: "Please check again: are these figures right?",
		sendQ: "Send the leader", sent: "The question went to the leader", question: "An Association officer asks about the fund report",
		fix: "Correct", which: "Correct the fund report", loansField: "Loans outstanding", loansQ: "loans",
		officerTold: "corrected the fund report: income fund 20.000.000 đ, activity fund 2.000.000 đ, loans outstanding 18.000.000 đ, 12 members with loans",
		empty:       "No fund report awaits review", askWhat: "A question about the fund report of 03/12/2026 of CLB Hoa Sen"},
}

// TestFundCheckReviewAndCorrection: a leader reports loans of 0 with 12
// borrowers, sees both figures in "are you sure?" and confirms; an officer
// finds the report in /review and asks again; the leader corrects it; the
// database holds the correction and the review is resolved.
func TestFundCheckReviewAndCorrection(t *testing.T) {
	for _, w := range reviewLangs {
		t.Run(w.lang, func(t *testing.T) { runFundReview(t, w) })
	}
}

func runFundReview(t *testing.T, w reviewWords) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	clubID := seedClub(t, db, "CLB Hoa Sen")
	seedMembersAndFund(t, db, clubID, 15)
	leaderCode, officerCode := seedInvite(t, db, clubID), seedOfficerInvite(t, db)
	startBot(t, srv, dbPath)
	leader, officer := newUser(t, srv, 601), newUser(t, srv, 602)
	leader.say("/start " + leaderCode)
	officer.say("/start " + officerCode)
	if w.lang == "en" {
		leader.say("/lang en")
		officer.say("/lang en")
	}

	leader.say("/fund")
	leader.say("20tr")
	leader.say("2tr")
	leader.say("0")
	sure := leader.say("12")
	wantText(t, sure, w.figures)
	wantText(t, sure, w.sure)
	leader.press(w.yes)
	wantText(t, leader.press(w.save), w.saved)
	reviews := openReviews(t, db)
	if len(reviews) != 1 || strings.Join(reviews[0].Flags, ",") != bot.CheckNoLoans {
		t.Fatalf("reviews after a report with loans 0 and 12 borrowers: %+v", reviews)
	}

	list := officer.say("/review")
	wantText(t, list, w.list)
	wantText(t, list, "CLB Hoa Sen")
	wantText(t, list, w.flag)
	wantText(t, list, w.before)
	wantText(t, officer.press(w.ask), w.askWhat)
	wantText(t, officer.press(w.ready), w.sendQ)
	wantText(t, officer.press(w.save), w.sent)
	question := leader.reply()
	wantText(t, question, w.question)
	wantText(t, question, w.ready)

	wantText(t, leader.press(w.fix), w.which)
	wantText(t, strings.ToLower(leader.press(w.loansField)), w.loansQ)
	leader.say("18tr")
	wantText(t, leader.press(w.save), w.saved)
	wantText(t, officer.reply(), w.officerTold)

	var last bot.FundReport
	var resolved bot.FundReview
	err := db.InTx(context.Background(), func(tx bot.Writer) (err error) {
		if last, err = tx.LastFundReport(context.Background(), clubID); err != nil {
			return err
		}
		resolved, err = tx.FundReview(context.Background(), reviews[0].ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if last.LoansOutstanding != 18_000_000 || last.MembersWithLoans != 12 || last.IncomeFund != 20_000_000 {
		t.Errorf("the corrected report: %+v", last)
	}
	if resolved.Resolution != bot.ResolvedCorrected || resolved.Resolved.IsZero() {
		t.Errorf("the review after the correction: %+v", resolved)
	}
	wantText(t, officer.say("/review"), w.empty)
}
