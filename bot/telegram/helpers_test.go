package telegram

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// memInbox is an in-memory Inbox that can be told to fail.
type memInbox struct {
	mu       sync.Mutex
	changed  chan struct{}
	seen     map[string]bool
	events   []bot.Inbound
	attempts map[string]int // RecordInbound calls per key
	failures map[string]int // key -> calls still to fail
	onRecord func(in bot.Inbound)
}

func newInbox() *memInbox {
	return &memInbox{changed: make(chan struct{}), seen: map[string]bool{},
		attempts: map[string]int{}, failures: map[string]int{}}
}

var errStoreLocked = errors.New("store is locked")

func (m *memInbox) RecordInbound(ctx context.Context, in bot.Inbound, at time.Time) (bool, error) {
	m.mu.Lock()
	m.attempts[in.Key]++
	if m.failures[in.Key] > 0 {
		m.failures[in.Key]--
		m.mu.Unlock()
		return false, errStoreLocked
	}
	if m.seen[in.Key] {
		m.mu.Unlock()
		return false, nil
	}
	m.seen[in.Key] = true
	m.events = append(m.events, in)
	close(m.changed)
	m.changed = make(chan struct{})
	hook := m.onRecord
	m.mu.Unlock()
	if hook != nil {
		hook(in)
	}
	return true, nil
}

func (m *memInbox) failKey(key string, times int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.failures[key] = times
}

func (m *memInbox) attemptsFor(key string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.attempts[key]
}

func (m *memInbox) recorded() []bot.Inbound {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]bot.Inbound(nil), m.events...)
}

// wait waits until n events are recorded and returns them.
func (m *memInbox) wait(t *testing.T, n int) []bot.Inbound {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		m.mu.Lock()
		if len(m.events) >= n {
			out := append([]bot.Inbound(nil), m.events...)
			m.mu.Unlock()
			return out
		}
		ch := m.changed
		m.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("timed out waiting for %d inbound events; have %+v", n, m.recorded())
		}
	}
}

// newChannel starts a fake server and a Channel on it with short backoffs.
func newChannel(t *testing.T, inbox Inbox, opts ...Option) (*telegramtest.Server, *Channel) {
	t.Helper()
	srv := telegramtest.NewServer(t)
	return srv, channelOn(t, srv, inbox, opts...)
}

func channelOn(t *testing.T, srv *telegramtest.Server, inbox Inbox, opts ...Option) *Channel {
	t.Helper()
	api, err := srv.NewAPI()
	if err != nil {
		t.Fatalf("NewAPI: %v", err)
	}
	opts = append([]Option{WithBackoff(5*time.Millisecond, 50*time.Millisecond)}, opts...)
	return New(api, inbox, nil, nil, opts...)
}

// startPoll runs ch.Poll until the test ends (or stop is called) and checks
// it returns context.Canceled.
func startPoll(t *testing.T, ch *Channel) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ch.Poll(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("Poll returned %v, want context.Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Errorf("Poll did not return after cancel")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

func waitFor(t *testing.T, srv *telegramtest.Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.WaitFor(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func ctxTimeout(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
