package bot

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// memOutbox is an in-memory Outbox.
type memOutbox struct {
	mu      sync.Mutex
	pending map[int64]Outgoing
}

func (m *memOutbox) PendingOutbox(context.Context, int) ([]Outgoing, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Outgoing
	for _, o := range m.pending {
		out = append(out, o)
	}
	return out, nil
}

func (m *memOutbox) MarkSent(_ context.Context, id int64, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.pending, id)
	return nil
}

func (m *memOutbox) MarkFailed(ctx context.Context, id int64, _ string, at time.Time) error {
	return m.MarkSent(ctx, id, at)
}

// flakyChannel records what it sends and refuses each id in fail once.
type flakyChannel struct {
	mu   sync.Mutex
	sent []int64
	fail map[int64]bool
}

func (c *flakyChannel) Send(_ context.Context, o Outgoing) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail[o.ID] {
		delete(c.fail, o.ID)
		return &SendError{RetryAfter: 20 * time.Millisecond, Err: errors.New("429 Too Many Requests")}
	}
	c.sent = append(c.sent, o.ID)
	return nil
}

func (c *flakyChannel) got() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]int64(nil), c.sent...)
}

// TestSenderKeepsOrderThroughRetriesAndSendsOnce submits a chat's messages,
// has the channel refuse one of them once, and lets the outbox list them
// too: each goes out once, in order.
func TestSenderKeepsOrderThroughRetriesAndSendsOnce(t *testing.T) {
	msgs := []Outgoing{{ID: 1, Channel: "c", ChatID: "a"}, {ID: 2, Channel: "c", ChatID: "a"},
		{ID: 3, Channel: "c", ChatID: "a"}, {ID: 4, Channel: "c", ChatID: "b"}}
	outbox := &memOutbox{pending: map[int64]Outgoing{}}
	for _, o := range msgs {
		outbox.pending[o.ID] = o
	}
	ch := &flakyChannel{fail: map[int64]bool{2: true}}
	s := NewSender(outbox, map[string]Channel{"c": ch}, time.Now, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	s.Submit(msgs[:3])
	s.Submit(msgs) // again, as after a read of the outbox: nothing twice
	deadline := time.Now().Add(5 * time.Second)
	for len(ch.got()) < 4 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
		s.Wake()
	}
	time.Sleep(50 * time.Millisecond)
	cancel()
	<-done
	var chatA []int64
	for _, id := range ch.got() {
		if id != 4 {
			chatA = append(chatA, id)
		}
	}
	if len(ch.got()) != 4 || len(chatA) != 3 || chatA[0] != 1 || chatA[1] != 2 || chatA[2] != 3 {
		t.Fatalf("sent %v, want 1 2 3 in order and 4, each once", ch.got())
	}
	if left, _ := outbox.PendingOutbox(ctx, 0); len(left) != 0 {
		t.Fatalf("outbox still lists %v", left)
	}
}
