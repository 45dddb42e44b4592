package metrics

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// pingTimeout bounds the store's answer to a health check: a store that
// takes longer is as good as down to the users waiting on it.
const pingTimeout = 2 * time.Second

// Health tells whether the bot can do its work: the store answers, and
// Telegram answered lately. It is what /healthz serves, for a supervisor
// that restarts a bot stuck without its store or its channel.
type Health struct {
	ping        func(ctx context.Context) error
	lastContact func() time.Time
	now         func() time.Time
	maxSilence  time.Duration
	started     time.Time
}

// NewHealth returns the health of a bot whose store answers ping and whose
// channel last reached Telegram at lastContact (zero if never; nil when the
// bot runs without Telegram, and then only the store counts). The bot is
// unhealthy when Telegram has not answered for longer than maxSilence,
// counted from now, the start, until the first answer. maxSilence must be
// longer than the long poll's timeout, which an idle poll waits out.
func NewHealth(ping func(ctx context.Context) error, lastContact func() time.Time, now func() time.Time, maxSilence time.Duration) *Health {
	return &Health{ping: ping, lastContact: lastContact, now: now, maxSilence: maxSilence, started: now()}
}

// Check returns nil when the bot is healthy, else an error saying why.
func (h *Health) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	if err := h.ping(ctx); err != nil {
		return fmt.Errorf("store does not answer: %w", err)
	}
	if h.lastContact == nil {
		return nil
	}
	last, since := h.lastContact(), "last answer"
	if last.IsZero() {
		last, since = h.started, "start"
	}
	if silence := h.now().Sub(last); silence > h.maxSilence {
		return fmt.Errorf("telegram silent for %s since %s (limit %s)", silence.Round(time.Second), since, h.maxSilence)
	}
	return nil
}

// ServeHTTP answers 200 "ok", or 503 and the reason.
func (h *Health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := h.Check(r.Context()); err != nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintln(w, err)
		return
	}
	fmt.Fprintln(w, "ok")
}
