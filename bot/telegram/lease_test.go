package telegram

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// memLease is a lease in memory, on the real clock, shared by the
// channels of a test as the database's is by processes.
type memLease struct {
	mu      sync.Mutex
	ttl     time.Duration
	holder  string
	expires time.Time
}

// heldBy is the lease as holder takes it.
type heldBy struct {
	l      *memLease
	holder string
}

func (h heldBy) Take(context.Context) (bool, error) {
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	now := time.Now()
	if h.l.holder != h.holder && now.Before(h.l.expires) {
		return false, nil
	}
	h.l.holder, h.l.expires = h.holder, now.Add(h.l.ttl)
	return true, nil
}

func (h heldBy) Release(context.Context) error {
	h.l.mu.Lock()
	defer h.l.mu.Unlock()
	if h.l.holder == h.holder {
		h.l.holder = ""
	}
	return nil
}

func (l *memLease) current() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.holder
}

// TestOnlyTheLeaseHolderPollsAndTheOtherTakesOver runs two channels on one
// bot with one lease: the holder's updates are recorded, and when it stops
// the other takes the lease and the updates that follow, each recorded
// once.
func TestOnlyTheLeaseHolderPollsAndTheOtherTakesOver(t *testing.T) {
	inbox := newInbox()
	srv := telegramtest.NewServer(t)
	lease := &memLease{ttl: 300 * time.Millisecond}
	a := channelOn(t, srv, inbox, WithLease(heldBy{lease, "A"}, 20*time.Millisecond), WithPollTimeout(time.Second))
	stopA := startPoll(t, a)
	waitFor(t, srv, "A polls", func() bool { return lease.current() == "A" && srv.Calls("getUpdates") > 0 })
	b := channelOn(t, srv, inbox, WithLease(heldBy{lease, "B"}, 20*time.Millisecond), WithPollTimeout(time.Second))
	startPoll(t, b)
	waitFor(t, srv, "B stands by, in contact", func() bool { return !b.LastContact().IsZero() })
	lan := telegramtest.User{ID: 501, FirstName: "Lan"}
	first := srv.SendText(501, lan, "một")
	inbox.wait(t, 1)
	stopA() // releases the lease
	waitFor(t, srv, "B takes the lease", func() bool { return lease.current() == "B" })
	second := srv.SendText(501, lan, "hai")
	got := inbox.wait(t, 2)
	if got[0].Key != Key(first) || got[1].Key != Key(second) {
		t.Fatalf("recorded %v, want %s then %s", got, Key(first), Key(second))
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(inbox.recorded()); n != 2 {
		t.Fatalf("%d events recorded, want 2", n)
	}
}

// TestAHolderThatCannotRenewStopsPolling takes the lease away from its
// holder: it stops calling getUpdates at its next renewal, and an update
// sent after is left to the next holder, not recorded.
func TestAHolderThatCannotRenewStopsPolling(t *testing.T) {
	inbox := newInbox()
	srv := telegramtest.NewServer(t)
	lease := &memLease{ttl: time.Minute}
	a := channelOn(t, srv, inbox, WithLease(heldBy{lease, "A"}, 20*time.Millisecond), WithPollTimeout(time.Second))
	startPoll(t, a)
	waitFor(t, srv, "A polls", func() bool { return srv.Calls("getUpdates") > 0 })
	lease.mu.Lock()
	lease.holder = "B" // B took it: A's lease expired while it was cut off
	lease.mu.Unlock()
	time.Sleep(100 * time.Millisecond)
	calls := srv.Calls("getUpdates")
	srv.SendText(501, telegramtest.User{ID: 501, FirstName: "Lan"}, "một")
	time.Sleep(1200 * time.Millisecond) // past the long poll in flight
	if n := srv.Calls("getUpdates"); n != calls {
		t.Fatalf("getUpdates called %d times after the lease was lost", n-calls)
	}
	if n := len(inbox.recorded()); n != 0 {
		t.Fatalf("%d events recorded without the lease", n)
	}
}

// TestASecondPollerIsToldOnce polls one bot from two channels without a
// lease, as two processes misconfigured would: Telegram's 409 Conflict is
// logged once by each, polling goes on, and every update is recorded.
func TestASecondPollerIsToldOnce(t *testing.T) {
	inbox := newInbox()
	srv := telegramtest.NewServer(t)
	var logs bytes.Buffer
	var mu sync.Mutex
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &mu}, nil))
	for range 2 {
		api, err := srv.NewAPI()
		if err != nil {
			t.Fatal(err)
		}
		startPoll(t, New(api, inbox, nil, log, WithBackoff(5*time.Millisecond, 20*time.Millisecond), WithPollTimeout(time.Second)))
	}
	waitFor(t, srv, "conflicts", func() bool { return srv.Calls("getUpdates") > 20 })
	srv.SendText(501, telegramtest.User{ID: 501, FirstName: "Lan"}, "một")
	inbox.wait(t, 1)
	mu.Lock()
	defer mu.Unlock()
	if n := strings.Count(logs.String(), "409 Conflict"); n < 1 || n > 2 {
		t.Fatalf("409 logged %d times, want once per poller:\n%s", n, logs.String())
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
