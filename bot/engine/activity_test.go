package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/digest"
)

// activityReports returns the club's stored activity reports.
func (h *harness) activityReports() []bot.ActivityReport {
	h.t.Helper()
	var out []bot.ActivityReport
	if err := h.db.InTx(h.ctx, func(tx bot.Writer) (err error) {
		out, err = tx.ActivityReports(h.ctx, h.clubID, time.Time{})
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return out
}

// TestActivityReportIsSavedOnceAndCorrected: the whole dialogue on 29
// November (past the reminder's day: the month is November), then a
// second /activity that corrects the report in place, and a third that
// keeps it.
func TestActivityReportIsSavedOnceAndCorrected(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	for _, name := range []string{"Lê Văn Tám", "Lê Thị Chín", "Lê Văn Mười"} {
		h.addMember("1", name, "1955")
	}
	expect(t, h.say("1", "/activity"), "Tháng 11/2026, CLB có họp định kỳ không?")
	expect(t, h.press("1", "Có"), "CLB họp ngày nào? (ví dụ: 15/11)")
	expect(t, h.say("1", "15/10"), "Ngày họp phải trong tháng 11/2026, ví dụ: 15/11.")
	expect(t, h.say("1", "15/11"), "Có bao nhiêu người dự họp?")
	expect(t, h.say("1", "30"), "CLB hiện có 3 thành viên, bác gõ số người dự họp từ 0 đến 3, ví dụ: 2.")
	expect(t, h.say("1", "3 nguoi"), "CLB đã làm những hoạt động nào?")
	expect(t, h.press("1", "Văn hoá, văn nghệ, thể thao"), "CLB đã làm những hoạt động nào?") // its button now reads "✅ Văn hoá…"
	expect(t, h.press("1", "Chăm sóc sức khoẻ, khám sức khoẻ"), "CLB đã làm những hoạt động nào?")
	expect(t, h.press("1", "✅ Văn hoá, văn nghệ, thể thao"), "CLB đã làm những hoạt động nào?") // off again
	expect(t, h.press("1", "Văn hoá, văn nghệ, thể thao"), "CLB đã làm những hoạt động nào?")
	expect(t, h.press("1", "Xong"), "có bao nhiêu thành viên được khám sức khoẻ?")
	summary := h.say("1", "2")
	expect(t, summary, "Họp định kỳ: Có, ngày 15/11/2026, 3 người dự")
	expect(t, summary, "Hoạt động: Chăm sóc sức khoẻ, khám sức khoẻ; Văn hoá, văn nghệ, thể thao")
	expect(t, summary, "Số người: 2 thành viên được khám sức khoẻ")
	expect(t, h.press("1", "Lưu"), "Đã lưu báo cáo sinh hoạt tháng 11/2026")
	saved := h.activityReports()
	if len(saved) != 1 || saved[0].Attendance != 3 || len(saved[0].Done) != 2 || *saved[0].Done[0].Count != 2 {
		t.Fatalf("saved %+v", saved)
	}

	expect(t, h.say("1", "/activity"), "Tháng 11/2026 CLB đã báo cáo")
	expect(t, h.say("1", "sua"), "mục nào")
	expect(t, h.press("1", "Số người dự họp"), "Có bao nhiêu người dự họp?")
	fix := h.say("1", "2")
	expect(t, fix, "Số người dự họp: 3 → 2")
	expect(t, h.say("1", "luu"), "Đã sửa báo cáo sinh hoạt tháng 11/2026")
	if got := h.activityReports(); len(got) != 1 || got[0].Attendance != 2 || got[0].ID != saved[0].ID {
		t.Fatalf("after the correction %+v", got)
	}
	log, err := h.db.AuditLog(h.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		if e.Entity == "activity_report" {
			actions = append(actions, e.Action)
		}
	}
	if strings.Join(actions, ",") != "correct,create" {
		t.Fatalf("audit %v", actions)
	}
	expect(t, h.say("1", "/activity"), "Bác muốn sửa hay giữ nguyên?")
	expect(t, h.press("1", "Giữ nguyên"), "giữ nguyên như đã lưu")
	if got := h.activityReports(); len(got) != 1 || got[0].Attendance != 2 {
		t.Fatalf("after keeping %+v", got)
	}
}

// TestActivityMonthIsChosenWhileYoung: before the reminder's day the
// previous month is offered too; no meeting skips its day and attendance.
func TestActivityMonthIsChosenWhileYoung(t *testing.T) {
	h := newHarness(t)
	h.now = time.Date(2026, 12, 3, 9, 0, 0, 0, bot.Vietnam())
	h.onboard("1")
	ask := h.say("1", "/activity")
	expect(t, ask, "Bác báo cáo sinh hoạt của tháng nào?")
	expect(t, h.press("1", "Tháng 11/2026"), "Tháng 11/2026, CLB có họp định kỳ không?")
	expect(t, h.say("1", "khong"), "Tháng 11/2026, CLB đã làm những hoạt động nào?")
	expect(t, h.say("1", "/back"), "CLB có họp định kỳ không?")
	expect(t, h.say("1", "k"), "CLB đã làm những hoạt động nào?")
	summary := h.say("1", "1 4")
	expect(t, summary, "Họp định kỳ: Không")
	expect(t, summary, "Hoạt động: Tăng thu nhập, vay vốn; Văn hoá, văn nghệ, thể thao")
	expect(t, h.say("1", "luu"), "Đã lưu báo cáo sinh hoạt tháng 11/2026")
	if got := h.activityReports(); len(got) != 1 || got[0].MeetingHeld || !got[0].Month.Equal(time.Date(2026, 11, 1, 0, 0, 0, 0, bot.Vietnam())) {
		t.Fatalf("saved %+v", got)
	}
	expect(t, h.say("1", "/activity"), "Bác báo cáo sinh hoạt của tháng nào?")
	expect(t, h.say("1", "/cancel"), "huỷ")
	if got := h.activityReports(); len(got) != 1 {
		t.Fatalf("after /cancel %+v", got)
	}
}

// TestReminderOffersTheActivityReport: the monthly reminder has a second
// button that starts /activity, until the month is reported.
func TestReminderOffersTheActivityReport(t *testing.T) {
	h := newHarness(t)
	r := h.onboardLeader("1")
	composer := digest.ReminderComposer{Store: h.db, ReminderDay: 25}
	msgs, err := composer.Compose(h.ctx, r, h.now)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("reminder: %v %v", msgs, err)
	}
	numbered := dialogue.NumberedHTML(msgs[0])
	expect(t, numbered, "1) 💰 Báo cáo quỹ")
	expect(t, numbered, "2) 📅 Báo cáo sinh hoạt")
	expect(t, numbered, "CLB cũng chưa báo cáo sinh hoạt tháng 11: bác chọn Báo cáo sinh hoạt.")
	if strings.Contains(numbered, "bấm") || strings.Contains(numbered, "nút") {
		t.Errorf("the reminder speaks of buttons: %q", numbered)
	}
	h.last["1"] = msgs[0]
	expect(t, h.press("1", "📅 Báo cáo sinh hoạt"), "Tháng 11/2026, CLB có họp định kỳ không?")
	for _, answer := range []string{"khong", "xong", "luu"} {
		h.say("1", answer)
	}
	msgs, err = composer.Compose(h.ctx, r, h.now)
	if err != nil || len(msgs) != 1 || len(msgs[0].Buttons) != 1 || strings.Contains(msgs[0].Text, "sinh hoạt") {
		t.Fatalf("reminder once the month's activities are reported: %+v %v", msgs, err)
	}
}

// TestClubLifeIsOneRule: on every day, the leader's /status, the officer's
// /club and /status, the digest and the spreadsheet agree on a club's
// meetings in the quarter, its full set and two months without a meeting.
func TestClubLifeIsOneRule(t *testing.T) {
	h := newAnswersHarness(t, time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam()), time.Date(2024, 3, 1, 0, 0, 0, 0, bot.Vietnam()), 20_000_000)
	plans, err := h.db.Plans(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var all []bot.ActivityDone
	for _, k := range plans[0].FullSetKeys {
		all = append(all, bot.ActivityDone{Key: k})
	}
	for _, r := range []bot.ActivityReport{
		{Month: time.Date(2025, 5, 1, 0, 0, 0, 0, bot.Vietnam()), MeetingHeld: true, Done: all},
		{Month: time.Date(2025, 7, 1, 0, 0, 0, 0, bot.Vietnam()), MeetingHeld: true},
	} {
		on := r.Month.AddDate(0, 0, 9)
		r.ClubID, r.MeetingOn = h.clubID, &on
		if err := h.db.InTx(h.ctx, func(tx bot.Writer) error { return tx.AddActivityReport(h.ctx, &r, 0, h.now) }); err != nil {
			t.Fatal(err)
		}
	}
	expect(t, h.say(province, "/history"), "Báo cáo sinh hoạt tháng 07/2025 của CLB Hoa Sen: họp ngày 10/07/2025, 0 người dự, 0 hoạt động")
	for _, c := range []struct {
		day       time.Time
		met       string
		full      bool
		noMeeting bool
	}{
		{time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam()), "2", true, false},  // May to July
		{time.Date(2025, 9, 25, 9, 0, 0, 0, bot.Vietnam()), "1", false, true},  // July to September
		{time.Date(2025, 9, 24, 9, 0, 0, 0, bot.Vietnam()), "1", false, false}, // June to August: July's meeting
	} {
		h.now = c.day
		when := c.day.Format("02/01")
		leaderStatus := h.say(leader, "/status")
		clubStatus := h.say(province, "/club hoa sen")
		status := h.say(province, "/status")
		dig := h.say(province, "/digest")
		sheet := h.spreadsheet(province)
		met, _ := sheet.GetCellValue("CLB", "S2")
		fullCell, _ := sheet.GetCellValue("CLB", "T2")
		for _, s := range []string{leaderStatus, clubStatus} {
			if !strings.Contains(s, "Họp định kỳ: "+c.met+"/3") || strings.Contains(s, "đủ các hoạt động trong 3 tháng") != c.full {
				t.Errorf("%s: a club's status disagrees (met %s, full %v):\n%s", when, c.met, c.full, s)
			}
		}
		fullShare := "CLB làm đủ các hoạt động: 0/1"
		if c.full {
			fullShare = "CLB làm đủ các hoạt động: 1/1"
		}
		if !strings.Contains(status, fullShare) || strings.Contains(status, "1 CLB 2 tháng nay chưa báo cáo có họp") != c.noMeeting {
			t.Errorf("%s: officers' /status disagrees:\n%s", when, status)
		}
		if !strings.Contains(dig, fullShare) || strings.Contains(dig, "2 tháng chưa báo cáo có họp") != c.noMeeting {
			t.Errorf("%s: the digest disagrees:\n%s", when, dig)
		}
		if met != c.met || (fullCell == "Đạt") != c.full {
			t.Errorf("%s: the spreadsheet says %s months, %q", when, met, fullCell)
		}
	}
}
