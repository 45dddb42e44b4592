package relay

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// memOutbox is an in-memory Outbox.
type memOutbox struct {
	mu       sync.Mutex
	pending  map[int64]bot.Outgoing
	claimed  map[int64]bool
	failed   map[int64]string
	inactive []string
}

func newMemOutbox(msgs ...bot.Outgoing) *memOutbox {
	m := &memOutbox{pending: map[int64]bot.Outgoing{}, claimed: map[int64]bool{}, failed: map[int64]string{}}
	for _, o := range msgs {
		m.pending[o.ID] = o
	}
	return m
}

func (m *memOutbox) PendingOutbox(context.Context, int) ([]bot.Outgoing, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []bot.Outgoing
	for _, o := range m.pending {
		out = append(out, o)
	}
	return out, nil
}

func (m *memOutbox) ClaimOutbox(_ context.Context, id int64, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.pending[id]; !ok {
		return bot.Errorf(bot.ENOTFOUND, "no pending message %d", id)
	}
	m.claimed[id] = true
	return nil
}

func (m *memOutbox) UnclaimOutbox(_ context.Context, id int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.claimed, id)
	return nil
}

func (m *memOutbox) ResolveClaims(ctx context.Context, at time.Time) ([]bot.Outgoing, error) {
	m.mu.Lock()
	var out []bot.Outgoing
	for id := range m.claimed {
		out = append(out, m.pending[id])
	}
	m.mu.Unlock()
	for _, o := range out {
		m.MarkFailed(ctx, o.ID, "uncertain", at)
	}
	return out, nil
}

func (m *memOutbox) MarkSent(_ context.Context, id int64, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.pending, id)
	delete(m.claimed, id)
	return nil
}

func (m *memOutbox) MarkFailed(ctx context.Context, id int64, reason string, at time.Time) error {
	m.mu.Lock()
	m.failed[id] = reason
	m.mu.Unlock()
	return m.MarkSent(ctx, id, at)
}

func (m *memOutbox) MarkInactive(_ context.Context, channel, chatID string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inactive = append(m.inactive, channel+"/"+chatID)
	return nil
}

func (m *memOutbox) MarkUnreachable(_ context.Context, o bot.Outgoing, _ time.Time) ([]bot.Outgoing, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.pending, o.ID)
	m.failed[o.ID] = "unreachable"
	m.inactive = append(m.inactive, o.Channel+"/"+o.ChatID)
	return nil, nil
}

// flakyChannel records what it sends and refuses each id in fail once
// with its error.
type flakyChannel struct {
	mu   sync.Mutex
	sent []int64
	fail map[int64]error
}

func (c *flakyChannel) Send(_ context.Context, o bot.Outgoing) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.fail[o.ID]; err != nil {
		delete(c.fail, o.ID)
		return err
	}
	c.sent = append(c.sent, o.ID)
	return nil
}

func (c *flakyChannel) got() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]int64(nil), c.sent...)
}

// countingObserver counts send results.
type countingObserver struct {
	mu      sync.Mutex
	results map[string]int
}

func (o *countingObserver) SendResult(_, result string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.results == nil {
		o.results = map[string]int{}
	}
	o.results[result]++
}

func (o *countingObserver) count(result string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.results[result]
}

var tooMany = &bot.SendError{RetryAfter: 20 * time.Millisecond, Err: errors.New("429 Too Many Requests")}

// runSender runs s until cond holds (or 5 s pass), then stops it.
func runSender(t *testing.T, s *Sender, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		s.wakeUp()
	}
	time.Sleep(30 * time.Millisecond)
	cancel()
	<-done
}

// TestSenderKeepsOrderThroughRetriesAndSendsOnce submits a chat's messages,
// has the channel refuse one of them once, and lets the outbox list them
// too: each goes out once, in order.
func TestSenderKeepsOrderThroughRetriesAndSendsOnce(t *testing.T) {
	msgs := []bot.Outgoing{{ID: 1, Channel: "c", ChatID: "a"}, {ID: 2, Channel: "c", ChatID: "a"},
		{ID: 3, Channel: "c", ChatID: "a"}, {ID: 4, Channel: "c", ChatID: "b"}}
	outbox := newMemOutbox(msgs...)
	ch := &flakyChannel{fail: map[int64]error{2: tooMany}}
	obs := &countingObserver{}
	s := NewSender(outbox, map[string]bot.Channel{"c": ch}, time.Now, slog.New(slog.DiscardHandler),
		WithRateLimits(bot.RateLimits{}), WithSendObserver(obs))
	s.Submit(msgs[:3])
	s.Submit(msgs) // again, as after a read of the outbox: nothing twice
	runSender(t, s, func() bool { return len(ch.got()) >= 4 })
	var chatA []int64
	for _, id := range ch.got() {
		if id != 4 {
			chatA = append(chatA, id)
		}
	}
	if len(ch.got()) != 4 || !slices.Equal(chatA, []int64{1, 2, 3}) {
		t.Fatalf("sent %v, want 1 2 3 in order and 4, each once", ch.got())
	}
	if left, _ := outbox.PendingOutbox(context.Background(), 0); len(left) != 0 {
		t.Fatalf("outbox still lists %v", left)
	}
	if obs.count(bot.SendSent) != 4 || obs.count(bot.SendRateLimited) != 1 {
		t.Fatalf("observed %v, want 4 sent and 1 rate limited", obs.results)
	}
}

// TestUncertainMessagesAreNotSentAgain starts a sender on an outbox where
// a message was claimed by a process that died before marking it: it is
// recorded as uncertain and not sent; the others go out.
func TestUncertainMessagesAreNotSentAgain(t *testing.T) {
	outbox := newMemOutbox(bot.Outgoing{ID: 1, Channel: "c", ChatID: "a"}, bot.Outgoing{ID: 2, Channel: "c", ChatID: "a"})
	outbox.claimed[1] = true
	ch := &flakyChannel{}
	obs := &countingObserver{}
	s := NewSender(outbox, map[string]bot.Channel{"c": ch}, time.Now, slog.New(slog.DiscardHandler), WithSendObserver(obs))
	runSender(t, s, func() bool { return len(ch.got()) >= 1 })
	if got := ch.got(); !slices.Equal(got, []int64{2}) {
		t.Fatalf("sent %v, want only 2", got)
	}
	if outbox.failed[1] != "uncertain" || obs.count(bot.SendUncertain) != 1 {
		t.Fatalf("message 1: failed %q, %d uncertain observed", outbox.failed[1], obs.count(bot.SendUncertain))
	}
}

// TestBlockedUserIsMarkedInactive has the channel answer that the user
// blocked the bot: the message is failed, not retried, and the chat's
// user marked inactive.
func TestBlockedUserIsMarkedInactive(t *testing.T) {
	outbox := newMemOutbox(bot.Outgoing{ID: 1, Channel: "c", ChatID: "a", Bulk: true})
	blocked := &bot.SendError{Blocked: true, Err: errors.New("Forbidden: bot was blocked by the user")}
	ch := &flakyChannel{fail: map[int64]error{1: blocked}}
	obs := &countingObserver{}
	s := NewSender(outbox, map[string]bot.Channel{"c": ch}, time.Now, slog.New(slog.DiscardHandler), WithSendObserver(obs))
	runSender(t, s, func() bool { return obs.count(bot.SendBlocked) > 0 })
	if len(ch.got()) != 0 || outbox.failed[1] == "" || !slices.Equal(outbox.inactive, []string{"c/a"}) {
		t.Fatalf("sent %v, failed %q, inactive %v", ch.got(), outbox.failed[1], outbox.inactive)
	}
	if obs.count(bot.SendBlocked) != 1 || obs.count(bot.SendRetry) != 0 {
		t.Fatalf("observed %v", obs.results)
	}
}

// TestFlushSendsEverythingWithinLimits flushes more messages to one chat
// than its burst: Flush waits for the chat's limit and returns with the
// outbox empty.
func TestFlushSendsEverythingWithinLimits(t *testing.T) {
	var msgs []bot.Outgoing
	for i := range 4 {
		msgs = append(msgs, bot.Outgoing{ID: int64(i + 1), Channel: "c", ChatID: "a"})
	}
	outbox := newMemOutbox(msgs...)
	ch := &flakyChannel{}
	s := NewSender(outbox, map[string]bot.Channel{"c": ch}, time.Now, slog.New(slog.DiscardHandler),
		WithRateLimits(bot.RateLimits{ChatPerSecond: 20, ChatBurst: 2}))
	if _, err := s.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := ch.got(); !slices.Equal(got, []int64{1, 2, 3, 4}) {
		t.Fatalf("sent %v", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Flush(ctx); err != nil {
		t.Fatalf("flush of an empty outbox: %v", err)
	}
}
