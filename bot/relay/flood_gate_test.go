package relay

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// TestFloodGateEpisodes walks a chat's bucket through two floods: each
// holds what exceeds the burst in order, and each is told once.
func TestFloodGateEpisodes(t *testing.T) {
	now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	stop := make(chan struct{})
	defer close(stop)
	g := &floodGate{
		lim: FloodLimit{Every: time.Second, Burst: 3, Now: func() time.Time { return now },
			After: func(time.Duration) <-chan time.Time { return nil }},
		chats: map[string]*floodChat{}, resume: func(bot.Inbound) {}, stop: stop,
	}
	n := 0
	send := func() string { // admits the chat's next message
		n++
		ready, notice := g.admit(bot.Inbound{Key: fmt.Sprint(n), Channel: "test", ChatID: "1"})
		return keys(ready, notice)
	}
	resume := func() string {
		return keys(g.admit(bot.Inbound{Kind: inputResume, Channel: "test", ChatID: "1"}))
	}
	steps := []struct {
		wait time.Duration
		do   func() string
		want string
	}{
		{0, send, "1"}, {0, send, "2"}, {0, send, "3"},
		{0, send, "notice"}, {0, send, ""}, // 4 and 5 are held; one notice
		{time.Second, send, ""}, // a token is back, but 6 waits behind 4 and 5
		{0, resume, "4"},
		{time.Second, resume, "5"},
		{time.Second, resume, "6"},
		{10 * time.Second, send, "7"},                       // calm again: a new burst
		{0, send, "8"}, {0, send, "9"}, {0, send, "notice"}, // and a new flood, told again
		{time.Second, resume, "10"},
		{time.Second, send, "11"}, // nothing held any more and a token is back
	}
	for i, s := range steps {
		now = now.Add(s.wait)
		if got := s.do(); got != s.want {
			t.Fatalf("step %d: got %q, want %q", i+1, got, s.want)
		}
	}
}

// keys describes what admit returned: the events to handle, or a notice.
func keys(ready []bot.Inbound, notice bool) string {
	var out []string
	for _, in := range ready {
		out = append(out, in.Key)
	}
	if notice {
		out = append(out, "notice")
	}
	return strings.Join(out, " ")
}
