package main

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// TestSIGTERMFinishesWhatIsInHand stops the binary with SIGTERM in the
// middle of a dialogue and of a burst of strangers' messages, while every
// chat's first reply is held back by a 429: the bot must exit 0 within 10
// s, having sent every reply to what it handled (the outbox is empty), and
// after a restart go on with what it had not handled, with no reply lost
// or repeated.
func TestSIGTERMFinishesWhatIsInHand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	b, clubID, code := newCrashRig(t)
	srv := b.srv
	u := newUser(t, srv, 801)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/member"), "Họ và tên")
	wantText(t, u.say("Nguyễn Thị Hoa"), "Giới tính")
	b.settle()

	srv.SetFaultHook(holdEachChatOnce())
	var ids []int
	for _, line := range []string{"1", "1950"} {
		ids = append(ids, srv.SendText(u.chat, u.user, line))
	}
	var strangers []*tgUser
	for i := range 8 {
		s := newUser(t, srv, int64(900+i))
		strangers = append(strangers, s)
		ids = append(ids, srv.SendText(s.chat, s.user, "xin chào"))
	}
	// Stop once the bot has handled the first answer, the leader going on
	// answering: what the bot had not taken in when the signal came is
	// handled after the restart.
	waitUntil(t, "the gender answer is handled", func() bool { return strings.HasPrefix(b.fate(ids[0]), "handled") })
	stoppedAt := time.Now()
	b.cmd.Process.Signal(syscall.SIGTERM)
	for _, line := range []string{"3", "k", "k"} {
		ids = append(ids, srv.SendText(u.chat, u.user, line))
	}
	b.waitExit(t)
	t.Logf("stopped in %v; fates: %s", time.Since(stoppedAt).Round(time.Millisecond), fates(b, ids))
	if out, err := b.db.PendingOutbox(context.Background(), 0); err != nil || len(out) != 0 {
		t.Errorf("after SIGTERM, %d replies were left in the outbox (%v): the flush should have sent them", len(out), err)
	}
	handled := 0
	for _, id := range ids {
		if strings.HasPrefix(b.fate(id), "handled") {
			handled++
		}
	}
	if got := repliesSince(srv, u, strangers); got < handled {
		t.Errorf("the bot handled %d messages before it stopped but sent %d replies", handled, got)
	}

	b.start()
	b.settle()
	got := u.newMessages() // since the burst, before the stop and after
	for _, want := range []string{"Năm sinh?", "Hoàn cảnh hộ gia đình?", "dân tộc thiểu số không?", "tình nguyện viên chăm sóc", "Bác kiểm tra lại"} {
		if n := strings.Count(got, want); n != 1 {
			t.Errorf("the leader saw %q %d times, want once, in:\n%s", want, n, got)
		}
	}
	wantText(t, u.press("Lưu"), "Đã lưu thành viên Nguyễn Thị Hoa")
	b.settle()
	b.stop()
	wantOneMember(t, b.members(clubID), "Nguyễn Thị Hoa")
	assertNoDuplicateReplies(t, srv, u.chat)
	for _, s := range strangers {
		if sent := srv.Sent(s.chat); len(sent) != 1 {
			t.Errorf("stranger %d got %d replies, want 1", s.chat, len(sent))
		}
	}
}

// waitExit waits for the binary, told to stop, to exit 0 within 10 s.
func (b *childBot) waitExit(t *testing.T) {
	t.Helper()
	select {
	case <-b.exited:
		if b.err != nil {
			t.Errorf("clubbot exited with %v after SIGTERM, want 0", b.err)
		}
	case <-time.After(shutdownFlushWait + 2*time.Second):
		t.Errorf("clubbot did not stop within 10s of SIGTERM")
		b.cmd.Process.Kill()
		<-b.exited
	}
	b.cmd = nil
}

// holdEachChatOnce answers sendMessage to each chat with 429 and
// retry_after 1 during the first second after its first send, as Telegram
// does to a bot that sent too fast: the chat's replies wait a second.
func holdEachChatOnce() func(string, url.Values) *telegramtest.Fault {
	var mu sync.Mutex
	until := map[string]time.Time{}
	return func(method string, form url.Values) *telegramtest.Fault {
		if method != "sendMessage" {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		chat, now := form.Get("chat_id"), time.Now()
		if _, ok := until[chat]; !ok {
			until[chat] = now.Add(time.Second)
		}
		if now.Before(until[chat]) {
			return &telegramtest.Fault{Code: 429, RetryAfter: 1}
		}
		return nil
	}
}

// repliesSince counts the messages the leader got since last looking and
// those the strangers got.
func repliesSince(srv *telegramtest.Server, u *tgUser, strangers []*tgUser) int {
	n := len(srv.Sent(u.chat)) - u.seen
	for _, s := range strangers {
		n += len(srv.Sent(s.chat))
	}
	return n
}

func fates(b *childBot, ids []int) string {
	var s []string
	for _, id := range ids {
		s = append(s, telegram.Key(id)+" "+b.fate(id))
	}
	return strings.Join(s, "; ")
}

// TestSIGTERMInWebhookMode runs the binary with --webhook-url on a port of
// its choosing, stops it with SIGTERM in the middle of a dialogue and
// starts it again on another port, with the same secret (every instance of
// one bot registers the same one): the updates
// Telegram could not post while it was down arrive after the restart,
// and the dialogue goes on with no reply lost or repeated.
func TestSIGTERMInWebhookMode(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	bin := buildClubbot(t)
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	clubID := seedClub(t, db, "CLB Hoa Sen")
	code := seedInvite(t, db, clubID)
	var logs lockedBuffer
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("clubbot logs:\n%s", logs.String())
		}
	})

	first := startWebhookBinary(t, bin, srv, dbPath, &logs)
	_, secret1 := srv.Webhook()
	u := newUser(t, srv, 811)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/member"), "Họ và tên")
	wantText(t, u.say("Trần Văn Hùng"), "Giới tính")
	first.stop(t)
	if out, err := db.PendingOutbox(context.Background(), 0); err != nil || len(out) != 0 {
		t.Errorf("after SIGTERM, %d replies were left in the outbox (%v)", len(out), err)
	}

	// Answers given while the bot is down wait at Telegram.
	srv.SendText(u.chat, u.user, "2")
	srv.SendText(u.chat, u.user, "1948")
	second := startWebhookBinary(t, bin, srv, dbPath, &logs)
	if _, secret2 := srv.Webhook(); secret2 != secret1 {
		t.Errorf("the restarted bot registered secret %q, want the bot's one secret %q again", secret2, secret1)
	}
	got := u.reply()
	for !strings.Contains(got, "Hoàn cảnh") {
		got += "\n" + u.reply()
	}
	// The fake drops an update once it has read the bot's 200, which can
	// come after the reply the update caused: wait for it, not for a reply.
	waitUntil(t, "Telegram has delivered every update", func() bool { return len(srv.Pending()) == 0 })
	wantText(t, got, "Năm sinh?")
	wantText(t, got, "Hoàn cảnh hộ gia đình?")
	wantText(t, u.press("Hộ nghèo"), "dân tộc thiểu số")
	second.stop(t)
	assertNoDuplicateReplies(t, srv, u.chat)
	if n := srv.Calls("getUpdates"); n != 0 {
		t.Errorf("the bot called getUpdates %d times in webhook mode", n)
	}
}

// webhookBinary is one run of `clubbot serve --webhook-url`.
type webhookBinary struct {
	cmd    *exec.Cmd
	exited chan error
}

// startWebhookBinary runs the binary in webhook mode on a port it picks,
// reads the port from its log, routes the fake's posts there and waits
// for the webhook to be registered.
func startWebhookBinary(t *testing.T, bin string, srv *telegramtest.Server, dbPath string, logs *lockedBuffer) *webhookBinary {
	t.Helper()
	before := len(logs.String())
	cmd := exec.Command(bin, "serve", "--db", dbPath, "--no-schedule", "-v",
		"--webhook-url", "https://clubbot.example.vn/tg/hook", "--listen", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TELEGRAM_BOT_TOKEN="+srv.Token(), "TELEGRAM_API_ENDPOINT="+srv.Endpoint())
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	b := &webhookBinary{cmd: cmd, exited: make(chan error, 1)}
	go func() { b.exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if b.cmd != nil {
			b.cmd.Process.Kill()
			<-b.exited
		}
	})
	listening := regexp.MustCompile(`"msg":"webhook listening"[^\n]*?"addr":"([^"]+)"`)
	var addr string
	waitUntil(t, "the binary listens", func() bool {
		if m := listening.FindStringSubmatch(logs.String()[before:]); m != nil {
			addr = m[1]
		}
		return addr != ""
	})
	srv.RouteWebhook("http://" + addr)
	waitUntil(t, "the webhook is registered", func() bool {
		return strings.Contains(logs.String()[before:], `"msg":"webhook registered"`)
	})
	return b
}

// stop sends SIGTERM and checks the binary exits 0 within 10 s.
func (b *webhookBinary) stop(t *testing.T) {
	t.Helper()
	b.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-b.exited:
		if err != nil {
			t.Errorf("clubbot exited with %v after SIGTERM, want 0", err)
		}
	case <-time.After(shutdownFlushWait + 2*time.Second):
		t.Errorf("clubbot did not stop within 10s of SIGTERM")
		b.cmd.Process.Kill()
		<-b.exited
	}
	b.cmd = nil
}
