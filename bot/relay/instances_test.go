package relay_test

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/store"
)

// openSecond opens the harness's database file a second time, as a second
// serve process would.
func (h *harness) openSecond() *store.DB {
	h.t.Helper()
	db, err := store.Open(h.ctx, h.path, store.WithClock(h.clock), store.WithLogger(nil))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { db.Close() })
	return db
}

// sentLog is a channel that records what it sends, slowly enough that two
// senders overlap.
type sentLog struct {
	mu   sync.Mutex
	sent []bot.Outgoing
}

func (l *sentLog) Send(_ context.Context, o bot.Outgoing) error {
	time.Sleep(time.Millisecond)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent = append(l.sent, o)
	return nil
}

func (l *sentLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.sent)
}

// TestTwoSendersSendEachMessageOnceAndEachChatInOrder runs two senders,
// each on its own handle of one database file under its own instance id,
// over one outbox of ten chats with ten messages each: every message goes
// out once, and each chat's in order, whichever sender takes it.
func TestTwoSendersSendEachMessageOnceAndEachChatInOrder(t *testing.T) {
	h := newHarness(t)
	second := h.openSecond()
	var msgs []bot.Outgoing
	for i := range 10 {
		for chat := range 10 {
			msgs = append(msgs, bot.Outgoing{Channel: "test", ChatID: strconv.Itoa(chat), Text: strconv.Itoa(i)})
		}
	}
	if err := h.db.InTx(h.ctx, func(tx bot.Writer) error { return tx.Enqueue(h.ctx, msgs, h.now) }); err != nil {
		t.Fatal(err)
	}
	log := &sentLog{}
	ctx, cancel := context.WithCancel(h.ctx)
	defer cancel()
	var wg sync.WaitGroup
	for i, db := range []*store.DB{h.db, second} {
		id := fmt.Sprintf("instance-%d", i)
		if err := db.Heartbeat(h.ctx, id, h.now); err != nil {
			t.Fatal(err)
		}
		s := relay.NewSender(db.Instance(id), map[string]bot.Channel{"test": log}, h.clock, slog.New(slog.DiscardHandler),
			relay.WithRateLimits(bot.RateLimits{}))
		wg.Go(func() { s.Run(ctx) })
	}
	deadline := time.Now().Add(20 * time.Second)
	for log.count() < len(msgs) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // a message sent twice would show now
	cancel()
	wg.Wait()
	if n := log.count(); n != len(msgs) {
		t.Fatalf("%d messages sent, want %d", n, len(msgs))
	}
	next := map[string]int{}
	for _, o := range log.sent {
		if want := strconv.Itoa(next[o.ChatID]); o.Text != want {
			t.Fatalf("chat %s got message %s, want %s", o.ChatID, o.Text, want)
		}
		next[o.ChatID]++
	}
}

// echoDigest is a composer of one message naming its recipient.
type echoDigest struct{}

func (echoDigest) Compose(_ context.Context, r bot.Recipient, _ time.Time) ([]bot.Outgoing, error) {
	return []bot.Outgoing{{Channel: r.Channel, ChatID: r.ChatID, Text: "digest for " + r.ChatID, Bulk: true}}, nil
}

// TestTwoDeliverersQueueOneDigestPerRecipient fires the weekly digest in
// two processes at the same moment: each officer gets one message.
func TestTwoDeliverersQueueOneDigestPerRecipient(t *testing.T) {
	h := newHarness(t)
	second := h.openSecond()
	const officers = 30
	for i := range officers {
		u := bot.User{Name: fmt.Sprintf("Officer %d", i), Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
		if err := h.db.CreateUser(h.ctx, &u); err != nil {
			t.Fatal(err)
		}
		if err := h.db.AddAccount(h.ctx, bot.Account{Channel: "test", ChannelUserID: strconv.Itoa(100 + i), UserID: u.ID}); err != nil {
			t.Fatal(err)
		}
	}
	schedule, err := cron.ParseStandard("30 7 * * 1")
	if err != nil {
		t.Fatal(err)
	}
	monday := func() time.Time { return time.Date(2026, 11, 30, 7, 30, 0, 0, bot.Vietnam()) }
	var wg sync.WaitGroup
	for _, db := range []*store.DB{h.db, second} {
		d := &relay.Deliverer{Kind: "digest", Store: db, Composer: echoDigest{}, Schedule: schedule, Period: bot.ISOWeek,
			Now: monday, Log: slog.New(slog.DiscardHandler), Patience: 2 * time.Hour}
		wg.Go(func() {
			if _, err := d.Run(h.ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	out, err := h.db.PendingOutbox(h.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]int{}
	for _, o := range out {
		per[o.ChatID]++
	}
	if len(out) != officers || len(per) != officers {
		t.Fatalf("%d digests queued for %d officers, want one each: %v", len(out), len(per), per)
	}
}

// memberLines is a leader's whole dialogue adding a member, typed.
var memberLines = []string{"/member", "Nguyễn Thị Hoa", "1", "1950", "3", "k", "k", "luu", "khong"}

// recordLines records lines of chat as a channel would and returns the events.
func (h *harness) recordLines(chat string, lines []string) []bot.Inbound {
	h.t.Helper()
	var ins []bot.Inbound
	for _, line := range lines {
		in := bot.Inbound{Kind: bot.InputText, Text: line}
		if name, ok := strings.CutPrefix(line, "/"); ok {
			in = bot.Inbound{Kind: bot.InputCommand, Command: name}
		}
		h.n++
		in.Key, in.Channel, in.ChatID, in.ChannelUserID = fmt.Sprintf("test:%d", h.n), "test", chat, chat
		if _, err := h.db.RecordInbound(h.ctx, in, h.now); err != nil {
			h.t.Fatal(err)
		}
		ins = append(ins, in)
	}
	return ins
}

// queuedTexts returns the texts queued for chat and not yet sent, in order.
func (h *harness) queuedTexts(chat string) string {
	h.t.Helper()
	out, err := h.db.PendingOutbox(h.ctx, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	var texts []string
	for _, o := range out {
		if o.ChatID == chat {
			texts = append(texts, o.Text)
		}
	}
	return strings.Join(texts, "\n~~~\n")
}

// TestTwoDispatchersHandleAChatInOrderAndOnce hands a leader's dialogue to
// two dispatchers, each with its engine on its own handle of one database
// file, as two serve processes behind a webhook would get it: the events
// alternate between them. The chat's replies come out as when one process
// handles the dialogue, once and in order, and the member is saved once.
func TestTwoDispatchersHandleAChatInOrderAndOnce(t *testing.T) {
	alone := newHarness(t)
	alone.onboard("1")
	for _, in := range alone.recordLines("1", memberLines) {
		if err := alone.engine.Handle(alone.ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	want := alone.queuedTexts("1")

	h := newHarness(t)
	h.onboard("1")
	second := h.openSecond()
	quiet := slog.New(slog.DiscardHandler)
	dispatchers := []*relay.Dispatcher{
		relay.NewDispatcher(h.db, h.engine, nil, relay.FloodLimit{}, 4, quiet),
		relay.NewDispatcher(second, engine.NewEngine(second, h.clock, engine.Config{}, quiet), nil, relay.FloodLimit{}, 4, quiet),
	}
	ins := h.recordLines("1", memberLines)
	for i, in := range ins {
		dispatchers[i%2].Submit([]bot.Inbound{in})
	}
	ctx, cancel := context.WithCancel(h.ctx)
	var wg sync.WaitGroup
	for _, d := range dispatchers {
		wg.Go(func() { d.Run(ctx) })
	}
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if pending, err := h.db.PendingInbound(h.ctx, 0); err == nil && len(pending) == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	if got := h.queuedTexts("1"); got != want {
		t.Fatalf("the chat got\n%s\nwant\n%s", got, want)
	}
	if ms := h.members(); len(ms) != 1 || ms[0].FullName != "Nguyễn Thị Hoa" {
		t.Fatalf("database holds %+v", ms)
	}
}
