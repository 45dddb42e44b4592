package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/messages"
)

// TestServeSlowsAFloodingChat runs serve with a small flood limit: a chat
// that sends twelve messages at once gets one notice to slow down, and
// every one of its messages is still answered.
func TestServeSlowsAFloodingChat(t *testing.T) {
	srv := telegramtest.NewServer(t)
	cfg := serveConfig{config: config{DB: filepath.Join(t.TempDir(), "bot.db"), OlderAge: 60, ReminderDay: 25, SessionTTL: 24 * time.Hour},
		scheduleConfig: scheduleConfig{Off: true}, Token: srv.Token(), APIEndpoint: srv.Endpoint(),
		PollTimeout: 10 * time.Second, Workers: 8, FloodBurst: 3, FloodEvery: 50 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, cfg, slog.New(slog.DiscardHandler), clock) }()
	t.Cleanup(func() { cancel(); <-done })

	u := newUser(t, srv, 4242)
	const sent = 12
	for range sent {
		u.srv.SendCommand(u.chat, u.user, "help", "")
	}
	wait, stop := context.WithTimeout(context.Background(), 20*time.Second)
	defer stop()
	got, err := srv.WaitSent(wait, u.chat, sent+1)
	if err != nil {
		t.Fatalf("want %d replies and a notice: %v", sent, err)
	}
	time.Sleep(200 * time.Millisecond) // a second notice, if any, would come now
	got = srv.Sent(u.chat)
	notice := messages.Render(messages.VI, "flood.slow_down", nil)
	notices := 0
	for _, m := range got {
		if strings.Contains(m.Text, notice) {
			notices++
		}
	}
	if notices != 1 || len(got) != sent+1 {
		t.Fatalf("got %d messages with %d flood notices, want %d replies and 1 notice", len(got), notices, sent)
	}
}
