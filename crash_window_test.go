package main

// Kills in the middle of a call to Telegram, and the outbox's
// at-least-once window they expose: a reply Telegram received from a
// process killed before it could mark the reply sent is sent again by the
// next process. The helpers here find such replies after a kill, so that
// the crash tests can tell them from replies really sent twice.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// windowHit is a reply caught between sendMessage and MarkSent by a kill.
type windowHit struct {
	run     int
	chat    int64
	text    string
	message int           // its index in the chat's messages at the fake
	before  time.Duration // delivered this long before the kill
}

func (w windowHit) String() string {
	when := fmt.Sprintf("%v before the SIGKILL", w.before.Round(10*time.Microsecond))
	if w.before < 0 {
		when = "as the bot was being killed"
	}
	return fmt.Sprintf("run %d: reply %d %q was delivered %s and not yet marked sent", w.run, w.message, w.text, when)
}

// unmarked finds, for each chat with replies waiting in the outbox, whether
// the first of them is the last message Telegram received from the run
// that just died: delivered, but the process was killed before MarkSent.
// (The sender sends a chat's replies in order and marks each before
// sending the next, so only that one can be in this state.)
func (b *childBot) unmarked(killedAt time.Time) []windowHit {
	b.t.Helper()
	b.quiesce()
	pending, err := b.db.PendingOutbox(context.Background(), 0)
	if err != nil {
		b.t.Fatal(err)
	}
	var hits []windowHit
	seen := map[string]bool{}
	for _, o := range pending {
		if seen[o.ChatID] {
			continue
		}
		seen[o.ChatID] = true
		chat, err := strconv.ParseInt(o.ChatID, 10, 64)
		if err != nil {
			b.t.Fatal(err)
		}
		sent := b.srv.Sent(chat)
		if len(sent) == 0 {
			continue
		}
		last := sent[len(sent)-1]
		if last.Date.Before(b.started) || last.RawText != o.Text || buttonsOf(last) != buttonsOut(o) {
			continue
		}
		hit := windowHit{run: b.runs, chat: chat, text: last.Text, message: len(sent) - 1, before: killedAt.Sub(last.Date)}
		fmt.Fprintf(&b.logs, "=== %v\n", hit)
		hits = append(hits, hit)
	}
	b.window = append(b.window, hits...)
	return hits
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

// resent returns the indexes of the messages sent again because a kill
// caught the message before them in the window.
func (b *childBot) resent() map[int]bool {
	resent := map[int]bool{}
	for _, h := range b.window {
		resent[h.message+1] = true
	}
	return resent
}

// killOnSend arranges for the binary to be killed by the fake server the
// moment it receives a sendMessage whose text contains substr, before it
// answers: Telegram has the message, the bot never learns it. It returns a
// function that waits for that death and restarts the binary, returning
// the replies caught in the window.
func (b *childBot) killOnSend(substr string) (restart func() []windowHit) {
	return b.killOnCall("sendMessage", func(form url.Values) bool { return strings.Contains(form.Get("text"), substr) })
}

// killOnCall arranges for the binary to be killed by the fake server the
// moment it receives a call of method whose form matches, before the call
// is handled. The call is handled all the same, but the bot never sees the
// answer. It returns a function that waits for that death and the end of
// the call, restarts the binary and returns the replies caught between
// sendMessage and MarkSent.
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

// noWindow fails if a kill caught a reply between sendMessage and MarkSent
// where the test meant to avoid it: that reply is sent twice.
func noWindow(t *testing.T, hits []windowHit) {
	t.Helper()
	for _, h := range hits {
		t.Errorf("unexpected: %v", h)
	}
}

// TestCrashBetweenSendAndMarkSent kills the binary after Telegram received
// the "Đã lưu" reply but before the bot learnt it: the reply is still
// pending in the outbox and the restarted bot sends it again. This is the
// outbox's known at-least-once window; the test states what we would like
// (the reply exactly once) and so fails today. Run it with
// CLUBBOT_CRASH_WINDOW=1.
func TestCrashBetweenSendAndMarkSent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	if os.Getenv("CLUBBOT_CRASH_WINDOW") == "" {
		t.Skip("known at-least-once window of the outbox: set CLUBBOT_CRASH_WINDOW=1 to run")
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
	for _, h := range hits {
		t.Logf("%v", h)
	}
	wantOneMember(t, b.members(clubID), "Nguyễn Thị Hoa")
	if n := countSent(srv, u.chat, "Đã lưu thành viên Nguyễn Thị Hoa"); n != 1 {
		t.Errorf("the user was told %d times that Nguyễn Thị Hoa was saved, want 1", n)
	}
	assertNoDuplicateReplies(t, srv, u.chat)
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
