package engine_test

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/store/storetest"
)

// harness drives the engine on a real SQLite store, as a channel would:
// record the event, handle it, read the replies from the outbox.
type harness struct {
	t      testing.TB
	ctx    context.Context
	db     *store.DB
	path   string // the database file
	engine *engine.Engine
	now    time.Time
	clubID int64
	n      int
	last   map[string]bot.Outgoing // the last message with buttons, by chat
}

func newHarness(t testing.TB) *harness { return newHarnessWith(t) }

// newHarnessWith is newHarness with more options for the store.
func newHarnessWith(t testing.TB, opts ...store.Option) *harness {
	h := &harness{t: t, ctx: context.Background(), now: time.Date(2026, 11, 29, 9, 0, 0, 0, bot.Vietnam()),
		last: map[string]bot.Outgoing{}}
	opts = append([]store.Option{store.WithClock(h.clock), store.WithLogger(nil)}, opts...)
	h.path = storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db"))
	db, err := store.Open(h.ctx, h.path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h.db = db
	h.engine = engine.NewEngine(db, h.clock, engine.Config{}, slog.New(slog.DiscardHandler))
	unit, err := db.UnitByName(h.ctx, bot.LevelCommune, "Móng Cái 1")
	if err != nil {
		t.Fatal(err)
	}
	club := bot.Club{Name: "CLB Hoa Sen", UnitID: unit.ID, FoundedOn: h.now.AddDate(-1, 0, 0),
		DecisionNo: "12/QĐ-UBND", Status: bot.ClubActive, StartingFund: 20_000_000}
	if err := db.CreateClub(h.ctx, &club, 0, h.now); err != nil {
		t.Fatal(err)
	}
	h.clubID = club.ID
	return h
}

func (h *harness) clock() time.Time { return h.now }

// invite creates a leader invite for the harness's club and returns its code.
func (h *harness) invite(phone string) string {
	code, hash, err := bot.NewInviteCode()
	if err != nil {
		h.t.Fatal(err)
	}
	id := h.clubID
	inv := bot.Invite{CodeHash: hash, Role: bot.RoleLeader, Phone: phone,
		Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &id}, ExpiresAt: h.now.Add(7 * 24 * time.Hour)}
	if err := h.db.CreateInvite(h.ctx, &inv); err != nil {
		h.t.Fatal(err)
	}
	return code
}

// send delivers one event from chat and returns what the user sees.
func (h *harness) send(chat string, in bot.Inbound) []string {
	h.t.Helper()
	return h.sendOn("test", chat, in)
}

// sendOn delivers one event from chat on channel and returns what the
// user sees.
func (h *harness) sendOn(channel, chat string, in bot.Inbound) []string {
	h.t.Helper()
	h.n++
	in.Key, in.Channel, in.ChatID, in.ChannelUserID, in.Name = fmt.Sprintf("test:%d", h.n), channel, chat, chat, "Bà Lan"
	if _, err := h.db.RecordInbound(h.ctx, in, h.now); err != nil {
		h.t.Fatal(err)
	}
	if err := h.engine.Handle(h.ctx, in); err != nil {
		h.t.Fatalf("handle %+v: %v", in, err)
	}
	out, err := h.db.PendingOutbox(h.ctx, 100)
	if err != nil {
		h.t.Fatal(err)
	}
	var texts []string
	for _, o := range out {
		if err := h.db.MarkSent(h.ctx, o.ID, h.now); err != nil {
			h.t.Fatal(err)
		}
		texts = append(texts, o.Text)
		if len(o.Buttons) > 0 {
			h.last[o.ChatID] = o
		}
	}
	return texts
}

// say types a line: a command if it starts with a slash.
func (h *harness) say(chat, line string) string {
	h.t.Helper()
	if strings.HasPrefix(line, "/") {
		name, args, _ := strings.Cut(line[1:], " ")
		return strings.Join(h.send(chat, bot.Inbound{Kind: bot.InputCommand, Command: name, Text: args}), "\n---\n")
	}
	return strings.Join(h.send(chat, bot.Inbound{Kind: bot.InputText, Text: line}), "\n---\n")
}

// press presses the button labelled label on the last message with buttons.
func (h *harness) press(chat, label string) string {
	h.t.Helper()
	for _, row := range h.last[chat].Buttons {
		for _, b := range row {
			if b.Label == label {
				return strings.Join(h.send(chat, bot.Inbound{Kind: bot.InputButton, Data: b.Data}), "\n---\n")
			}
		}
	}
	h.t.Fatalf("no button %q in %+v", label, h.last[chat].Buttons)
	return ""
}

var tags = regexp.MustCompile(`</?[a-z]+>`)

// expect checks that the text a user sees contains want.
func expect(t testing.TB, got, want string) {
	t.Helper()
	if !strings.Contains(html.UnescapeString(tags.ReplaceAllString(got, "")), want) {
		t.Fatalf("the user saw:\n%s\nwhich lacks %q", got, want)
	}
}

func (h *harness) members() []bot.Member {
	var ms []bot.Member
	err := h.db.InTx(h.ctx, func(tx bot.Writer) (err error) {
		ms, err = tx.ActiveMembers(h.ctx, h.clubID)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return ms
}

// addMember adds a woman of a household that is neither poor nor near-poor
// through the whole dialogue.
func (h *harness) addMember(chat, name, year string) {
	h.t.Helper()
	h.say(chat, "/member")
	for _, answer := range []string{name, "1", year, "3", "k", "k", "luu", "khong"} {
		h.say(chat, answer)
	}
}

// onboard links chat as the club's leader through a deep link.
func (h *harness) onboard(chat string) {
	h.t.Helper()
	expect(h.t, h.say(chat, "/start "+h.invite("")), "chủ nhiệm CLB Hoa Sen")
}

// onboardLeader onboards chat as CLB Hoa Sen's leader and returns them as
// a recipient of scheduled messages.
func (h *harness) onboardLeader(chat string) bot.Recipient {
	h.t.Helper()
	h.onboard(chat)
	var leader bot.User
	if err := h.db.InTx(h.ctx, func(tx bot.Writer) (err error) {
		leader, err = tx.UserByAccount(h.ctx, "test", chat)
		return err
	}); err != nil {
		h.t.Fatal(err)
	}
	return bot.Recipient{User: leader, Channel: "test", ChatID: chat}
}

func TestOnboardingByTypedCode(t *testing.T) {
	h := newHarness(t)
	code := h.invite("")
	expect(t, h.say("1", "xin chao"), "mã mời")
	expect(t, h.say("1", "ABCD-EFGH-JKMNP"), "Mã này không đúng")
	expect(t, h.say("1", strings.ToLower(code)), "chủ nhiệm CLB Hoa Sen")
	expect(t, h.say("2", code), "đã được dùng")
}

func TestOnboardingBySharedPhone(t *testing.T) {
	h := newHarness(t)
	h.invite("+84912345678")
	expect(t, h.say("1", "/start"), "mã mời")
	expect(t, strings.Join(h.send("1", bot.Inbound{Kind: bot.InputContact, Phone: "0987654321", OwnContact: true}), ""), "chưa được đăng ký")
	expect(t, strings.Join(h.send("1", bot.Inbound{Kind: bot.InputContact, Phone: "84912345678", OwnContact: false}), ""), "của chính bác")
	expect(t, strings.Join(h.send("1", bot.Inbound{Kind: bot.InputContact, Phone: "84912345678", OwnContact: true}), ""), "chủ nhiệm CLB Hoa Sen")
}

func TestFiveWrongCodesLockForAnHour(t *testing.T) {
	h := newHarness(t)
	code := h.invite("")
	for i := 0; i < 5; i++ {
		expect(t, h.say("1", fmt.Sprintf("AAAA-AAAA-AAAA%d", i)), "không đúng")
	}
	expect(t, h.say("1", code), "thử lại sau một giờ")
	h.now = h.now.Add(61 * time.Minute)
	expect(t, h.say("1", code), "chủ nhiệm CLB Hoa Sen")
}

func TestExpiredCodeIsRefused(t *testing.T) {
	h := newHarness(t)
	code := h.invite("")
	h.now = h.now.Add(8 * 24 * time.Hour)
	expect(t, h.say("1", "/start "+code), "hết hạn")
}

func TestNewMembersDialogue(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	expect(t, h.press("1", "➕ Thêm thành viên"), "Họ và tên")
	expect(t, h.say("1", "nguyen thi  hoa"), "Giới tính")
	expect(t, h.say("1", "nu"), "Năm sinh")
	expect(t, h.say("1", "1850"), "Năm sinh phải từ 1900 đến 2011 (thành viên từ đủ 15 tuổi), ví dụ: 1958")
	expect(t, h.say("1", "1950"), "Hoàn cảnh")
	expect(t, h.press("1", "Hộ cận nghèo"), "dân tộc thiểu số")
	expect(t, h.press("1", "Không"), "tình nguyện viên")
	summary := h.press("1", "Có")
	expect(t, summary, "Họ tên: Nguyen Thi Hoa")
	expect(t, summary, "1950 (76 tuổi)")
	expect(t, summary, "Hoàn cảnh: Hộ cận nghèo")
	expect(t, h.press("1", "Sửa"), "mục nào")
	expect(t, h.press("1", "Họ tên"), "Họ và tên")
	expect(t, h.say("1", "Nguyễn Thị Hoa"), "Họ tên: Nguyễn Thị Hoa")
	saved := h.press("1", "Lưu")
	expect(t, saved, "Đã lưu thành viên Nguyễn Thị Hoa")
	expect(t, saved, "thêm thành viên khác")
	ms := h.members()
	if len(ms) != 1 || ms[0].FullName != "Nguyễn Thị Hoa" || ms[0].Gender != bot.Female || ms[0].BirthYear != 1950 ||
		ms[0].Household != bot.HouseholdNearPoor || ms[0].EthnicMinority || !ms[0].CareVolunteer {
		t.Fatalf("database holds %+v", ms)
	}
	expect(t, h.press("1", "Có"), "Họ và tên")
	expect(t, h.say("1", "Trần Văn Hùng"), "Giới tính")
	expect(t, h.say("1", "/cancel"), "Không có gì được lưu")
	if n := len(h.members()); n != 1 {
		t.Fatalf("database holds %d members after a cancel, want 1", n)
	}
}

func TestAStaleSaveButtonSavesNothingTwice(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.say("1", "/member")
	for _, answer := range []string{"Lê Văn Tám", "2", "1960", "3", "khong", "khong"} {
		h.say("1", answer)
	}
	summary := h.last["1"]
	expect(t, h.press("1", "Lưu"), "Đã lưu")
	h.last["1"] = summary // the user presses Lưu on the old summary again
	expect(t, h.press("1", "Lưu"), "đã qua")
	if n := len(h.members()); n != 1 {
		t.Fatalf("database holds %d members, want 1", n)
	}
}

func TestMemberLeaving(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	// Hoa and Hòa fold alike: born in the same year they would be asked
	// about as one person added twice.
	for i, name := range []string{"Nguyễn Thị Hoa", "Nguyễn Thị Hòa", "Trần Văn Hùng"} {
		h.addMember("1", name, strconv.Itoa(1954+i))
	}
	if n := len(h.members()); n != 3 {
		t.Fatalf("database holds %d members, want 3", n)
	}
	expect(t, h.say("1", "/leave"), "Thành viên nào nghỉ")
	expect(t, h.say("1", "Hoang Van Nam"), "Không tìm thấy")
	picks := h.say("1", "nguyen thi hoa")
	expect(t, picks, "chọn đúng người")
	expect(t, h.press("1", "Nguyễn Thị Hòa (1955)"), "Lý do") // the second, born 1954+1
	expect(t, h.press("1", "Chuyển đi nơi khác"), "Thành viên: Nguyễn Thị Hòa")
	expect(t, h.press("1", "Lưu"), "Đã ghi nhận Nguyễn Thị Hòa nghỉ")
	for _, m := range h.members() {
		if m.FullName == "Nguyễn Thị Hòa" {
			t.Fatalf("Nguyễn Thị Hòa is still active: %+v", h.members())
		}
	}
	if n := len(h.members()); n != 2 {
		t.Fatalf("database holds %d active members, want 2", n)
	}
}

func TestFundReportAndStatus(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.addMember("1", "Nguyễn Thị Hoa", "1950")
	expect(t, h.say("1", "/status"), "CLB chưa có báo cáo quỹ")
	expect(t, h.say("1", "/fund"), "Quỹ tăng thu nhập")
	expect(t, h.say("1", "hai muoi trieu"), "ví dụ: 20tr")
	expect(t, h.say("1", "20tr"), "Quỹ hoạt động")
	expect(t, h.say("1", "2.5"), "2.500.000 đ")
	expect(t, h.say("1", "co"), "dư nợ")
	expect(t, h.say("1", "18.000.000đ"), "đang vay")
	expect(t, h.say("1", "5"), "CLB hiện có 1 thành viên, bác gõ một số từ 0 đến 1, ví dụ: 1.")
	summary := h.say("1", "1")
	expect(t, summary, "Quỹ tăng thu nhập: 20.000.000 đ")
	expect(t, summary, "Dư nợ: 18.000.000 đ")
	expect(t, h.press("1", "Lưu"), "Đã lưu báo cáo quỹ ngày 29/11/2026")
	status := h.say("1", "/status")
	expect(t, status, "Thành viên: 1 (chuẩn 50–70)")
	expect(t, status, "Nữ: 100%")
	expect(t, status, "Người cao tuổi (60+): 100%")
	expect(t, status, "Thành viên đang vay: 1 (100%")
	expect(t, status, "Báo cáo gần nhất: 29/11/2026")
	expect(t, status, "✅ Vốn ban đầu: 20.000.000 đ (kế hoạch từ 20.000.000 đ)")

	h.now = h.now.AddDate(0, 1, 0)
	h.say("1", "/fund")
	expect(t, h.say("1", "200tr"), "thay đổi nhiều")
	expect(t, h.say("1", "21tr"), "Quỹ hoạt động")
}

func TestLanguageSwitch(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	expect(t, h.say("1", "/lang en"), "Switched to English")
	expect(t, h.say("1", "/member"), "full name")
	expect(t, h.say("1", "/lang vi"), "Họ và tên")
}

func TestASessionExpiresPolitely(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.say("1", "/member")
	h.say("1", "Nguyễn Thị Hoa")
	h.now = h.now.Add(25 * time.Hour)
	expect(t, h.say("1", "1950"), "chưa làm xong")
}

func TestAGuestCannotReport(t *testing.T) {
	h := newHarness(t)
	expect(t, h.say("9", "/member"), "mã mời")
	expect(t, h.say("9", "/status"), "mã mời")
	if n := len(h.members()); n != 0 {
		t.Fatalf("database holds %d members", n)
	}
}

func TestRedeliveredEventIsHandledOnce(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	in := bot.Inbound{Key: "dup:1", Channel: "test", ChatID: "1", ChannelUserID: "1", Kind: bot.InputCommand, Command: "member"}
	for i := 0; i < 2; i++ {
		if err := h.engine.Handle(h.ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	out, err := h.db.PendingOutbox(h.ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 {
		t.Fatalf("%d replies queued for one event, want 1", len(out))
	}
}
