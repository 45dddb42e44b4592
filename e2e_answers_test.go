package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// TestAnswersAgreeEndToEnd drives, through the fake Telegram server, a
// club registered with a 10.000.000 đ starting fund whose leader reports
// 25.000.000 đ of funds: the leader's /status, the officer's /status,
// /club and /digest all measure the registered starting fund. Then the
// clock passes the end of the 1336 plan: the digest shows its final result
// and how to load the next plan, the leader's /status warns of the late
// fund report, and an area without clubs says so, in Vietnamese and
// English.
func TestAnswersAgreeEndToEnd(t *testing.T) {
	clk := &movableClock{now: time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam())}
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath, store.WithClock(clk.Now))
	ctx := context.Background()
	unit, err := db.UnitByName(ctx, bot.LevelCommune, "Móng Cái 1")
	if err != nil {
		t.Fatal(err)
	}
	club := bot.Club{Name: "CLB Hoa Sen", UnitID: unit.ID, FoundedOn: time.Date(2024, 3, 1, 0, 0, 0, 0, bot.Vietnam()),
		Status: bot.ClubActive, StartingFund: 10_000_000}
	if err := db.CreateClub(ctx, &club, 0, clk.Now()); err != nil {
		t.Fatal(err)
	}
	m := bot.Member{ClubID: club.ID, FullName: "Nguyễn Thị Hoa", Gender: bot.Female, BirthYear: 1950,
		Household: bot.HouseholdNeither, JoinedOn: clk.Now()}
	if err := db.InTx(ctx, func(tx bot.Writer) error { return tx.AddMember(ctx, &m, 0, clk.Now()) }); err != nil {
		t.Fatal(err)
	}
	code := seedInvite(t, db, club.ID)
	for id, lang := range map[string]string{"701": "vi", "702": "en"} {
		officer := bot.User{Name: "Cán bộ " + id, Lang: lang, Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
		if err := db.CreateUser(ctx, &officer); err != nil {
			t.Fatal(err)
		}
		if err := db.AddAccount(ctx, bot.Account{Channel: "telegram", ChannelUserID: id, UserID: officer.ID}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	startBotAt(t, srv, dbPath, clk.Now, scheduleConfig{Off: true})

	leader, vi, en := newUser(t, srv, 601), newUser(t, srv, 701), newUser(t, srv, 702)
	wantText(t, leader.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, leader.say("/fund"), "Quỹ tăng thu nhập")
	for _, answer := range []string{"20tr", "5tr", "15tr", "1"} {
		leader.say(answer)
	}
	wantText(t, leader.press("Lưu"), "Đã lưu báo cáo quỹ")

	short := "⚠️ Vốn ban đầu: 10.000.000 đ (kế hoạch từ 20.000.000 đ)"
	wantText(t, leader.say("/status"), short)
	wantText(t, vi.say("/club hoa sen"), short)
	wantText(t, vi.say("/status"), "⚠️ CLB có vốn ban đầu từ 20.000.000 đ: 0/1")
	wantText(t, digestOf(vi), "⚠️ CLB có vốn ban đầu từ 20.000.000 đ: 0/1 (0%)")
	wantText(t, digestOf(en), "⚠️ Clubs with a starting fund of 20.000.000 đ or more: 0/1 (0%)")

	clk.Set(time.Date(2026, 12, 3, 9, 0, 0, 0, bot.Vietnam()))
	wantText(t, leader.say("/status"), "⚠️ CLB chưa báo cáo quỹ từ đầu tháng 11/2026. Bác gõ /fund để báo cáo.")
	digest := digestOf(vi)
	wantText(t, digest, "🏁 Kế hoạch đến 31/12/2025 đã kết thúc: đạt 1/191 CLB, 1/85 CLB thành lập mới.")
	wantText(t, digest, "CLUBBOT_PLAN_FILE")
	wantText(t, vi.say("/status"), "🏁 Kế hoạch đến 31/12/2025 đã kết thúc")
	wantText(t, vi.say("/area Cô Tô"), "Chưa có CLB.")
	wantText(t, digestOf(en), "🏁 The plan to 31/12/2025 has ended: 1/191 clubs, 1/85 new clubs.")
	wantText(t, en.say("/area Co To"), "No clubs yet.")
	leader.say("/lang en")
	wantText(t, leader.say("/status"), "The club has not reported its funds since the start of 11/2026. Type /fund to report.")
}

// digestOf asks for /digest and returns its text once its chart has come
// too.
func digestOf(u *tgUser) string {
	u.t.Helper()
	u.srv.SendCommand(u.chat, u.user, "digest", "")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sent, err := u.srv.WaitSent(ctx, u.chat, u.seen+2)
	if err != nil {
		u.t.Fatalf("no digest and chart: %v", err)
	}
	text := sent[u.seen].Text
	u.seen = len(sent)
	return text
}
