package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// BenchmarkBroadcast sends the weekly digest to 1,000 officers
// (BROADCAST_N) through `clubbot serve`'s wiring with Telegram's rate
// limits (the sender, the Telegram channel, tgbotapi and a SQLite file)
// and a fake Bot API server that enforces those limits and answers the
// excess with 429. It reports the messages sent a second, from the first
// to the last, the 429s, and the slowest reply to a leader who chats
// meanwhile (replies go ahead of the digest).
//
//	go test -run '^$' -bench Broadcast -benchtime 1x .
func BenchmarkBroadcast(b *testing.B) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("BROADCAST_N")); err == nil && v > 0 {
		n = v
	}
	rig := newBroadcastRig(b)
	srv, db, leader := rig.srv, rig.db, rig.leader
	officers := seedOfficers(b, db, n)
	rig.start()
	for i := 0; i < b.N; i++ {
		period := fmt.Sprintf("bench-%d", i)
		start := len(srv.Requests("sendMessage"))
		queueDigests(b, db, officers, period)
		slowest := chatDuring(b, leader, func() bool { return deliveredSince(srv, start) >= n })
		first, last := deliveryTimes(srv, start)
		b.ReportMetric(float64(n-1)/last.Sub(first).Seconds(), "msgs/s")
		b.ReportMetric(float64(slowest.Milliseconds()), "slowest-reply-ms")
	}
	b.ReportMetric(float64(srv.TooManyRequests()), "429s")
}

// broadcastRig is what the broadcast benchmarks share: a fake Bot API
// server that keeps Telegram's limits, a store in a temporary file, and a
// leader of CLB Hoa Sen who joined with an invite and chats during the
// broadcast.
type broadcastRig struct {
	srv    *telegramtest.Server
	db     *store.DB
	dbPath string
	club   int64
	leader *tgUser
}

// newBroadcastRig makes the rig; the leader's /start waits at Telegram
// until start.
func newBroadcastRig(b *testing.B) *broadcastRig {
	r := &broadcastRig{srv: telegramtest.NewServer(b), dbPath: filepath.Join(b.TempDir(), "broadcast.db")}
	r.srv.EnforceLimits(telegramtest.TelegramLimits())
	r.db = openStore(b, r.dbPath)
	r.club = seedClub(b, r.db, "CLB Hoa Sen")
	r.leader = newUser(b, r.srv, 500)
	r.srv.SendCommand(r.leader.chat, r.leader.user, "start", seedInvite(b, r.db, r.club))
	return r
}

// start starts the bot and waits for the leader's welcome.
func (r *broadcastRig) start() {
	startLimitedBot(r.leader.t, r.srv, r.dbPath)
	r.leader.reply()
}

// startLimitedBot starts `clubbot serve` against srv, keeping Telegram's
// rate limits.
func startLimitedBot(b testing.TB, srv *telegramtest.Server, dbPath string) {
	cfg := serveConfig{config: config{DB: dbPath, OlderAge: 60, ReminderDay: 25, SessionTTL: 24 * time.Hour},
		scheduleConfig: scheduleConfig{Off: true}, Token: srv.Token(), APIEndpoint: srv.Endpoint(),
		PollTimeout: 10 * time.Second, Workers: 64, Limits: bot.TelegramLimits()}
	ctx, cancel := context.WithCancel(context.Background())
	lb := &liveBot{cancel: cancel, done: make(chan error, 1)}
	go func() { lb.done <- serve(ctx, cfg, slog.New(slog.DiscardHandler), clock) }()
	b.Cleanup(lb.stop)
}

// seedOfficers creates n provincial officers with Telegram accounts
// (chat ids from 100000) and returns them as digest recipients.
func seedOfficers(b testing.TB, db *store.DB, n int) []bot.Recipient {
	ctx := context.Background()
	for i := range n {
		u := bot.User{Name: fmt.Sprintf("Cán bộ %d", i), Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
		if err := db.CreateUser(ctx, &u); err != nil {
			b.Fatal(err)
		}
		if err := db.AddAccount(ctx, bot.Account{Channel: "telegram", ChannelUserID: strconv.Itoa(100000 + i), UserID: u.ID}); err != nil {
			b.Fatal(err)
		}
	}
	rs, err := db.Recipients(ctx, "digest")
	if err != nil || len(rs) != n {
		b.Fatalf("%d recipients, %v; want %d", len(rs), err, n)
	}
	return rs
}

// queueDigests queues each officer's digest text as the deliverer does:
// once per officer and period, as a bulk message.
func queueDigests(b testing.TB, db *store.DB, officers []bot.Recipient, period string) {
	ctx := context.Background()
	msgs, err := digest.Composer{Store: db, OlderAge: 60, ReminderDay: 25}.Compose(ctx, officers[0], clock())
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range officers {
		out := []bot.Outgoing{{Channel: r.Channel, ChatID: r.ChatID, Text: msgs[0].Text, Bulk: true}}
		if _, err := db.DeliverOnce(ctx, bot.Delivery{UserID: r.User.ID, Kind: "digest", Period: period}, out, clock()); err != nil {
			b.Fatal(err)
		}
	}
}

// chatDuring has the leader ask for help every 1.1 s (within a chat's
// rate) until done holds, and returns the slowest reply.
func chatDuring(b testing.TB, leader *tgUser, done func() bool) time.Duration {
	return chatDuringFor(b, leader, 10*time.Minute, done)
}

// chatDuringFor is chatDuring for a broadcast that may last up to limit.
func chatDuringFor(b testing.TB, leader *tgUser, limit time.Duration, done func() bool) time.Duration {
	var slowest time.Duration
	deadline := time.Now().Add(limit)
	for !done() {
		if time.Now().After(deadline) {
			b.Fatalf("the broadcast did not end in %v", limit)
		}
		t0 := time.Now()
		leader.say("/help")
		slowest = max(slowest, time.Since(t0))
		time.Sleep(time.Until(t0.Add(1100 * time.Millisecond)))
	}
	return slowest
}

// deliveredSince counts the messages delivered to officers since call
// number start.
func deliveredSince(srv *telegramtest.Server, start int) int {
	count := 0
	for _, c := range srv.Requests("sendMessage")[start:] {
		if c.Status == 200 && isOfficer(c.Form.Get("chat_id")) {
			count++
		}
	}
	return count
}

// deliveryTimes returns when the first and the last message delivered to
// an officer since call number start arrived.
func deliveryTimes(srv *telegramtest.Server, start int) (first, last time.Time) {
	for _, c := range srv.Requests("sendMessage")[start:] {
		if c.Status != 200 || !isOfficer(c.Form.Get("chat_id")) {
			continue
		}
		if first.IsZero() {
			first = c.At
		}
		last = c.At
	}
	return first, last
}

func isOfficer(chatID string) bool {
	id, _ := strconv.Atoi(chatID)
	return id >= 100000
}
