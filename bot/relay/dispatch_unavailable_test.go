package relay_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/store/storetest"
)

// chatLog is a channel and a direct sender that keeps what it was given.
type chatLog struct {
	mu   sync.Mutex
	sent []bot.Outgoing
}

func (c *chatLog) Send(_ context.Context, o bot.Outgoing) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent = append(c.sent, o)
	return nil
}

func (c *chatLog) SendDirect(ctx context.Context, o bot.Outgoing) error { return c.Send(ctx, o) }

// count returns how many messages to chat contain s.
func (c *chatLog) count(chat, s string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, o := range c.sent {
		if o.ChatID == chat && strings.Contains(o.Text, s) {
			n++
		}
	}
	return n
}

// texts returns what chat was sent.
func (c *chatLog) texts(chat string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, o := range c.sent {
		if o.ChatID == chat {
			out = append(out, o.Text)
		}
	}
	return out
}

// failingStore is a store whose first fails transactions fail as if the
// database were locked.
type failingStore struct {
	bot.Store
	fails atomic.Int32
}

func (f *failingStore) InTx(ctx context.Context, fn func(tx bot.Writer) error) error {
	if f.fails.Add(-1) >= 0 {
		return fmt.Errorf("begin: %w", bot.Errorf(bot.EUNAVAILABLE, "database is locked"))
	}
	return f.Store.InTx(ctx, fn)
}

// countingNotifier counts the notices it passes on.
type countingNotifier struct {
	next  relay.UnavailableNotifier
	calls atomic.Int32
}

func (c *countingNotifier) Unavailable(ctx context.Context, in bot.Inbound, cause error) {
	c.calls.Add(1)
	c.next.Unavailable(ctx, in, cause)
}

// toSummary links chat as the leader and fills a new member's dialogue up
// to its summary.
func toSummary(h *harness, chat, name string) {
	h.t.Helper()
	h.onboard(chat)
	h.say(chat, "/member")
	for _, answer := range []string{name, "1", "1950", "3", "k", "k"} {
		h.say(chat, answer)
	}
}

// recordSave records the leader's "luu" at the summary, for a dispatcher.
func recordSave(h *harness, chat string) {
	h.t.Helper()
	in := bot.Inbound{Key: "test:save-" + chat, Channel: "test", ChatID: chat, ChannelUserID: chat,
		Kind: bot.InputText, Text: "luu"}
	if _, err := h.db.RecordInbound(h.ctx, in, h.now); err != nil {
		h.t.Fatal(err)
	}
}

// runDispatcher runs d (and sender, if any) until the test ends.
func runDispatcher(t *testing.T, d *relay.Dispatcher, sender *relay.Sender) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { d.Run(ctx) })
	if sender != nil {
		wg.Go(func() { sender.Run(ctx) })
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func (h *harness) pendingInbound() int {
	pending, err := h.db.PendingInbound(h.ctx, 10)
	if err != nil {
		h.t.Fatal(err)
	}
	return len(pending)
}

func TestStoreFailingThreeTimesTellsTheUserOnceThenSavesOnce(t *testing.T) {
	h := newHarness(t)
	toSummary(h, "1", "Nguyễn Thị Mai")
	fs := &failingStore{Store: h.db}
	fs.fails.Store(3)
	log := slog.New(slog.DiscardHandler)
	engine := engine.NewEngine(fs, h.clock, engine.Config{}, log)
	chat := &chatLog{}
	notice := &countingNotifier{next: relay.NewUnavailableNotice(chat, h.db, h.clock, log)}
	d := relay.NewDispatcher(h.db, engine, notice, relay.FloodLimit{}, 2, log)
	recordSave(h, "1")
	runDispatcher(t, d, nil)
	waitFor(t, "the save to be handled", func() bool { return h.pendingInbound() == 0 })

	if got := notice.calls.Load(); got != 3 {
		t.Errorf("the notifier heard of %d failures, want 3", got)
	}
	if got := chat.texts("1"); len(got) != 1 || got[0] != "Hệ thống đang bận. Bác vui lòng thử lại sau một phút." {
		t.Errorf("the user was told %q, want the busy notice once", got)
	}
	if ms := h.members(); len(ms) != 1 || ms[0].FullName != "Nguyễn Thị Mai" {
		t.Errorf("members %+v, want Nguyễn Thị Mai once", ms)
	}
	out, err := h.db.PendingOutbox(h.ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 {
		t.Fatalf("outbox holds %d messages, want the one reply", len(out))
	}
	expect(t, out[0].Text, "Đã lưu thành viên Nguyễn Thị Mai")
}

func TestLockedDatabaseTellsTheUserOnceAndRepliesOnceUnlocked(t *testing.T) {
	if storetest.OnPostgres() {
		t.Skip("SQLite only: another process holds the file's write lock (store's TestLockedRowIsUnavailable is PostgreSQL's)")
	}
	h := newHarnessWith(t, store.WithBusyTimeout(20*time.Millisecond))
	toSummary(h, "1", "Nguyễn Thị Mai")
	recordSave(h, "1") // recorded, then the database locks
	// Another process holds the write lock.
	other, err := sql.Open("sqlite3", h.path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.Conn(h.ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if _, err := lock.ExecContext(h.ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}

	log := slog.New(slog.DiscardHandler)
	chat := &chatLog{}
	sender := relay.NewSender(h.db, map[string]bot.Channel{"test": chat}, h.clock, log)
	h.engine.OnQueued = sender.Submit
	notice := &countingNotifier{next: relay.NewUnavailableNotice(sender, h.db, h.clock, log)}
	d := relay.NewDispatcher(h.db, h.engine, notice, relay.FloodLimit{}, 2, log)
	runDispatcher(t, d, sender)
	waitFor(t, "three failed tries", func() bool { return notice.calls.Load() >= 3 })
	if ms, err := h.db.Reader().ActiveMembers(h.ctx, h.clubID); err != nil || len(ms) != 0 {
		t.Fatalf("members %+v (%v) while the database was locked, want none", ms, err)
	}
	if _, err := lock.ExecContext(h.ctx, "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the reply", func() bool { return chat.count("1", "Đã lưu thành viên") > 0 })
	time.Sleep(50 * time.Millisecond) // room for a second reply, which must not come

	if n := chat.count("1", "Hệ thống đang bận"); n != 1 {
		t.Errorf("the busy notice came %d times, want once: %q", n, chat.texts("1"))
	}
	if n := chat.count("1", "Đã lưu thành viên <b>Nguyễn Thị Mai</b>"); n != 1 {
		t.Errorf("the reply came %d times, want once: %q", n, chat.texts("1"))
	}
	if ms := h.members(); len(ms) != 1 {
		t.Errorf("%d members saved, want 1", len(ms))
	}
}

// langs is a LangReader with fixed answers; an empty language fails the read.
type langs struct{ user, session string }

func (l langs) UserByAccount(context.Context, string, string) (bot.User, error) {
	if l.user == "" {
		return bot.User{}, bot.Errorf(bot.EUNAVAILABLE, "database is locked")
	}
	return bot.User{Lang: l.user}, nil
}

func (l langs) Session(context.Context, string, string) (bot.Session, error) {
	if l.session == "" {
		return bot.Session{}, bot.Errorf(bot.ENOTFOUND, "no session")
	}
	return bot.Session{Lang: l.session}, nil
}

func TestUnavailableNoticeSpeaksTheUsersLanguage(t *testing.T) {
	const vi, en = "Hệ thống đang bận. Bác vui lòng thử lại sau một phút.", "The system is busy. Please try again in a minute."
	for _, c := range []struct {
		name  string
		langs langs
		hint  string
		want  string
	}{
		{"user's language", langs{user: "en", session: "vi"}, "vi", en},
		{"chat's language when the user is unreadable", langs{session: "en"}, "vi", en},
		{"channel's hint when the store says nothing", langs{}, "en-US", en},
		{"Vietnamese otherwise", langs{}, "", vi},
	} {
		t.Run(c.name, func(t *testing.T) {
			chat := &chatLog{}
			n := relay.NewUnavailableNotice(chat, c.langs, time.Now, slog.New(slog.DiscardHandler))
			n.Unavailable(context.Background(), bot.Inbound{Channel: "test", ChatID: "1", LangHint: c.hint}, bot.Errorf(bot.EUNAVAILABLE, "x"))
			if got := chat.texts("1"); len(got) != 1 || got[0] != c.want {
				t.Errorf("sent %q, want %q", got, c.want)
			}
		})
	}
}

func TestUnavailableNoticeComesOnceAMinutePerChat(t *testing.T) {
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, bot.Vietnam())
	chat := &chatLog{}
	n := relay.NewUnavailableNotice(chat, langs{}, func() time.Time { return now }, slog.New(slog.DiscardHandler))
	fail := func(id string) {
		n.Unavailable(context.Background(), bot.Inbound{Channel: "test", ChatID: id}, bot.Errorf(bot.EUNAVAILABLE, "x"))
	}
	for _, step := range []struct {
		after time.Duration
		chat  string
		want1 int // notices chat 1 has had so far
		want2 int // notices chat 2 has had so far
	}{
		{0, "1", 1, 0},
		{10 * time.Second, "1", 1, 0},
		{10 * time.Second, "2", 1, 1},
		{39 * time.Second, "1", 1, 1},
		{time.Second, "1", 2, 1}, // a minute after the first
		{30 * time.Second, "2", 2, 2},
	} {
		now = now.Add(step.after)
		fail(step.chat)
		if got1, got2 := len(chat.texts("1")), len(chat.texts("2")); got1 != step.want1 || got2 != step.want2 {
			t.Fatalf("at %s after chat %s: notices %d and %d, want %d and %d", now.Format("15:04:05"), step.chat, got1, got2, step.want1, step.want2)
		}
	}
}
