package relay

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// noJitter and topJitter are the extremes of a Jitter: nothing, and all
// that is allowed.
func noJitter(time.Duration) time.Duration        { return 0 }
func topJitter(limit time.Duration) time.Duration { return limit }

// seededJitter is a uniform Jitter from a fixed seed, so that a failure
// replays.
func seededJitter(seed uint64) Jitter {
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, 10))
	return func(limit time.Duration) time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return time.Duration(rng.Int64N(int64(limit) + 1))
	}
}

// retryJitters are the jitters every pause is checked with.
func retryJitters() map[string]Jitter {
	return map[string]Jitter{"none": noJitter, "top": topJitter, "seeded": seededJitter(7),
		"out of range": func(limit time.Duration) time.Duration { return 3*limit + time.Hour }}
}

// TestRetryPauseBounds checks, for the failures a channel reports, that
// the pause before the next attempt lies between lo and hi, whatever the
// jitter and however many failures came before (1 to 10).
func TestRetryPauseBounds(t *testing.T) {
	netErr := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	cases := []struct {
		name   string
		err    error
		lo, hi time.Duration
	}{
		{"429 retry_after 3", &bot.SendError{RetryAfter: 3 * time.Second, Err: errors.New("Too Many Requests: retry after 3")},
			3 * time.Second, 3600 * time.Millisecond},
		{"429 retry_after 1", &bot.SendError{RetryAfter: time.Second, Err: errors.New("Too Many Requests: retry after 1")},
			time.Second, 1200 * time.Millisecond},
		{"429 retry_after 30: jitter at most 1 s", &bot.SendError{RetryAfter: 30 * time.Second, Err: errors.New("Too Many Requests")},
			30 * time.Second, 31 * time.Second},
		{"wrapped 429", fmt.Errorf("resend: %w", &bot.SendError{RetryAfter: 3 * time.Second, Err: errors.New("429")}),
			3 * time.Second, 3600 * time.Millisecond},
		{"5xx", &bot.SendError{Err: errors.New("Internal Server Error")}, 0, RetryCap},
		{"network error", &bot.SendError{Err: netErr}, 0, RetryCap},
		{"network error, unclassified", netErr, 0, RetryCap},
		{"claim failed, nothing tried", nil, 0, RetryCap},
	}
	for _, c := range cases {
		for jname, jitter := range retryJitters() {
			for n := 1; n <= 10; n++ {
				for range 20 {
					if got := RetryPause(c.err, n, jitter); got < c.lo || got > c.hi {
						t.Fatalf("%s, failure %d, jitter %s: pause %v, want %v to %v", c.name, n, jname, got, c.lo, c.hi)
					}
				}
			}
		}
	}
}

// TestRetryBackoffDoublesToTheCap checks the longest pauses after 5xx or
// network failures in a row, and that a pause asked for replaces the
// backoff instead of adding to it or being stretched to it.
func TestRetryBackoffDoublesToTheCap(t *testing.T) {
	serverError := &bot.SendError{Err: errors.New("Internal Server Error")}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second,
		4 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}
	total := time.Duration(0)
	for i, w := range want {
		if got := RetryPause(serverError, i+1, topJitter); got != w {
			t.Errorf("failure %d: longest pause %v, want %v", i+1, got, w)
		}
		if got := RetryPause(serverError, i+1, noJitter); got != 0 {
			t.Errorf("failure %d: shortest pause %v, want 0 (full jitter)", i+1, got)
		}
		total += w
		if i == 4 && total > 12*time.Second {
			t.Errorf("after 5 failures a reply may have waited %v, want at most 11.5 s", total)
		}
	}
	tooMany := &bot.SendError{RetryAfter: time.Second, Err: errors.New("Too Many Requests: retry after 1")}
	if got := RetryPause(tooMany, 8, topJitter); got != 1200*time.Millisecond {
		t.Errorf("a 429 after 8 failures: pause %v, want retry_after plus a fifth (1.2 s), not the backoff", got)
	}
}

// TestRandomJitterStaysInRange draws from the sender's default jitter.
func TestRandomJitterStaysInRange(t *testing.T) {
	if randomJitter(0) != 0 || randomJitter(-time.Second) != 0 {
		t.Fatal("a jitter of no range is not 0")
	}
	seen := map[bool]bool{}
	for range 1000 {
		d := randomJitter(time.Second)
		if d < 0 || d > time.Second {
			t.Fatalf("jitter %v outside 0 to 1 s", d)
		}
		seen[d < 500*time.Millisecond] = true
	}
	if len(seen) != 2 {
		t.Fatal("1000 draws all fell in one half of the range")
	}
}
