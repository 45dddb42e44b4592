package relay_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/relay"
)

// emptyBacklog holds nothing: the test submits its events.
type emptyBacklog struct{}

func (emptyBacklog) PendingInbound(context.Context, int) ([]bot.Inbound, error) { return nil, nil }

// panickyHandler panics on the event keyed "bad" and records the others.
type panickyHandler struct {
	mu      sync.Mutex
	handled []string
	bad     int
}

func (h *panickyHandler) Handle(_ context.Context, in bot.Inbound) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if in.Key == "bad" {
		h.bad++
		var missing bot.Writer // a question turn's absent Writer, called by a bug
		_, _ = missing.LastFundReport(context.Background(), 1)
	}
	h.handled = append(h.handled, in.Key)
	return nil
}

// TestAPanicFailsOneEventNotTheProcess: an event whose handling panics is
// tried as a failing event is (three times), logged with its stack and set
// aside, and the chat's next event is still handled.
func TestAPanicFailsOneEventNotTheProcess(t *testing.T) {
	var logs bytes.Buffer
	var logMu sync.Mutex
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &logMu}, nil))
	h := &panickyHandler{}
	d := relay.NewDispatcher(emptyBacklog{}, h, nil, relay.FloodLimit{}, 1, log)
	runDispatcher(t, d, nil)
	d.Submit([]bot.Inbound{{Key: "bad", ChatID: "1"}, {Key: "good", ChatID: "1"}})
	waitFor(t, "the next event to be handled", func() bool {
		h.mu.Lock()
		defer h.mu.Unlock()
		return len(h.handled) == 1 && h.handled[0] == "good"
	})
	h.mu.Lock()
	tries := h.bad
	h.mu.Unlock()
	if tries != 3 {
		t.Errorf("the panicking event was tried %d times, want 3", tries)
	}
	logMu.Lock()
	defer logMu.Unlock()
	if !strings.Contains(logs.String(), "panic handling event") || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("the panic is not logged with its stack:\n%s", logs.String())
	}
}

// lockedWriter serialises writes to w.
type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
