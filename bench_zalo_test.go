package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
)

// BenchmarkZaloWebhook runs 200 Zalo users in parallel, each answering the
// new-member dialogue through signed webhook posts: signature check,
// dedupe, the inbox, the engine, SQLite, the outbox and the send to the
// fake OA API. It reports signed events per second and the 99th percentile
// of the time from a post to the reply reaching Zalo.
//
//	go test -run '^$' -bench ZaloWebhook -benchtime 20000x .
func BenchmarkZaloWebhook(b *testing.B) {
	chats := 200
	if n, err := strconv.Atoi(os.Getenv("BENCH_CHATS")); err == nil {
		chats = n
	}
	tg, fake := telegramtest.NewServer(b), zalotest.NewServer(b, nil)
	dbPath := filepath.Join(b.TempDir(), "bench.db")
	db := openStore(b, dbPath)
	clubID := seedClub(b, db, "CLB Hoa Sen")
	codes := make([]string, chats)
	for i := range codes {
		codes[i] = seedInvite(b, db, clubID)
	}
	db.Close()
	hook := startZaloBot(b, tg, fake, dbPath)
	users := make([]*zaloUser, chats)
	for i := range users {
		users[i] = &zaloUser{t: b, fake: fake, hook: hook, id: strconv.Itoa(84_000_000 + i)}
		users[i].say(codes[i])
		users[i].say("/member")
	}

	answers := make([]func(string) bool, chats)
	for i, u := range users {
		answers[i] = u.answer
	}
	b.ResetTimer()
	rate, p99 := runRounds(b, answers)
	b.ReportMetric(rate, "events/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}

// answer posts a line and waits for its reply without failing the
// benchmark from a goroutine; it reports whether the reply came.
func (u *zaloUser) answer(line string) bool {
	if status, err := u.hook.Text(u.id, line); err != nil || status != http.StatusOK {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sent, err := u.fake.WaitSent(ctx, u.id, u.seen+1)
	if err != nil {
		return false
	}
	last := sent[len(sent)-1]
	u.seen = len(sent)
	return !strings.Contains(last, "đã qua")
}
