package relay

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// The sender's pauses before it tries a failed message again. A service
// that says when to come back (Telegram's 429 retry_after, Zalo's rate
// limit and quota) is taken at its word, plus a little jitter; other
// failures (5xx, the network) back off from retryFirst, doubling up to
// RetryCap, with full jitter (a pause drawn anywhere between 0 and the
// backoff), so that chats that failed together do not come back together.
//
// Why a cap of 4 s: after k failures in a row a reply has waited at most
// 0.5, 1.5, 3.5, 7.5 s for k = 1..4, then 4 s more for each further
// failure (11.5 s at 5, 15.5 s at 6). When one send in five fails, k
// failures in a row happen to one reply in 5^k: 4 to one in 625 (at most
// 7.5 s), 5 to one in 3,125, 6 to one in 15,625; and full jitter halves
// the expected pause, so that a wait above 10 s needs 5 failures and
// jitter near the top: about one reply in 67,000 in a simulation of 2
// million replies, none above 15 s. Doubling up to a minute, as before,
// made 6 failures 31.5 s. A short cap does not hammer a failing service:
// every attempt spends the channel's rate tokens (RateLimits), overall
// and in its chat.
const (
	retryFirst = 500 * time.Millisecond // backoff after a first failure
	RetryCap   = 4 * time.Second        // longest backoff
	// retryAfterJitterCap bounds the jitter added to a pause the service
	// asked for: a fifth of the pause, at most this, so that the chats
	// Telegram paused at once do not all come back in the same instant.
	retryAfterJitterCap = time.Second
)

// Jitter returns a duration between 0 and limit, both included; it must be
// safe for concurrent use. The sender draws its retry pauses from it.
type Jitter func(limit time.Duration) time.Duration

// randomJitter is the sender's Jitter: uniform, from math/rand/v2.
func randomJitter(limit time.Duration) time.Duration {
	if limit <= 0 {
		return 0
	}
	return rand.N(limit + 1)
}

// withRetryJitter sets where the sender draws the jitter of its retry
// pauses; randomJitter by default. Tests pass a fixed one.
func withRetryJitter(j Jitter) SenderOption {
	return func(s *Sender) { s.jitter = j }
}

// RetryPause is how long the sender waits before it tries again a message
// whose attempt failed with err, the failures-th failure in a row in its
// chat: the pause a *SendError asks for (RetryAfter) plus up to a fifth of
// it (at most retryAfterJitterCap), or else a jittered backoff, never
// above RetryCap.
func RetryPause(err error, failures int, jitter Jitter) time.Duration {
	var se *bot.SendError
	if errors.As(err, &se) && se.RetryAfter > 0 {
		return se.RetryAfter + draw(jitter, min(se.RetryAfter/5, retryAfterJitterCap))
	}
	return draw(jitter, backoff(failures))
}

// draw is a jitter between 0 and limit, whatever jitter returns.
func draw(jitter Jitter, limit time.Duration) time.Duration {
	return min(max(jitter(limit), 0), limit)
}

// backoff is the longest pause after n failures in a row: retryFirst,
// doubling up to RetryCap.
func backoff(n int) time.Duration {
	return min(retryFirst<<min(max(n-1, 0), 16), RetryCap)
}
