package telegram

import (
	"errors"
	"fmt"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot/relay"
)

// TestRetryPauseOfTelegramFailures checks what Telegram's failures, as
// classified, cost the sender before its next attempt, after 1 to 10
// failures in a row and with no jitter or all of it: a 429 waits its
// retry_after plus up to a fifth, a 5xx or the network at most the cap.
func TestRetryPauseOfTelegramFailures(t *testing.T) {
	jitters := map[string]relay.Jitter{"none": func(time.Duration) time.Duration { return 0 },
		"top": func(limit time.Duration) time.Duration { return limit }}
	for _, c := range []struct {
		name   string
		err    error
		lo, hi time.Duration
	}{
		{"429 retry_after 3", &tgbotapi.Error{Code: 429, Message: "Too Many Requests: retry after 3",
			ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}}, 3 * time.Second, 3600 * time.Millisecond},
		{"429 on the upload path", &tgbotapi.Error{ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}},
			3 * time.Second, 3600 * time.Millisecond},
		{"500", &tgbotapi.Error{Code: 500, Message: "Internal Server Error"}, 0, relay.RetryCap},
		{"502", &tgbotapi.Error{Code: 502, Message: "Bad Gateway"}, 0, relay.RetryCap},
		{"network", errors.New("dial tcp: connection refused"), 0, relay.RetryCap},
	} {
		err := classify(fmt.Errorf("telegram: sendMessage: %w", c.err))
		for jname, j := range jitters {
			for n := 1; n <= 10; n++ {
				if got := relay.RetryPause(err, n, j); got < c.lo || got > c.hi {
					t.Errorf("%s, failure %d, jitter %s: pause %v, want %v to %v", c.name, n, jname, got, c.lo, c.hi)
				}
			}
		}
	}
}
