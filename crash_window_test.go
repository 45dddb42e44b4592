package main

// Kills in the middle of a call to Telegram. The sender claims a reply
// in the outbox before it hands it to Telegram and marks it sent after; a
// restarted bot records a reply claimed and not marked as uncertain and
// does not send it again (nothing the user has is sent twice without a
// word). A kill after the claim and before Telegram received the reply
// loses it, the price of sending at most once; so when such a reply was
// its chat's last, the restarted bot sends the restart notice followed by
// the question the chat is at, whether Telegram had the reply or not. The
// helpers here find such replies after a kill, so that the crash tests can
// expect them.

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/messages"
)

// windowHit is a reply a kill caught between its claim and MarkSent:
// delivered to Telegram or, if lost, not.
type windowHit struct {
	run     int
	chat    int64
	text    string
	lost    bool          // never reached Telegram, and will not be sent
	message int           // its index in the chat's messages at the fake; -1 if lost
	before  time.Duration // delivered this long before the kill
}

func (w windowHit) String() string {
	if w.lost {
		return fmt.Sprintf("run %d: reply %q was claimed and never reached Telegram: lost", w.run, w.text)
	}
	when := fmt.Sprintf("%v before the SIGKILL", w.before.Round(10*time.Microsecond))
	if w.before < 0 {
		when = "as the bot was being killed"
	}
	return fmt.Sprintf("run %d: reply %d %q was delivered %s and not yet marked sent: not sent again", w.run, w.message, w.text, when)
}

// unmarked finds the replies the run that just died had claimed and not
// marked: the last message Telegram received in the chat (delivered) or
// not received at all (lost). The restarted bot sends neither. (The sender
// has at most one reply of a chat in hand, claimed just before sending.)
func (b *childBot) unmarked(killedAt time.Time) []windowHit {
	b.t.Helper()
	b.quiesce()
	claimed, err := b.db.ClaimedOutbox(context.Background())
	if err != nil {
		b.t.Fatal(err)
	}
	var hits []windowHit
	for _, o := range claimed {
		chat, err := strconv.ParseInt(o.ChatID, 10, 64)
		if err != nil {
			b.t.Fatal(err)
		}
		hit := windowHit{run: b.runs, chat: chat, text: o.Text, lost: true, message: -1}
		sent := b.srv.Sent(chat)
		if n := len(sent); n > 0 {
			last := sent[n-1]
			if !last.Date.Before(b.started) && last.RawText == o.Text && buttonsOf(last) == buttonsOut(o) {
				hit = windowHit{run: b.runs, chat: chat, text: last.Text, message: n - 1, before: killedAt.Sub(last.Date)}
			}
		}
		fmt.Fprintf(&b.logs, "=== %v\n", hit)
		hits = append(hits, hit)
	}
	b.window = append(b.window, hits...)
	return hits
}

// lostTexts joins the texts of the hits that were lost.
func lostTexts(hits []windowHit) string {
	var s []string
	for _, h := range hits {
		if h.lost {
			s = append(s, h.text)
		}
	}
	return strings.Join(s, "\n---\n")
}

// quiesce waits until the fake has handled every sendMessage of the dead
// process: a request it wrote before dying may still be in the server's
// socket buffer, and Telegram handles it all the same.
func (b *childBot) quiesce() {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	busy := func() (int, bool) {
		return b.srv.Calls("sendMessage"), b.srv.InFlight("sendMessage") > 0
	}
	for {
		n, inFlight := busy()
		if !inFlight {
			time.Sleep(30 * time.Millisecond)
			if m, inFlight := busy(); m == n && !inFlight {
				return
			}
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("a sendMessage of the dead process is still being handled")
		}
		time.Sleep(time.Millisecond)
	}
}

func buttonsOf(m telegramtest.SentMessage) string {
	var s []string
	for _, row := range m.Buttons {
		for _, btn := range row {
			s = append(s, btn.Text+"="+btn.Data)
		}
		s = append(s, "|")
	}
	return strings.Join(s, " ")
}

func buttonsOut(o bot.Outgoing) string {
	var s []string
	for _, row := range o.Buttons {
		for _, btn := range row {
			s = append(s, btn.Label+"="+btn.Data)
		}
		s = append(s, "|")
	}
	return strings.Join(s, " ")
}

// killOnSend arranges for the binary to be killed by the fake server the
// moment it receives a sendMessage whose text contains substr, before it
// answers: Telegram has the message, the bot never learns it. It returns a
// function that waits for that death and restarts the binary, returning
// the replies caught between claim and mark.
func (b *childBot) killOnSend(substr string) (restart func() []windowHit) {
	return b.killOnCall("sendMessage", func(form url.Values) bool { return strings.Contains(form.Get("text"), substr) })
}

// killOnCall arranges for the binary to be killed by the fake server the
// moment it receives a call of method whose form matches, before the call
// is handled. The call is handled all the same, but the bot never sees the
// answer. It returns a function that waits for that death and the end of
// the call, restarts the binary and returns the replies caught between
// claim and mark.
func (b *childBot) killOnCall(method string, match func(url.Values) bool) (restart func() []windowHit) {
	proc := b.cmd.Process
	var once sync.Once
	fired := make(chan time.Time, 1)
	b.srv.SetFaultHook(func(m string, form url.Values) *telegramtest.Fault {
		if strings.EqualFold(m, method) && match(form) {
			once.Do(func() {
				proc.Kill()
				fired <- time.Now()
			})
		}
		return nil
	})
	return func() []windowHit {
		b.t.Helper()
		defer b.srv.SetFaultHook(nil)
		var killedAt time.Time
		select {
		case killedAt = <-fired:
		case <-time.After(10 * time.Second):
			b.t.Fatalf("the bot made no matching %s call", method)
		}
		b.waitAnswered(method, match)
		b.kill()
		hits := b.unmarked(killedAt)
		b.start()
		return hits
	}
}

// waitAnswered waits until the fake has answered every matching call of
// method, the one the bot did not live to see answered included.
func (b *childBot) waitAnswered(method string, match func(url.Values) bool) {
	b.t.Helper()
	answered := func() bool {
		for _, c := range b.srv.Requests(method) {
			if match(c.Form) && c.Status == 0 {
				return false
			}
		}
		return true
	}
	if err := b.srv.WaitFor(ctxTimeout(b.t, 10*time.Second), answered); err != nil {
		b.t.Fatal(err)
	}
}

// noWindow fails if a kill caught a reply between claim and mark where the
// test meant to avoid it.
func noWindow(t *testing.T, hits []windowHit) {
	t.Helper()
	for _, h := range hits {
		t.Errorf("unexpected: %v", h)
	}
}

// TestCrashBetweenSendAndMarkSent kills the binary after Telegram received
// the "Đã lưu" reply but before the bot learnt it: the restarted bot finds
// the reply claimed and not marked, records it as uncertain and does not
// send it again, so the user is told once; it sends the restart notice
// and the question after the save again.
func TestCrashBetweenSendAndMarkSent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	b, clubID, code := newCrashRig(t)
	srv := b.srv
	u := newUser(t, srv, 801)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/member"), "Họ và tên")
	for _, a := range []string{"Nguyễn Thị Hoa", "1", "1950", "3", "k"} {
		u.say(a)
	}
	wantText(t, u.say("k"), "Họ tên: Nguyễn Thị Hoa")
	b.settle()

	restart := b.killOnSend("Đã lưu thành viên")
	u.srv.SendText(u.chat, u.user, "Lưu")
	hits := restart()
	b.settle()
	if len(hits) != 1 || hits[0].lost || !strings.Contains(hits[0].text, "Đã lưu thành viên Nguyễn Thị Hoa") {
		t.Fatalf("caught between claim and mark: %v, want the delivered confirmation", hits)
	}
	wantOneMember(t, b.members(clubID), "Nguyễn Thị Hoa")
	sent := srv.Sent(u.chat)
	notice := messages.Plain(messages.VI, "restart.notice")
	if last := sent[len(sent)-1].Text; last != notice+"\n\n"+messages.Plain(messages.VI, "member.ask_another") {
		t.Errorf("the last message is %q, want the restart notice and the question after the save", last)
	}
	if n := countSent(srv, u.chat, "Đã lưu thành viên Nguyễn Thị Hoa"); n != 1 {
		t.Errorf("the user was told %d times that Nguyễn Thị Hoa was saved, want 1", n)
	}
	assertNoDuplicateReplies(t, srv, u.chat)
	if n := b.uncertain(); n != 1 {
		t.Errorf("the outbox records %d uncertain messages, want 1", n)
	}
}

// uncertain counts the outbox's messages recorded as uncertain.
func (b *childBot) uncertain() int {
	b.t.Helper()
	n, err := b.db.CountUncertain(context.Background())
	if err != nil {
		b.t.Fatal(err)
	}
	return n
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
