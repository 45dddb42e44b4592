package engine_test

import (
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
)

// TestAQuestionWaitsForTheLeadersDialogue: a leader in the middle of a
// dialogue is not interrupted by an officer's question; it comes when the
// dialogue ends, and "Đúng" resolves the review and tells the officer.
func TestAQuestionWaitsForTheLeadersDialogue(t *testing.T) {
	h := newOfficerHarness(t)
	h.say(leader, "/fund")
	for _, answer := range []string{"20tr", "2tr", "0"} {
		h.say(leader, answer)
	}
	expect(t, h.say(leader, "1"), "Bác ghi dư nợ 0 đ nhưng có 1 thành viên đang vay. Chắc chắn?")
	h.say(leader, "co")
	expect(t, h.say(leader, "luu"), "Đã lưu báo cáo quỹ")
	expect(t, h.say(leader, "/member"), "Họ và tên")

	list := h.say(province, "/review")
	expect(t, list, "Dư nợ: 15.000.000 đ → 0 đ")
	expect(t, list, "Cần xem:\n• Dư nợ 0 mà có thành viên đang vay")
	h.press(province, "Hỏi lại")
	h.press(province, "Tự viết")
	expect(t, h.say(province, "Du no 0 ma 1 nguoi vay, dung khong?"), "Gửi chủ nhiệm CLB Hoa Sen câu hỏi: “Du no 0 ma 1 nguoi vay, dung khong?”?")
	sent := h.press(province, "Lưu")
	expect(t, sent, "đang làm dở một việc khác")
	if strings.Contains(sent, "Cán bộ Hội hỏi") {
		t.Fatalf("the question interrupted the leader's dialogue:\n%s", sent)
	}
	if got := h.say(leader, "Nguyễn Văn Bình"); strings.Contains(got, "Cán bộ Hội hỏi") {
		t.Fatalf("the question came in the middle of the dialogue:\n%s", got)
	}
	question := h.say(leader, "/cancel")
	expect(t, question, "Cán bộ Hội hỏi về báo cáo quỹ ngày 29/11/2026 của CLB Hoa Sen:\n“Du no 0 ma 1 nguoi vay, dung khong?”")
	expect(t, question, "Dư nợ: 0 đ")
	expect(t, h.say(province, "/review"), "Đã hỏi lại chủ nhiệm")

	asked := h.last[leader]
	answered := h.press(leader, "Đúng")
	expect(t, answered, "Cảm ơn bác, đã báo lại cán bộ Hội là số liệu đúng.")
	expect(t, answered, "Chủ nhiệm CLB Hoa Sen xác nhận báo cáo quỹ ngày 29/11/2026 là đúng.")
	expect(t, h.say(province, "/review"), "Không có báo cáo quỹ nào chờ duyệt")
	expect(t, h.say(area, "/history"), "Chủ nhiệm xác nhận báo cáo quỹ CLB Hoa Sen ngày 29/11/2026 là đúng")
	h.last[leader] = asked
	expect(t, h.press(leader, "Đúng"), "Câu hỏi này đã được trả lời rồi ạ.")
}

// TestReviewIsForOfficersInScope: a leader cannot use /review, an officer
// of another area does not see the report, and Approve resolves it.
func TestReviewIsForOfficersInScope(t *testing.T) {
	h := newOfficerHarness(t)
	h.say(leader, "/fund")
	expect(t, h.say(leader, "0"), "Lần báo cáo trước quỹ này còn 20.000.000 đ, nay là 0 đ. Chắc chắn?")
	for _, answer := range []string{"co", "2tr", "15tr", "1", "luu"} {
		h.say(leader, answer)
	}
	expect(t, h.say(leader, "/review"), "Chức năng này dành cho cán bộ Hội")
	expect(t, h.say(area, "/review"), "1 báo cáo quỹ chờ duyệt")
	expect(t, h.say(area, "/digest"), "1 báo cáo quỹ chờ duyệt (/review)")
	// /digest AREA counts the reviews of that area only.
	expect(t, h.say(admin, "/digest Móng Cái"), "1 báo cáo quỹ chờ duyệt (/review)")
	if got := h.say(admin, "/digest Cô Tô"); strings.Contains(got, "chờ duyệt") {
		t.Errorf("Cô Tô's digest counts Móng Cái's review:\n%s", got)
	}
	list := h.say(admin, "/review")
	expect(t, list, "• Quỹ tăng thu nhập về 0\n• Quỹ thay đổi quá một nửa")
	expect(t, h.press(admin, "Duyệt"), "Đã duyệt báo cáo quỹ ngày 29/11/2026 của CLB Hoa Sen.")
	expect(t, h.press(area, "Duyệt"), "Báo cáo này đã được xử lý")
	expect(t, h.say(area, "/review"), "Không có báo cáo quỹ nào chờ duyệt")
	expect(t, h.say(area, "/history"), "Duyệt báo cáo quỹ CLB Hoa Sen ngày 29/11/2026")
}

// TestTypedAnswersToAQuestion: on a channel without buttons the leader
// types the choice's number while the question is the last message, and
// "dung" or "sua" at any time; later, a number is the menu's again.
func TestTypedAnswersToAQuestion(t *testing.T) {
	h := newOfficerHarness(t)
	h.say(leader, "/fund")
	for _, answer := range []string{"20tr", "2tr", "0", "1", "co", "luu"} {
		h.say(leader, answer)
	}
	h.say(province, "/review")
	h.press(province, "Hỏi lại")
	h.press(province, "Bác kiểm tra lại giúp: các số liệu này có đúng không?")
	expect(t, h.press(province, "Lưu"), "Cán bộ Hội hỏi về báo cáo quỹ")
	h.now = h.now.Add(time.Minute)
	expect(t, h.say(leader, "2"), "Bác sửa số liệu báo cáo quỹ")
	h.say(leader, "/cancel")
	h.now = h.now.Add(time.Minute)
	expect(t, h.say(leader, "1"), "Họ và tên") // the menu's first choice now
	h.say(leader, "/cancel")
	answered := h.say(leader, "dung")
	expect(t, answered, "Cảm ơn bác, đã báo lại cán bộ Hội là số liệu đúng.")
	expect(t, answered, "Chủ nhiệm CLB Hoa Sen xác nhận")
}

// TestReviewWaitsForTheOfficersDialogue: /review in the middle of a
// dialogue asks to finish it first, since its buttons would answer it.
func TestReviewWaitsForTheOfficersDialogue(t *testing.T) {
	h := newOfficerHarness(t)
	expect(t, h.say(province, "/newclub"), "Tên CLB mới")
	got := h.say(province, "/review")
	expect(t, got, "Bác đang trả lời dở")
	expect(t, got, "Tên CLB mới")
}

// TestRenameToATakenName asks for another name, keeping the club and the
// choice, and the accepted example is itself accepted.
func TestRenameToATakenName(t *testing.T) {
	h := newOfficerHarness(t)
	club, err := h.db.ClubsByName(h.ctx, "hoa sen")
	if err != nil {
		t.Fatal(err)
	}
	taken := bot.Club{Name: "CLB Hoa Mai", UnitID: club[0].UnitID, FoundedOn: h.now.AddDate(-1, 0, 0)}
	if err := h.db.CreateClub(h.ctx, &taken, 0, h.now); err != nil {
		t.Fatal(err)
	}
	h.say(province, "/editclub hoa sen")
	h.press(province, "CLB Hoa Sen (Móng Cái 1)")
	h.press(province, "Đổi tên")
	expect(t, h.say(province, "clb"), "Tên CLB cần có chữ sau “CLB”, ví dụ: CLB Hoa Mai.")
	h.say(province, "hoa mai")
	again := h.press(province, "Lưu")
	expect(t, again, "Địa bàn này đã có CLB Hoa Mai. Bác đặt tên khác.")
	expect(t, again, "Tên mới của CLB là gì?")
	expect(t, h.say(province, "Hoa Lan"), "Đổi tên CLB Hoa Sen (Móng Cái 1) thành CLB Hoa Lan?")
	expect(t, h.press(province, "Lưu"), "Đã đổi tên CLB Hoa Sen thành CLB Hoa Lan.")
}

// TestWeeklyDigestCountsReportsAwaitingReview: the scheduled digest ends
// with the count of fund reports awaiting review, in the officer's language.
func TestWeeklyDigestCountsReportsAwaitingReview(t *testing.T) {
	h := newOfficerHarness(t)
	composer := digest.Composer{Store: h.db, OlderAge: 60, ReminderDay: 25}
	officer := bot.User{Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	msgs, err := composer.Compose(h.ctx, bot.Recipient{User: officer, Channel: "test", ChatID: "x"}, h.now)
	if err != nil || strings.Contains(msgs[0].Text, "chờ duyệt") {
		t.Fatalf("a digest with nothing to review: %v %v", msgs, err)
	}
	h.say(leader, "/fund")
	for _, answer := range []string{"20tr", "2tr", "0", "1", "co", "luu"} {
		h.say(leader, answer)
	}
	for lang, want := range map[string]string{"vi": "🔎 1 báo cáo quỹ chờ duyệt (/review)", "en": "🔎 Fund reports awaiting review: 1 (/review)"} {
		officer.Lang = lang
		msgs, err := composer.Compose(h.ctx, bot.Recipient{User: officer, Channel: "test", ChatID: "x"}, h.now)
		if err != nil || !strings.HasSuffix(msgs[0].Text, want) {
			t.Errorf("%s digest: %v\n%v", lang, err, msgs)
		}
	}
}
