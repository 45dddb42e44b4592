package zalo

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/relay"
)

// TestRetryPauseOfZaloFailures checks what Zalo's failures, as classified,
// cost the sender before its next attempt, after 1 to 10 failures in a row
// and with no jitter or all of it: Zalo's limits wait their own pause plus
// up to a fifth of it (at most 1 s), 429, 5xx, tokens still refused and
// the network at most the cap.
func TestRetryPauseOfZaloFailures(t *testing.T) {
	jitters := map[string]relay.Jitter{"none": func(time.Duration) time.Duration { return 0 },
		"top": func(limit time.Duration) time.Duration { return limit }}
	for _, c := range []struct {
		name   string
		err    error
		lo, hi time.Duration
	}{
		{"-32 rate limited", &APIError{Code: -32, Message: "too many requests"}, 2 * time.Second, 2400 * time.Millisecond},
		{"-211 out of quota", &APIError{Code: -211, Message: "out of quota"}, 10 * time.Minute, 10*time.Minute + time.Second},
		{"-216 token refused after a refresh", &APIError{Code: -216, Message: "access token is invalid"}, 0, relay.RetryCap},
		{"HTTP 429", &HTTPError{Status: 429, Body: "Too Many Requests"}, 0, relay.RetryCap},
		{"HTTP 503", &HTTPError{Status: 503, Body: "Service Unavailable"}, 0, relay.RetryCap},
		{"network", errors.New("dial tcp: connection refused"), 0, relay.RetryCap},
	} {
		err := classify(fmt.Errorf("zalo: send: %w", c.err))
		for jname, j := range jitters {
			for n := 1; n <= 10; n++ {
				if got := relay.RetryPause(err, n, j); got < c.lo || got > c.hi {
					t.Errorf("%s, failure %d, jitter %s: pause %v, want %v to %v", c.name, n, jname, got, c.lo, c.hi)
				}
			}
		}
	}
}
