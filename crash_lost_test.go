package main

// A reply lost in a kill: the sender claimed it and died before Telegram
// had it. The restarted bot does not send it again (it cannot know that
// Telegram never had it); it tells the user that the system restarted and
// asks the question the dialogue is at, unasked, once, and the dialogue
// goes on with every answer.

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/messages"
)

// TestCrashLosesReplyQuestionComesAfterNotice kills the binary as it sends
// the gender question, which never reaches Telegram. After the restart the
// outbox records it uncertain, and the user gets the restart notice
// followed by the gender question, without writing, and nothing more after
// a second kill.
func TestCrashLosesReplyQuestionComesAfterNotice(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	b, clubID, code := newCrashRig(t)
	u := newUser(t, b.srv, 901)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/member"), "Họ và tên")
	b.settle()

	restart := b.killOnSendUndelivered("Giới tính")
	b.srv.SendText(u.chat, u.user, "Nguyễn Thị Hoa")
	hits := restart()
	b.settle()
	if len(hits) != 1 || !hits[0].lost || !strings.Contains(hits[0].text, "Giới tính") {
		t.Fatalf("caught between claim and mark: %v, want the gender question, lost", hits)
	}
	notice := messages.Plain(messages.VI, "restart.notice")
	got := u.newMessages()
	if !strings.HasPrefix(got, notice+"\n\n") || strings.Contains(got, "\n---\n") {
		t.Fatalf("after the restart the bot sent:\n%s\nwant one message, the notice %q first", got, notice)
	}
	wantText(t, got, "Giới tính?")
	if n := b.uncertain(); n != 1 {
		t.Errorf("the outbox records %d uncertain messages, want 1", n)
	}
	noWindow(t, b.crash())
	b.settle()
	if got := u.newMessages(); got != "" {
		t.Fatalf("after a second restart the bot sent:\n%s\nwant nothing", got)
	}

	sayEach(t, u, []exchange{{"1", "Năm sinh"}, {"1950", "Hoàn cảnh"}, {"3", "dân tộc thiểu số"}, {"k", "tình nguyện viên"},
		{"k", "Họ tên: Nguyễn Thị Hoa"}, {"Lưu", "Đã lưu thành viên Nguyễn Thị Hoa"}})
	b.settle()
	m := wantOneMember(t, b.members(clubID), "Nguyễn Thị Hoa")
	if m.Gender != bot.Female || m.BirthYear != 1950 {
		t.Errorf("saved %+v", m)
	}
	if n := countSent(b.srv, u.chat, "Giới tính?"); n != 1 {
		t.Errorf("the gender question reached the user %d times, want once (after the notice)", n)
	}
	assertNoDuplicateReplies(t, b.srv, u.chat)
}

// TestCrashLosesReplyQuestionComesAfterNoticeInEnglish is the same in
// English: the notice and the question are in the leader's language.
func TestCrashLosesReplyQuestionComesAfterNoticeInEnglish(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	b, _, code := newCrashRig(t)
	u := newUser(t, b.srv, 902)
	wantText(t, u.say("/start "+code), "CLB Hoa Sen")
	wantText(t, u.say("/lang en"), "Switched to English")
	wantText(t, u.say("/member"), "full name")
	b.settle()

	restart := b.killOnSendUndelivered("Gender?")
	b.srv.SendText(u.chat, u.user, "Nguyen Thi Hoa")
	if hits := restart(); len(hits) != 1 || !hits[0].lost {
		t.Fatalf("caught between claim and mark: %v, want the gender question, lost", hits)
	}
	b.settle()
	want := messages.Plain(messages.EN, "restart.notice") + "\n\n" + messages.Plain(messages.EN, "member.ask_gender")
	if got := u.newMessages(); got != want {
		t.Fatalf("after the restart the bot sent:\n%s\nwant:\n%s", got, want)
	}
	wantText(t, u.say("1"), "Year of birth")
	assertNoDuplicateReplies(t, b.srv, u.chat)
}

// killOnSendUndelivered arranges for the binary to be killed by the fake
// server the moment it sends a message whose text contains substr, and
// for the fake to refuse that message: the process died after claiming
// it and before Telegram had it. It returns a function that waits for
// that death, restarts the binary and returns the replies caught between
// claim and mark.
func (b *childBot) killOnSendUndelivered(substr string) (restart func() []windowHit) {
	proc := b.cmd.Process
	var once sync.Once
	fired := make(chan time.Time, 1)
	match := func(method string, form url.Values) bool {
		return strings.EqualFold(method, "sendMessage") && strings.Contains(form.Get("text"), substr)
	}
	b.srv.SetFaultHook(func(method string, form url.Values) *telegramtest.Fault {
		if !match(method, form) {
			return nil
		}
		once.Do(func() {
			proc.Kill()
			fired <- time.Now()
		})
		return &telegramtest.Fault{Code: 502}
	})
	return func() []windowHit {
		b.t.Helper()
		defer b.srv.SetFaultHook(nil)
		var killedAt time.Time
		select {
		case killedAt = <-fired:
		case <-time.After(10 * time.Second):
			b.t.Fatalf("the bot sent no message with %q", substr)
		}
		b.kill()
		hits := b.unmarked(killedAt)
		b.start()
		return hits
	}
}
