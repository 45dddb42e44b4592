package main

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
	"github.com/clubbot/clubbot/store"
)

// TestUnreachableOnZaloGoesElsewhere queues a digest on Zalo to two
// officers outside Zalo's messaging window: the one who also linked
// Telegram gets it there, the other's is recorded as undelivered, both
// Zalo accounts are skipped by the next digest, and the admin's /status
// counts the undelivered one.
func TestUnreachableOnZaloGoesElsewhere(t *testing.T) {
	ctx := context.Background()
	tg, fake := telegramtest.NewServer(t), zalotest.NewServer(t, nil)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	seedClub(t, db, "CLB Hoa Sen")
	both := addUser(t, db, bot.RoleOfficer, "zalo:z-both", "telegram:5001")
	addUser(t, db, bot.RoleOfficer, "zalo:z-only")
	addUser(t, db, bot.RoleAdmin, "zalo:z-admin")
	digest := []bot.Outgoing{
		{Channel: "zalo", ChatID: "z-both", Text: "Bản tin tuần cho bác", Bulk: true},
		{Channel: "zalo", ChatID: "z-only", Text: "Bản tin tuần cho bác", Bulk: true},
	}
	if err := db.InTx(ctx, func(tx bot.Writer) error { return tx.Enqueue(ctx, digest, time.Now()) }); err != nil {
		t.Fatal(err)
	}
	db.Close()
	fake.FailUser("z-both", -230)
	fake.FailUser("z-only", -213)

	hook := startZaloBot(t, tg, fake, dbPath)
	wait, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	got, err := tg.WaitSent(wait, 5001, 1)
	if err != nil || got[0].Text != "Bản tin tuần cho bác" {
		t.Fatalf("officer %d got on Telegram %+v, %v; want the digest", both, got, err)
	}
	admin := &zaloUser{t: t, fake: fake, hook: hook, id: "z-admin"}
	wantText(t, admin.say("/status"), "Tin định kỳ chưa gửi được trong 7 ngày qua: 1")
	if sent := fake.SentTo("z-both"); len(sent) != 0 {
		t.Errorf("Zalo delivered %q to a user outside the window", sent)
	}

	db, err = store.Open(ctx, dbPath, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rs, err := db.Recipients(ctx, "digest")
	if err != nil {
		t.Fatal(err)
	}
	var chats []string
	for _, r := range rs {
		chats = append(chats, r.Channel+":"+r.ChatID)
	}
	if want := "[telegram:5001 zalo:z-admin]"; fmt.Sprint(chats) != want {
		t.Errorf("next digest goes to %v, want %s", chats, want)
	}
}
