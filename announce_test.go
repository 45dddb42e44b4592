package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/store/storetest"
)

// TestTwoInstancesAnnounceOnce runs the announcers of two serve processes,
// on their own handles of one database, at the same moment: each of 40
// leaders is queued the announcement once.
func TestTwoInstancesAnnounceOnce(t *testing.T) {
	ctx := context.Background()
	path := storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db"))
	dbs := []*store.DB{openStore(t, path), openStore(t, path)}
	club := seedClub(t, dbs[0], "CLB Hoa Sen")
	officer := bot.User{Name: "Nguyễn Thị Lan", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := dbs[0].CreateUser(ctx, &officer); err != nil {
		t.Fatal(err)
	}
	const leaders = 40
	for i := range leaders {
		u := bot.User{Name: fmt.Sprintf("Bác %d", i), Role: bot.RoleLeader, Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &club}}
		if err := dbs[0].CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if err := dbs[0].AddAccount(ctx, bot.Account{Channel: "telegram", ChannelUserID: fmt.Sprint(7000 + i), UserID: u.ID}); err != nil {
			t.Fatal(err)
		}
	}
	a := bot.Announcement{AuthorID: officer.ID, Scope: bot.Scope{Kind: bot.ScopeProvince}, Audience: bot.AudienceLeaders, Text: "Họp"}
	if err := dbs[0].InTx(ctx, func(tx bot.Writer) error { return tx.CreateAnnouncement(ctx, &a, clock()) }); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	sent := make([]int, len(dbs))
	for i, db := range dbs {
		an := newAnnouncer(engine.DefaultConfig(), db, nil, clock, slog.New(slog.DiscardHandler))
		an.Serves = func(channel string) bool { return channel == "telegram" } // no channel runs here
		wg.Go(func() {
			var err error
			if sent[i], err = an.Run(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if sent[0]+sent[1] != leaders {
		t.Errorf("the instances sent to %d and %d leaders, want %d in all", sent[0], sent[1], leaders)
	}
	out, err := dbs[1].PendingOutbox(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	chats := map[string]int{}
	for _, o := range out {
		chats[o.ChatID]++
	}
	if len(out) != leaders || len(chats) != leaders {
		t.Fatalf("%d messages queued to %d chats, want one to each of %d", len(out), len(chats), leaders)
	}
}
