package relay

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// BenchmarkBroadcastChoice queues a bulk message to each of N chats, as a
// digest or an announcement does, and drains them through the send queue
// alone (no channel, no database) in simulated time: the CPU per message
// of choosing what goes next, which must not grow with the chats waiting.
// "generous" limits never make a message wait; "telegram" keeps Telegram's
// (30 a second overall), so that most choices end in a wait for the next
// token, as in a real broadcast.
//
//	go test -run '^$' -bench BroadcastChoice -benchtime 3x ./bot/relay/
func BenchmarkBroadcastChoice(b *testing.B) {
	limits := []struct {
		name string
		lim  bot.RateLimits
	}{
		{"generous", bot.RateLimits{PerSecond: 1e9, Burst: 1000, ChatPerSecond: 1000, ChatBurst: 3}},
		{"telegram", bot.TelegramLimits()},
	}
	for _, l := range limits {
		for _, n := range []int{1000, 5000, 20000} {
			b.Run(fmt.Sprintf("%s/chats=%d", l.name, n), func(b *testing.B) {
				msgs := make([]bot.Outgoing, n)
				for i := range msgs {
					msgs[i] = bot.Outgoing{ID: int64(i + 1), Channel: "telegram", ChatID: fmt.Sprint(100000 + i), Bulk: true}
				}
				var spent time.Duration
				for range b.N {
					runtime.GC() // of the last round, not to be counted in this one
					spent += drainBroadcast(b, l.lim, msgs)
				}
				b.ReportMetric(float64(spent.Nanoseconds())/float64(b.N*n), "ns/msg")
			})
		}
	}
}

// drainBroadcast queues msgs and takes them all, each finished at once,
// moving a fake clock on by the waits the queue asks for. It returns the
// time spent in the queue.
func drainBroadcast(b *testing.B, lim bot.RateLimits, msgs []bot.Outgoing) time.Duration {
	q := newSendQueue(lim, nil, noJitter)
	n := len(msgs)
	start := time.Now()
	for _, o := range msgs {
		q.addLocked(o)
	}
	sent := 0
	for now := t0; sent < n; {
		k, o, ok, wait := q.takeLocked(now, testCaps, one)
		if !ok {
			now = now.Add(max(wait, time.Microsecond))
			continue
		}
		q.finishLocked(k, o, outcome{done: true}, now)
		sent++
	}
	spent := time.Since(start)
	if !q.empty() {
		b.Fatal("messages left in the queue")
	}
	return spent
}
