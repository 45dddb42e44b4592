package relay_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/messages"
)

// fakeClock is a clock whose timers fire when the test moves it on.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, fakeTimer{at: c.now.Add(d), ch: ch})
	return ch
}

// Advance moves the clock on by d and fires the timers that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	var left []fakeTimer
	for _, t := range c.timers {
		if t.at.After(c.now) {
			left = append(left, t)
		} else {
			t.ch <- c.now
		}
	}
	c.timers = left
}

// recorder is a handler that notes the order in which each chat's events
// reach the engine.
type recorder struct {
	next relay.Handler
	mu   sync.Mutex
	keys map[string][]string
}

func (r *recorder) Handle(ctx context.Context, in bot.Inbound) error {
	err := r.next.Handle(ctx, in)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys[in.ChatID] = append(r.keys[in.ChatID], in.Key)
	return err
}

func (r *recorder) handled(chat string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.keys[chat]...)
}

// waitFor polls until cond holds; the deadline only guards against a hang
// and plays no part in what is asserted.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting until %s", what)
		}
	}
}

// TestAFloodingChatIsSlowedAlone sends a hundred messages at once from one
// chat while another chat goes through a dialogue: the other chat's
// answers come without the clock moving, the flooder is told once that it
// is slowed, and its hundred messages are all handled, in order, one per
// second after the first ten.
func TestAFloodingChatIsSlowedAlone(t *testing.T) {
	h := newHarness(t)
	h.onboard("flood")
	h.say("flood", "/lang en") // the notice is in the flooder's language
	h.onboard("calm")
	clock := &fakeClock{now: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)}
	rec := &recorder{next: h.engine, keys: map[string][]string{}}
	lim := relay.FloodLimit{Every: time.Second, Burst: 10, Notify: h.engine, Now: clock.Now, After: clock.After}
	d := relay.NewDispatcher(h.db, rec, nil, lim, 2, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx) }()
	defer func() { cancel(); <-done }()

	var flood, want []string
	var ins []bot.Inbound
	for i := 1; i <= 100; i++ {
		in := h.record("flood", fmt.Sprintf("flood:%03d", i), bot.Inbound{Kind: bot.InputText, Text: fmt.Sprintf("tin %d", i)})
		ins, want = append(ins, in), append(want, in.Key)
	}
	d.Submit(ins)
	dialogue := []bot.Inbound{
		{Kind: bot.InputCommand, Command: "member"}, {Kind: bot.InputText, Text: "Nguyễn Thị Lan"},
		{Kind: bot.InputText, Text: "nu"}, {Kind: bot.InputText, Text: "1958"}, {Kind: bot.InputText, Text: "3"},
		{Kind: bot.InputText, Text: "k"}, {Kind: bot.InputText, Text: "k"}, {Kind: bot.InputText, Text: "luu"},
	}
	for i, in := range dialogue {
		d.Submit([]bot.Inbound{h.record("calm", fmt.Sprintf("calm:%d", i), in)})
		waitUntil(t, fmt.Sprintf("the calm chat's answer %d is handled", i+1), func() bool { return len(rec.handled("calm")) == i+1 })
	}
	if ms := h.members(); len(ms) != 1 || ms[0].FullName != "Nguyễn Thị Lan" {
		t.Fatalf("the calm chat's dialogue saved %+v", ms)
	}
	waitUntil(t, "the flood's first ten are handled", func() bool { return len(rec.handled("flood")) >= 10 })
	if n := len(rec.handled("flood")); n != 10 {
		t.Fatalf("%d of the flood handled before the clock moved, want the burst of 10", n)
	}
	for n := 10; n < 100; n++ {
		clock.Advance(time.Second)
		waitUntil(t, fmt.Sprintf("flood message %d is handled", n+1), func() bool { return len(rec.handled("flood")) == n+1 })
	}
	if flood = rec.handled("flood"); strings.Join(flood, " ") != strings.Join(want, " ") {
		t.Errorf("the flood was handled in the order\n%v\nwant\n%v", flood, want)
	}
	if n := h.outboxCount("flood", messages.Render("en", "flood.slow_down", nil)); n != 1 {
		t.Errorf("the flooder got %d notices in English, want 1", n)
	}
	if n := h.outboxCount("calm", messages.Render("vi", "flood.slow_down", nil)); n != 0 {
		t.Errorf("the calm chat got %d flood notices", n)
	}
}

// record writes an event from chat to the backlog, as a channel would.
func (h *harness) record(chat, key string, in bot.Inbound) bot.Inbound {
	h.t.Helper()
	in.Key, in.Channel, in.ChatID, in.ChannelUserID, in.Name = key, "test", chat, chat, "Bà Lan"
	if _, err := h.db.RecordInbound(h.ctx, in, h.now); err != nil {
		h.t.Fatal(err)
	}
	return in
}

// outboxCount is how many messages queued for chat hold text.
func (h *harness) outboxCount(chat, text string) int {
	h.t.Helper()
	out, err := h.db.PendingOutbox(h.ctx, 10000)
	if err != nil {
		h.t.Fatal(err)
	}
	n := 0
	for _, o := range out {
		if o.ChatID == chat && strings.Contains(o.Text, text) {
			n++
		}
	}
	return n
}
