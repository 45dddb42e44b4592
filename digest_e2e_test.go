package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// TestWeeklyDigestReachesOfficersOnce starts the bot on a Wednesday whose
// Monday digest was missed while it was down: the officer gets the digest,
// its chart and its spreadsheet through Telegram, and a restart sends
// nothing again.
func TestWeeklyDigestReachesOfficersOnce(t *testing.T) {
	wednesday := time.Date(2025, 9, 3, 10, 0, 0, 0, bot.Vietnam())
	now := func() time.Time { return wednesday }
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath, store.WithClock(now))
	seedClub(t, db, "CLB Hoa Sen")
	officer := bot.User{Name: "Cán bộ Hội", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := db.CreateUser(context.Background(), &officer); err != nil {
		t.Fatal(err)
	}
	if err := db.AddAccount(context.Background(), bot.Account{Channel: "telegram", ChannelUserID: "900", UserID: officer.ID}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	sched := scheduleConfig{DigestSpec: "30 7 * * 1", ReminderHour: 9}
	b := startBotAt(t, srv, dbPath, now, sched)
	// Drawing the chart under the race detector takes seconds on a busy machine.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sent, err := srv.WaitSent(ctx, 900, 3)
	if err != nil {
		t.Fatalf("the officer got %d messages: %v", len(sent), err)
	}
	if !strings.Contains(sent[0].Text, "Tiến độ tuần – tỉnh Quảng Ninh") || sent[1].Kind != "photo" || sent[2].Kind != "document" ||
		!strings.HasSuffix(sent[2].FileName, ".xlsx") || len(sent[2].FileData) == 0 {
		t.Fatalf("digest messages: %q / %s / %s %s", sent[0].Text, sent[1].Kind, sent[2].Kind, sent[2].FileName)
	}
	b.stop()

	startBotAt(t, srv, dbPath, now, sched)
	time.Sleep(1500 * time.Millisecond)
	if n := len(srv.Sent(900)); n != 3 {
		t.Fatalf("after a restart the officer has %d messages, want the same 3", n)
	}
}
