package main

import (
	"path/filepath"
	"testing"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
)

// TestZaloLeaderAnswersAnOfficersQuestion: a leader on Zalo, which shows
// no buttons, gets an officer's question with numbered choices and
// answers "1"; the officer on Telegram is told.
func TestZaloLeaderAnswersAnOfficersQuestion(t *testing.T) {
	tg, fake := telegramtest.NewServer(t), zalotest.NewServer(t, nil)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	clubID := seedClub(t, db, "CLB Hoa Sen")
	seedMembersAndFund(t, db, clubID, 15)
	leaderCode, officerCode := seedInvite(t, db, clubID), seedOfficerInvite(t, db)
	db.Close()
	hook := startZaloBot(t, tg, fake, dbPath)
	leader := &zaloUser{t: t, fake: fake, hook: hook, id: "8412345678901234777"}
	officer := newUser(t, tg, 603)
	wantText(t, leader.say(leaderCode), "chủ nhiệm CLB Hoa Sen")
	officer.say("/start " + officerCode)

	for _, answer := range []string{"/fund", "20tr", "2tr", "18tr"} {
		leader.say(answer)
	}
	wantText(t, leader.say("0"), "Bác ghi dư nợ 18.000.000 đ nhưng không có thành viên nào đang vay. Chắc chắn?")
	leader.say("co")
	wantText(t, leader.say("luu"), "Đã lưu báo cáo quỹ")

	wantText(t, officer.say("/review"), "Có dư nợ mà không thành viên nào vay")
	officer.press("Hỏi lại")
	officer.press("Bác kiểm tra lại giúp: các số liệu này có đúng không?")
	wantText(t, officer.press("Lưu"), "Đã gửi câu hỏi")
	question := leader.reply()
	wantText(t, question, "Cán bộ Hội hỏi về báo cáo quỹ")
	wantText(t, question, "1) Đúng")
	wantText(t, question, "2) Sửa")
	wantText(t, leader.say("1"), "Cảm ơn bác, đã báo lại cán bộ Hội là số liệu đúng.")
	wantText(t, officer.reply(), "Chủ nhiệm CLB Hoa Sen xác nhận báo cáo quỹ")
}
