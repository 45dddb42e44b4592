package main

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// TestE2ETelegramUpdateIDStartedAgain replays, through the fake Telegram
// server, the id of an update the bot handled: a day later it is a
// redelivery and is dropped (the leader's "/lang en" changes nothing),
// eight days later Telegram has started its ids again and it is a new
// message, answered in English; the pruning at start has deleted the keys
// past the window.
func TestE2ETelegramUpdateIDStartedAgain(t *testing.T) {
	clk := &movableClock{now: time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam())}
	start := clk.Now()
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath, store.WithClock(clk.Now))
	code := seedInvite(t, db, seedClub(t, db, "Hoa Sen"))
	db.Close()

	leader := newUser(t, srv, 601)
	b := startBotAt(t, srv, dbPath, clk.Now, scheduleConfig{Off: true})
	joined := srv.SendCommand(leader.chat, leader.user, "start", code)
	wantText(t, leader.reply(), "chủ nhiệm Hoa Sen")
	helped := srv.SendCommand(leader.chat, leader.user, "help", "")
	wantText(t, leader.reply(), "Bác có thể:")
	b = restartAt(t, b, srv, dbPath, clk, start.Add(24*time.Hour))

	srv.SetNextUpdateID(helped) // a redelivery of the update /help came in
	srv.SendCommand(leader.chat, leader.user, "lang", "en")
	if got := leader.say("/help"); !strings.HasPrefix(got, "Bác có thể:") {
		t.Fatalf("a day later, the replayed update was handled: %q", got)
	}
	restartAt(t, b, srv, dbPath, clk, start.Add(8*24*time.Hour))

	srv.SetNextUpdateID(helped) // Telegram started its ids again
	srv.SendCommand(leader.chat, leader.user, "lang", "en")
	wantText(t, leader.reply(), "Switched to English.")
	srv.SetNextUpdateID(helped + 1000) // past the ids of the day before, still within the window
	wantText(t, leader.say("/help"), "You can:")
	waitPruned(t, dbPath, telegram.Key(joined))
}

// restartAt waits until Telegram has every update confirmed, stops the
// bot, moves the clock to at and starts the bot again.
func restartAt(t *testing.T, b *liveBot, srv *telegramtest.Server, dbPath string, clk *movableClock, at time.Time) *liveBot {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); len(srv.Pending()) > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("updates never confirmed: %v", srv.Pending())
		}
	}
	b.stop()
	clk.Set(at)
	return startBotAt(t, srv, dbPath, clk.Now, scheduleConfig{Off: true})
}

// waitPruned waits until the handled event with key is no longer in the
// database.
func waitPruned(t *testing.T, dbPath, key string) {
	t.Helper()
	db, err := store.Open(context.Background(), dbPath, store.ReadOnly(), store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		done, err := db.Reader().InboundDone(context.Background(), key)
		if err != nil {
			t.Fatal(err)
		}
		if !done {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("event %s, handled 8 days ago, was not pruned", key)
		}
	}
}

// TestOutboxRetentionUnderAWeekIsRefused starts nothing when the retention
// would delete the failed messages the admins' week of undelivered ones
// is counted from, or when the variable does not read as a duration.
func TestOutboxRetentionUnderAWeekIsRefused(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  string
	}{
		{[]string{"--outbox-retention", "24h"}, ""},
		{nil, "abc"},
		{nil, "48h"},
	} {
		getenv := func(name string) string {
			switch name {
			case "TELEGRAM_BOT_TOKEN":
				return "123:abc"
			case "CLUBBOT_OUTBOX_RETENTION":
				return c.env
			}
			return ""
		}
		args := append([]string{"--db", filepath.Join(t.TempDir(), "x.db")}, c.args...)
		err := serveCommand(context.Background(), args, io.Discard, getenv)
		if err == nil || !strings.Contains(err.Error(), "CLUBBOT_OUTBOX_RETENTION") {
			t.Errorf("serve %v with CLUBBOT_OUTBOX_RETENTION=%q: %v; want a refusal naming the variable", c.args, c.env, err)
		}
	}
}

// countingPruner is a store whose pruning deletes fixed counts and stops
// the loop.
type countingPruner struct {
	stop      context.CancelFunc
	at        time.Time
	retention time.Duration
}

func (p *countingPruner) Prune(_ context.Context, now time.Time, retention time.Duration) (store.Pruned, error) {
	p.at, p.retention = now, retention
	p.stop()
	return store.Pruned{Inbound: 3, Outbox: 2, Deliveries: 1, Batches: 5}, nil
}

// TestPruningAtStartIsLoggedWithCounts runs serve's pruning loop once: it
// prunes at the clock's time with the 30 days' default retention and logs
// what it deleted from each table.
func TestPruningAtStartIsLoggedWithCounts(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logged strings.Builder
	at := time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam())
	p := &countingPruner{stop: cancel}
	run := pruneConfig{}.pruneLoop(p, func() time.Time { return at }, slog.New(slog.NewTextHandler(&logged, nil)))
	if err := run(ctx); err != nil {
		t.Fatal(err)
	}
	if !p.at.Equal(at) || p.retention != store.DefaultOutboxRetention {
		t.Errorf("pruned at %v with retention %v; want %v and 30 days", p.at, p.retention, at)
	}
	for _, want := range []string{"msg=pruned", "inbound=3", "outbox=2", "deliveries=1", "failed_codes=0", "batches=5"} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("log lacks %q: %s", want, logged.String())
		}
	}
}
