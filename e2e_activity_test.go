package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
)

// storedActivity returns the club's stored activity reports.
func storedActivity(t *testing.T, dbPath string, clubID int64) []bot.ActivityReport {
	t.Helper()
	db := openStore(t, dbPath)
	defer db.Close()
	var out []bot.ActivityReport
	if err := db.InTx(context.Background(), func(tx bot.Writer) (err error) {
		out, err = tx.ActivityReports(context.Background(), clubID, time.Time{})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestTelegramActivityReportEndToEnd: a leader reports November's life on
// 3 December (the month young: November is offered) through the menu's
// button, in Vietnamese, with a restart of the bot in the middle; then
// corrects it. A leader of another club does the same in English.
func TestTelegramActivityReportEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	hoaSen, hoaMai := seedClub(t, db, "CLB Hoa Sen"), seedClub(t, db, "CLB Hoa Mai")
	viCode, enCode := seedInvite(t, db, hoaSen), seedInvite(t, db, hoaMai)
	db.Close()
	now := func() time.Time { return time.Date(2026, 12, 3, 9, 0, 0, 0, bot.Vietnam()) }
	b := startBotAt(t, srv, dbPath, now, scheduleConfig{Off: true})

	u := newUser(t, srv, 601)
	wantText(t, u.say("/start "+viCode), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.press("📅 Sinh hoạt tháng"), "Bác báo cáo sinh hoạt của tháng nào?")
	wantText(t, u.press("Tháng 11/2026"), "Tháng 11/2026, CLB có họp định kỳ không?")
	wantText(t, u.press("Có"), "CLB họp ngày nào? (ví dụ: 15/11)")
	wantText(t, u.say("3/12"), "Ngày họp phải trong tháng 11/2026, ví dụ: 15/11.")
	wantText(t, u.say("15/11"), "Có bao nhiêu người dự họp?")
	wantText(t, u.say("35"), "CLB đã làm những hoạt động nào?")

	// A restart between two presses: the dialogue goes on where it was.
	b.stop()
	b = startBotAt(t, srv, dbPath, now, scheduleConfig{Off: true})
	wantText(t, u.press("Tình nguyện viên chăm sóc tại nhà"), "CLB đã làm những hoạt động nào?")
	wantText(t, u.press("Sinh hoạt truyền thông"), "CLB đã làm những hoạt động nào?")
	wantText(t, u.press("Xong"), "có bao nhiêu thành viên được thăm, chăm sóc tại nhà?")
	wantText(t, u.say("mot"), "Bác gõ số người bằng chữ số, ví dụ: 10.")
	summary := u.say("6")
	wantText(t, summary, "Họp định kỳ: Có, ngày 15/11/2026, 35 người dự")
	wantText(t, summary, "Hoạt động: Tình nguyện viên chăm sóc tại nhà; Sinh hoạt truyền thông")
	wantText(t, summary, "Số người: 6 thành viên được thăm, chăm sóc tại nhà")
	wantText(t, u.press("Lưu"), "Đã lưu báo cáo sinh hoạt tháng 11/2026")
	// An old button of the dialogue saves nothing twice.
	wantText(t, u.press("Lưu"), "")

	wantText(t, u.say("/activity"), "tháng nào")
	wantText(t, u.press("Tháng 11/2026"), "Tháng 11/2026 CLB đã báo cáo")
	wantText(t, u.press("✏️ Sửa"), "mục nào")
	wantText(t, u.press("Số người dự họp"), "Có bao nhiêu người dự họp?")
	wantText(t, u.say("40"), "Số người dự họp: 35 → 40")
	wantText(t, u.press("Lưu"), "Đã sửa báo cáo sinh hoạt tháng 11/2026")
	status := u.say("/status")
	wantText(t, status, "Họp định kỳ: 1/3 tháng gần nhất (09/2026–11/2026)")
	wantText(t, status, "Hoạt động: còn thiếu: Tăng thu nhập, vay vốn")
	assertNoDuplicateReplies(t, srv, u.chat)

	en := newUser(t, srv, 602)
	wantText(t, en.say("/start "+enCode), "CLB Hoa Mai")
	wantText(t, en.say("/lang en"), "Switched to English")
	wantText(t, en.say("/activity"), "Which month is the report for?")
	wantText(t, en.press("Month 12/2026"), "In 12/2026, did the club hold its regular meeting?")
	wantText(t, en.press("No"), "which activities did the club carry out?")
	wantText(t, en.press("Health care and check-ups"), "which activities")
	wantText(t, en.press("Done"), "the number of members who had a health check?")
	wantText(t, en.say("12"), "Regular meeting: No")
	wantText(t, en.press("Save"), "The activity report for 12/2026 is saved.")
	b.stop()

	if got := storedActivity(t, dbPath, hoaSen); len(got) != 1 || got[0].Attendance != 40 || len(got[0].Done) != 2 ||
		got[0].Done[0].Key != "homecare" || *got[0].Done[0].Count != 6 {
		t.Fatalf("Hoa Sen's reports: %+v", got)
	}
	if got := storedActivity(t, dbPath, hoaMai); len(got) != 1 || got[0].MeetingHeld || len(got[0].Done) != 1 || *got[0].Done[0].Count != 12 {
		t.Fatalf("Hoa Mai's reports: %+v", got)
	}
}

// TestZaloActivityReportEndToEnd: on Zalo the activities are numbered and
// typed as a list ("1 3, 5").
func TestZaloActivityReportEndToEnd(t *testing.T) {
	tg, fake := telegramtest.NewServer(t), zalotest.NewServer(t, nil)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	club := seedClub(t, db, "CLB Hoa Sen")
	code := seedInvite(t, db, club)
	db.Close()
	hook := startZaloBot(t, tg, fake, dbPath)
	u := &zaloUser{t: t, fake: fake, hook: hook, id: "8412345678901234568"}
	wantText(t, u.say(code), "chủ nhiệm CLB Hoa Sen")

	ask := u.say("/activity")
	if strings.Contains(ask, "tháng nào") { // before the reminder's day: the month owed, the previous, is 1)
		wantText(t, ask, "2) Tháng ")
		ask = u.say("1")
	}
	wantText(t, ask, "CLB có họp định kỳ không?")
	activities := u.say("khong")
	wantText(t, activities, "CLB đã làm những hoạt động nào? Bác gõ các số, cách nhau bởi dấu cách, ví dụ: 1 3 5.")
	wantText(t, activities, "9) Xong")
	wantNoButtonWords(t, activities)
	wantText(t, u.say("1 12"), "Bác gõ số của các hoạt động đã làm, cách nhau bởi dấu cách, ví dụ: 1 3 5.")
	wantText(t, u.say("1 3, 5"), "có bao nhiêu thành viên được thăm, chăm sóc tại nhà?")
	summary := u.say("4")
	wantText(t, summary, "Hoạt động: Tăng thu nhập, vay vốn; Tình nguyện viên chăm sóc tại nhà; Quyền lợi, tư vấn pháp luật")
	wantText(t, summary, "1) Lưu")
	wantText(t, u.say("luu"), "Đã lưu báo cáo sinh hoạt tháng")
	wantNoButtonWords(t, summary)

	got := storedActivity(t, dbPath, club)
	if len(got) != 1 || len(got[0].Done) != 3 || got[0].Done[1].Key != "homecare" || *got[0].Done[1].Count != 4 {
		t.Fatalf("stored %+v", got)
	}
}
