package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store"
)

// BenchmarkAnnouncement sends an officer's announcement to 2,000 leaders
// (ANNOUNCE_N; 20,000 is the province-wide figure, about 11 minutes at
// Telegram's 30 messages a second) through `clubbot serve`'s wiring (the
// announcer, the sender, the Telegram channel, tgbotapi and a SQLite file)
// and a fake Bot API server that enforces Telegram's limits and answers the
// excess with 429. It reports the messages sent a second, from the first
// to the last, against the limit of 30, the 429s, and the slowest reply to
// a leader who chats meanwhile (replies go ahead of the announcement).
//
//	go test -run '^$' -bench Announcement -benchtime 1x .
//	ANNOUNCE_N=20000 go test -run '^$' -bench Announcement -benchtime 1x -timeout 30m .
func BenchmarkAnnouncement(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("ANNOUNCE_N")); err == nil && v > 0 {
		n = v
	}
	rig := newBroadcastRig(b)
	srv, db, leader := rig.srv, rig.db, rig.leader
	officer := seedLeaders(b, db, rig.club, n)
	rig.start()
	for i := 0; i < b.N; i++ {
		start := len(srv.Requests("sendMessage"))
		a := bot.Announcement{AuthorID: officer, Scope: bot.Scope{Kind: bot.ScopeProvince}, Audience: bot.AudienceLeaders,
			Text: fmt.Sprintf("Mời các CLB họp sơ kết quý (lần %d)", i+1)}
		if err := db.InTx(context.Background(), func(tx bot.Writer) error { return tx.CreateAnnouncement(context.Background(), &a, clock()) }); err != nil {
			b.Fatal(err)
		}
		// Telegram's 30 messages a second, and room for the queueing.
		limit := time.Duration(n/25)*time.Second + 2*time.Minute
		slowest := chatDuringFor(b, leader, limit, func() bool { return deliveredSince(srv, start) >= n })
		first, last := deliveryTimes(srv, start)
		rate := float64(n-1) / last.Sub(first).Seconds()
		b.ReportMetric(rate, "msgs/s")
		b.ReportMetric(rate/30, "of-limit")
		b.ReportMetric(float64(slowest.Milliseconds()), "slowest-reply-ms")
	}
	b.ReportMetric(float64(srv.TooManyRequests()), "429s")
}

// seedLeaders creates n leaders of the club with Telegram accounts (chat
// ids from 100000, counted by deliveredSince) and the provincial officer
// who announces; it returns the officer's id.
func seedLeaders(b testing.TB, db *store.DB, club int64, n int) int64 {
	ctx := context.Background()
	officer := bot.User{Name: "Nguyễn Thị Lan", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := db.CreateUser(ctx, &officer); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		u := bot.User{Name: fmt.Sprintf("Chủ nhiệm %d", i), Role: bot.RoleLeader, Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &club}}
		if err := db.CreateUser(ctx, &u); err != nil {
			b.Fatal(err)
		}
		if err := db.AddAccount(ctx, bot.Account{Channel: "telegram", ChannelUserID: strconv.Itoa(100000 + i), UserID: u.ID}); err != nil {
			b.Fatal(err)
		}
	}
	return officer.ID
}
