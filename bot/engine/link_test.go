package engine_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// lan's two accounts: the Telegram one she joined with and her Zalo one.
const (
	tgLan = "tg-lan"
	zlLan = "zl-lan"
)

// sayOn types a line in chat on channel: a command if it starts with a slash.
func (h *harness) sayOn(channel, chat, line string) string {
	h.t.Helper()
	in := bot.Inbound{Kind: bot.InputText, Text: line}
	if strings.HasPrefix(line, "/") {
		name, args, _ := strings.Cut(line[1:], " ")
		in = bot.Inbound{Kind: bot.InputCommand, Command: name, Text: args}
	}
	return strings.Join(h.sendOn(channel, chat, in), "\n---\n")
}

var codeTag = regexp.MustCompile(`<code>([^<]+)</code>`)

// linkCode sends /link from Lan's Telegram chat and reads the code shown.
func (h *harness) linkCode() string {
	h.t.Helper()
	got := h.sayOn("telegram", tgLan, "/link")
	m := codeTag.FindStringSubmatch(got)
	if m == nil {
		h.t.Fatalf("no code in:\n%s", got)
	}
	return m[1]
}

// newLinkHarness is a harness where Lan leads CLB Hoa Sen on Telegram.
func newLinkHarness(t *testing.T) *harness {
	h := newHarness(t)
	expect(t, h.sayOn("telegram", tgLan, "/start "+h.invite("")), "chủ nhiệm CLB Hoa Sen")
	return h
}

// user is the user of an account, or nil.
func (h *harness) user(channel, chat string) *bot.User {
	u, err := h.db.UserByAccount(h.ctx, channel, chat)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return nil
	} else if err != nil {
		h.t.Fatal(err)
	}
	return &u
}

func TestALeaderLinksHerZaloAccount(t *testing.T) {
	h := newLinkHarness(t)
	expect(t, h.sayOn("telegram", tgLan, "/lang en"), "Switched to English")
	code := h.linkCode()
	if !bot.LooksLikeInviteCode(code) {
		t.Fatalf("%q is not in the invite codes' format", code)
	}
	got := h.sayOn("zalo", zlLan, strings.ToLower(code)) // typed, as Zalo has no deep links
	expect(t, got, "This Zalo account is now linked to yours.")
	expect(t, got, "You are now the leader of CLB Hoa Sen")
	tg, zl := h.user("telegram", tgLan), h.user("zalo", zlLan)
	if zl == nil || tg.ID != zl.ID || zl.Role != bot.RoleLeader || *zl.Scope.ClubID != h.clubID || zl.Lang != "en" {
		t.Fatalf("Telegram's user %+v, Zalo's %+v: want one leader of club %d speaking English", tg, zl, h.clubID)
	}
	expect(t, h.sayOn("zalo", zlLan, "/status"), "CLB Hoa Sen")
	// The language is the person's, wherever it is changed.
	expect(t, h.sayOn("zalo", zlLan, "/lang vi"), "tiếng Việt")
	expect(t, h.sayOn("telegram", tgLan, "/help"), "Bác có thể")
	// Both accounts write under one user: a member added on Zalo is seen on Telegram.
	h.sayOn("zalo", zlLan, "/member")
	for _, answer := range []string{"Trần Thị Mai", "1", "1955", "3", "k", "k", "luu", "khong"} {
		h.sayOn("zalo", zlLan, answer)
	}
	expect(t, h.sayOn("telegram", tgLan, "/status"), "Thành viên: 1")
	audit, err := h.db.AuditLog(h.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var linked int
	for _, e := range audit {
		if e.Entity == "invite" && e.Action == "redeem" && strings.Contains(string(e.After), `"Channel":"zalo"`) {
			linked++
			if e.UserID != tg.ID {
				t.Errorf("the link was audited as user %d's, want %d", e.UserID, tg.ID)
			}
		}
	}
	if linked != 1 {
		t.Errorf("%d audited links to Zalo, want 1:\n%+v", linked, audit)
	}
}

func TestALinkCodeWorksOnce(t *testing.T) {
	h := newLinkHarness(t)
	code := h.linkCode()
	expect(t, h.sayOn("zalo", zlLan, code), "Đã nối tài khoản Zalo này")
	expect(t, h.sayOn("zalo", "zl-stranger", code), "Mã này đã được dùng rồi. Bác gõ /link")
	if h.user("zalo", "zl-stranger") != nil {
		t.Fatal("a used link code linked a second account")
	}
	expect(t, h.sayOn("zalo", zlLan, "/start "+code), "đã được dùng rồi")
}

func TestALinkCodeExpires(t *testing.T) {
	h := newLinkHarness(t)
	code := h.linkCode()
	h.now = h.now.Add(7*24*time.Hour + time.Minute)
	expect(t, h.sayOn("zalo", zlLan, code), "Mã này đã hết hạn. Bác gõ /link")
	if h.user("zalo", zlLan) != nil {
		t.Fatal("an expired link code linked the account")
	}
}

func TestWrongLinkCodesAreLimited(t *testing.T) {
	h := newLinkHarness(t)
	code := h.linkCode()
	wrong := "0000-0000-00000"
	for i := 0; i < 5; i++ {
		expect(t, h.sayOn("zalo", zlLan, wrong), "Mã này không đúng")
	}
	expect(t, h.sayOn("zalo", zlLan, code), "sai mã nhiều lần")
	if h.user("zalo", zlLan) != nil {
		t.Fatal("a locked account was linked")
	}
	h.now = h.now.Add(time.Hour + time.Minute)
	expect(t, h.sayOn("zalo", zlLan, code), "Đã nối tài khoản Zalo này")
}

func TestALinkCodeDoesNotTakeSomeoneElsesAccount(t *testing.T) {
	h := newLinkHarness(t)
	expect(t, h.sayOn("zalo", "zl-hung", "/start "+h.invite("")), "chủ nhiệm CLB Hoa Sen")
	code := h.linkCode()
	expect(t, h.sayOn("zalo", "zl-hung", "/start "+code), "Tài khoản này đang dùng cho người khác")
	lan, hung := h.user("telegram", tgLan), h.user("zalo", "zl-hung")
	if lan.ID == hung.ID {
		t.Fatal("Hùng's account was moved to Lan")
	}
	expect(t, h.sayOn("telegram", tgLan, "/start "+code), "đã được nối với bác rồi")
	expect(t, h.sayOn("zalo", zlLan, code), "Đã nối tài khoản Zalo này") // still unused
}

func TestARevokedUsersLinkCodeIsRefused(t *testing.T) {
	h := newLinkHarness(t)
	code := h.linkCode()
	if err := h.db.InTx(h.ctx, func(tx bot.Writer) error {
		return tx.RevokeUser(h.ctx, h.user("telegram", tgLan).ID, 0, h.now)
	}); err != nil {
		t.Fatal(err)
	}
	expect(t, h.sayOn("zalo", zlLan, code), "Mã này không đúng")
	if h.user("zalo", zlLan) != nil {
		t.Fatal("a revoked user's code gave the access back")
	}
}

// TestADialogueStaysOnItsChannel starts a new member on Telegram, then
// writes on Zalo: Zalo has its own state and only says the draft waits.
func TestADialogueStaysOnItsChannel(t *testing.T) {
	h := newLinkHarness(t)
	code := h.linkCode()
	expect(t, h.sayOn("telegram", tgLan, "/member"), "Họ và tên")
	expect(t, h.sayOn("telegram", tgLan, "Trần Thị Mai"), "Giới tính")
	got := h.sayOn("zalo", zlLan, code)
	expect(t, got, "Bác đang làm dở một việc trên Telegram; việc đó vẫn chờ bác ở đó.")
	if strings.Contains(got, "Giới tính") {
		t.Fatalf("Zalo continued Telegram's dialogue:\n%s", got)
	}
	expect(t, h.sayOn("zalo", zlLan, "Nữ"), "Bác muốn làm gì") // no draft here to answer
	got = h.sayOn("zalo", zlLan, "/fund")
	expect(t, got, "làm dở một việc trên Telegram")
	expect(t, got, "Quỹ tăng thu nhập")
	h.sayOn("zalo", zlLan, "/cancel")
	expect(t, h.sayOn("telegram", tgLan, "1"), "Năm sinh") // Telegram's draft is where it was
	// A dialogue left longer than a session lasts is not mentioned.
	h.now = h.now.Add(25 * time.Hour)
	if got := h.sayOn("zalo", zlLan, "/start"); strings.Contains(got, "làm dở") {
		t.Fatalf("an expired dialogue was mentioned:\n%s", got)
	}
}
