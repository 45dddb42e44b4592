package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store"
)

// TestScheduledSendOnAChannelNotServedIsUndelivered runs the weekly
// digest while only Telegram is configured: the officer who has only a
// Zalo account is recorded as undelivered (counted in the admins' /status)
// and nothing is queued for Zalo; the officer with both gets it on
// Telegram; nothing is logged as an error.
func TestScheduledSendOnAChannelNotServedIsUndelivered(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "clubbot.db"), store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seedClub(t, db, "CLB Hoa Sen")
	addUser(t, db, bot.RoleOfficer, "zalo:z-only")
	addUser(t, db, bot.RoleOfficer, "zalo:z-both", "telegram:5001")
	var logs strings.Builder
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	monday := time.Date(2026, 11, 30, 9, 0, 0, 0, bot.Vietnam())
	now := func() time.Time { return monday }
	var c config
	c.OlderAge, c.ReminderDay = 60, 25
	jobs, err := scheduledJobs(scheduleConfig{DigestSpec: "30 7 * * 1", ReminderHour: 9}, c.engineConfig(), db,
		map[string]bot.Channel{"telegram": noChannel{}}, now, log)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{1, 0} { // the second run, ten minutes later, adds nothing
		if n, err := jobs[0].run.Run(ctx); err != nil || n != want {
			t.Fatalf("digest run %d: sent to %d (%v), want %d", i+1, n, err, want)
		}
	}
	pending, err := db.PendingOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) == 0 {
		t.Fatal("nothing queued for the officer on Telegram")
	}
	for _, o := range pending {
		if o.Channel != "telegram" || o.ChatID != "5001" {
			t.Errorf("queued for %s:%s, a channel this run does not serve", o.Channel, o.ChatID)
		}
	}
	var undelivered int
	if err := db.InTx(ctx, func(tx bot.Writer) (err error) {
		undelivered, err = tx.UndeliveredSince(ctx, monday.Add(-time.Hour))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if undelivered != len(pending) {
		t.Errorf("undelivered = %d, want the %d messages of the Zalo-only officer's digest", undelivered, len(pending))
	}
	if strings.Contains(logs.String(), "level=ERROR") || strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("logged as a failure:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "channel not configured") {
		t.Errorf("the skipped send is not logged:\n%s", logs.String())
	}
}

// noChannel is a configured channel that is never sent on.
type noChannel struct{ bot.Channel }
