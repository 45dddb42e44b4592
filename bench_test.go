package main

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store/storetest"
)

// memberRound is one round of the new-member dialogue, entered after
// /member: each answer gets exactly one reply, and the last answer ("có",
// add another) leads back to the first question. The name and the year
// are those of round k (benchMember): a member entered twice would be
// asked about ("đã có…, vẫn thêm?").
var memberRound = []string{"{name}", "1", "{year}", "3", "k", "k", "luu", "co"}

// Names of the members the benchmarks enter: 10 × 6 × 10 names and 70
// years make 42,000 members, each of their own.
var (
	benchFamilies = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"}
	benchMiddles  = []string{"Thị", "Văn", "Hữu", "Ngọc", "Minh", "Thanh"}
	benchGiven    = []string{"Hoa", "An", "Bình", "Cúc", "Dung", "Hải", "Lan", "Mai", "Nam", "Tư"}
)

// benchMember is the name and the year of birth of the k-th member entered.
func benchMember(k int) (string, string) {
	name := benchFamilies[k%10] + " " + benchMiddles[(k/10)%6] + " " + benchGiven[(k/60)%10]
	return name, strconv.Itoa(1930 + (k/600)%70)
}

// memberAnswer is the answer of a chat at step of its rounds, the chat's
// rounds being members k = round*chats + chat.
func memberAnswer(chat, chats, step int) string {
	name, year := benchMember((step/len(memberRound))*chats + chat)
	return strings.NewReplacer("{name}", name, "{year}", year).Replace(memberRound[step%len(memberRound)])
}

// BenchmarkDialogueEndToEnd runs 200 chats in parallel through the fake Bot
// API server, tgbotapi, the poll loop, the engine, a SQLite file (or
// PostgreSQL if CLUBBOT_TEST_POSTGRES is set) and the outbox, and reports
// dialogue steps per second and the 99th percentile of the time from a
// user's answer to the bot's reply.
//
//	go test -run '^$' -bench DialogueEndToEnd -benchtime 20000x .
func BenchmarkDialogueEndToEnd(b *testing.B) {
	chats := 200
	if n, err := strconv.Atoi(os.Getenv("BENCH_CHATS")); err == nil {
		chats = n
	}
	srv := telegramtest.NewServer(b)
	dbPath := storetest.Schema(b, filepath.Join(b.TempDir(), "bench.db"), "bench_dialogue", false)
	db := openStore(b, dbPath)
	clubID := seedClub(b, db, "CLB Hoa Sen")
	users := make([]*tgUser, chats)
	for i := range users {
		users[i] = newUser(b, srv, int64(1000+i))
		code := seedInvite(b, db, clubID)
		srv.SendCommand(users[i].chat, users[i].user, "start", code)
	}
	db.Close()
	startBot(b, srv, dbPath)
	for _, u := range users {
		u.reply()
		srv.SendCommand(u.chat, u.user, "member", "")
		u.reply()
	}

	answers := make([]func(string) bool, chats)
	for i, u := range users {
		answers[i] = u.answer
	}
	b.ResetTimer()
	rate, p99 := runRounds(b, answers)
	b.ReportMetric(rate, "steps/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
}

// runRounds has every chat answer the member round over and over, in
// parallel, until b.N answers have been given in all, and returns the
// answers a second and the 99th percentile of the time to a reply.
func runRounds(b *testing.B, answers []func(string) bool) (float64, time.Duration) {
	var next, failures atomic.Int64
	lat := make([][]time.Duration, len(answers))
	var wg sync.WaitGroup
	start := time.Now()
	for i, answer := range answers {
		wg.Go(func() {
			for step := 0; next.Add(1) <= int64(b.N); step++ {
				t0 := time.Now()
				if !answer(memberAnswer(i, len(answers), step)) {
					failures.Add(1)
					return
				}
				lat[i] = append(lat[i], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if n := failures.Load(); n > 0 {
		b.Fatalf("%d chats got no reply in time", n)
	}
	return float64(b.N) / elapsed.Seconds(), percentile(lat, 0.99)
}

// answer sends a line and waits for its reply without failing the
// benchmark from a goroutine; it reports whether the reply came.
func (u *tgUser) answer(line string) bool {
	u.srv.SendText(u.chat, u.user, line)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sent, err := u.srv.WaitSentAfter(ctx, u.chat, u.seen)
	if err != nil {
		return false
	}
	u.seen += len(sent)
	return !strings.Contains(sent[len(sent)-1].Text, "đã qua")
}

// percentile returns the p-th quantile of all durations.
func percentile(groups [][]time.Duration, p float64) time.Duration {
	var all []time.Duration
	for _, g := range groups {
		all = append(all, g...)
	}
	if len(all) == 0 {
		return 0
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	return all[int(float64(len(all)-1)*p)]
}
