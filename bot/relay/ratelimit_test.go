package relay

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

var (
	testCaps = sendCaps{parallel: 64, reserved: 8}
	t0       = time.Date(2025, 9, 1, 7, 30, 0, 0, time.UTC)
)

func one(bot.Outgoing) int { return 1 }

// takeAll takes every message that may go at now, finishing each at once.
func takeAll(q *sendQueue, now time.Time) []bot.Outgoing {
	out, _ := takeAllWait(q, now)
	return out
}

// takeAllWait is takeAll, reporting also how long until the next may go.
func takeAllWait(q *sendQueue, now time.Time) ([]bot.Outgoing, time.Duration) {
	var out []bot.Outgoing
	for {
		k, o, ok, wait := q.takeLocked(now, testCaps, one)
		if !ok {
			return out, wait
		}
		q.finishLocked(k, o, outcome{done: true}, now)
		out = append(out, o)
	}
}

// TestRepliesGoAheadOfBulk queues a digest to many officers and then a
// reply: the reply takes the next free slot of the overall limit, ahead of
// every waiting digest.
func TestRepliesGoAheadOfBulk(t *testing.T) {
	q := newSendQueue(bot.RateLimits{PerSecond: 30, Burst: 1}, nil, noJitter)
	for i := range 20 {
		q.addLocked(bot.Outgoing{ID: int64(i + 1), Channel: "c", ChatID: fmt.Sprint(i), Bulk: true})
	}
	if got := takeAll(q, t0); len(got) != 1 || got[0].ID != 1 {
		t.Fatalf("first slot went to %+v, want the oldest digest alone", got)
	}
	q.addLocked(bot.Outgoing{ID: 100, Channel: "c", ChatID: "99"})
	_, _, ok, wait := q.takeLocked(t0.Add(time.Millisecond), testCaps, one)
	if ok || wait <= 0 || wait > 33*time.Millisecond {
		t.Fatalf("a message went out within the limit, or the wait is %v", wait)
	}
	if got := takeAll(q, t0.Add(34*time.Millisecond)); len(got) != 1 || got[0].ID != 100 {
		t.Fatalf("next slot went to %+v, want the reply", got)
	}
	if got := takeAll(q, t0.Add(68*time.Millisecond)); len(got) != 1 || got[0].ID != 2 {
		t.Fatalf("then %+v, want the next digest", got)
	}
}

// TestChatKeepsItsOrder queues replies and bulk messages in one chat:
// replies go first, in order, one at a time, then the bulk ones.
func TestChatKeepsItsOrder(t *testing.T) {
	q := newSendQueue(bot.RateLimits{}, nil, noJitter)
	for _, o := range []bot.Outgoing{{ID: 1, Bulk: true}, {ID: 5}, {ID: 2, Bulk: true}, {ID: 3}} {
		o.Channel, o.ChatID = "c", "a"
		q.addLocked(o)
	}
	var order []int64
	for range 4 {
		k, o, ok, _ := q.takeLocked(t0, testCaps, one)
		if !ok {
			t.Fatalf("nothing to take after %v", order)
		}
		if _, _, again, _ := q.takeLocked(t0, testCaps, one); again {
			t.Fatalf("two messages of one chat in hand at once")
		}
		q.finishLocked(k, o, outcome{done: true}, t0)
		order = append(order, o.ID)
	}
	if fmt.Sprint(order) != "[3 5 1 2]" {
		t.Fatalf("order %v, want replies 3 5 then bulk 1 2", order)
	}
}

// TestLimitsHold drains a bulk sending to 200 chats, three messages each,
// and a chatty user's 40 replies, in simulated time with Telegram's
// limits: no second carries more than the overall rate and burst, no chat
// more than its own, and the overall rate is used in full.
func TestLimitsHold(t *testing.T) {
	lim := bot.TelegramLimits()
	q := newSendQueue(lim, nil, noJitter)
	id := int64(0)
	for c := range 200 {
		for range 3 {
			id++
			q.addLocked(bot.Outgoing{ID: id, Channel: "c", ChatID: fmt.Sprint(c), Bulk: true})
		}
	}
	for range 40 {
		id++
		q.addLocked(bot.Outgoing{ID: id, Channel: "c", ChatID: "chatty"})
	}
	var sends []time.Time
	var bulkDone time.Time
	perChat := map[string][]time.Time{}
	for now := t0; len(q.chats) > 0; {
		got, wait := takeAllWait(q, now)
		for _, o := range got {
			sends = append(sends, now)
			perChat[o.ChatID] = append(perChat[o.ChatID], now)
			if o.Bulk {
				bulkDone = now
			}
		}
		now = now.Add(max(wait, time.Millisecond))
	}
	if n := maxInWindow(sends, time.Second); n > int(lim.PerSecond)+lim.Burst {
		t.Errorf("%d messages in one second, limit %v and burst %d", n, lim.PerSecond, lim.Burst)
	}
	for chat, at := range perChat {
		if n := maxInWindow(at, time.Second); n > int(lim.ChatPerSecond)+lim.ChatBurst {
			t.Fatalf("chat %s got %d messages in one second", chat, n)
		}
	}
	took := bulkDone.Sub(t0)
	if rate := float64(maxInWindow(sends, took+time.Millisecond)-lim.Burst) / took.Seconds(); rate < 0.97*lim.PerSecond {
		t.Errorf("bulk sending done in %v: %.1f a second, want the limit's %v", took, rate, lim.PerSecond)
	}
	if last := perChat["chatty"][39]; last.Sub(t0) > 40*time.Second {
		t.Errorf("the chatty user's last reply went at %v, behind the bulk sending", last.Sub(t0))
	}
}

// maxInWindow is the most times within any window of length w.
func maxInWindow(at []time.Time, w time.Duration) int {
	best, j := 0, 0
	for i := range at {
		for at[i].Sub(at[j]) >= w {
			j++
		}
		best = max(best, i-j+1)
	}
	return best
}

// TestIdleChatsAreForgotten sends to many chats and lets time pass: the
// per-chat buckets, full again, are dropped.
func TestIdleChatsAreForgotten(t *testing.T) {
	l := newLimiter(bot.TelegramLimits())
	for c := range 1000 {
		l.take(fmt.Sprint(c), t0, 1)
	}
	l.take("busy", t0.Add(time.Minute), 3)
	l.sweep(t0.Add(time.Minute))
	if len(l.chats) != 1 || l.chats["busy"] == nil {
		t.Fatalf("%d chats kept after a minute, want only the busy one", len(l.chats))
	}
	if d := l.delay("busy", t0.Add(time.Minute), 1); d < 900*time.Millisecond {
		t.Fatalf("the busy chat may send again after %v, want about a second", d)
	}
}

// TestRetriesWaitTheirPause fails a chat's message again and again: after
// 5xx failures the chat waits a backoff that doubles up to RetryCap, after
// a 429 the retry_after asked for (plus its jitter), not the backoff.
func TestRetriesWaitTheirPause(t *testing.T) {
	q := newSendQueue(bot.RateLimits{}, nil, topJitter)
	q.addLocked(bot.Outgoing{ID: 1, Channel: "c", ChatID: "a"})
	serverError := &bot.SendError{Err: errors.New("Internal Server Error")}
	tooMany := &bot.SendError{RetryAfter: 3 * time.Second, Err: errors.New("Too Many Requests: retry after 3")}
	steps := []struct {
		err  error
		want time.Duration
	}{
		{serverError, 500 * time.Millisecond}, {serverError, time.Second}, {tooMany, 3600 * time.Millisecond},
		{serverError, 4 * time.Second}, {serverError, 4 * time.Second}, {serverError, 4 * time.Second},
		{tooMany, 3600 * time.Millisecond},
	}
	now := t0
	for i, s := range steps {
		k, o, ok, _ := q.takeLocked(now, testCaps, one)
		if !ok {
			t.Fatalf("attempt %d: nothing to take", i+1)
		}
		q.finishLocked(k, o, outcome{err: s.err}, now)
		if _, _, ok, wait := q.takeLocked(now, testCaps, one); ok || wait != s.want {
			t.Fatalf("after failure %d (%v): took %v, wait %v; want a wait of %v", i+1, s.err, ok, wait, s.want)
		}
		now = now.Add(s.want)
	}
	k, o, ok, _ := q.takeLocked(now, testCaps, one)
	if !ok {
		t.Fatal("the message is not taken once its pause is over")
	}
	q.finishLocked(k, o, outcome{done: true}, now)
	if !q.empty() {
		t.Fatal("the chat is still queued after its message went")
	}
}

// TestChannelLimitsApart queues older messages on a channel whose budget
// is one a second and newer ones on a channel without limits: the first
// channel's spent budget holds up none of the second's, and its own limit
// still holds.
func TestChannelLimitsApart(t *testing.T) {
	q := newSendQueue(bot.RateLimits{PerSecond: 1, Burst: 1}, map[string]bot.RateLimits{"zalo": {}}, noJitter)
	for i := range 6 {
		ch := "telegram"
		if i >= 3 {
			ch = "zalo"
		}
		q.addLocked(bot.Outgoing{ID: int64(i + 1), Channel: ch, ChatID: fmt.Sprint(i), Bulk: true})
	}
	sent := map[string]int{}
	for _, o := range takeAll(q, t0) {
		sent[o.Channel]++
	}
	if sent["telegram"] != 1 || sent["zalo"] != 3 {
		t.Fatalf("sent at once %v, want telegram 1 (its limit) and zalo 3 (none)", sent)
	}
	if got := takeAll(q, t0.Add(time.Second)); len(got) != 1 || got[0].Channel != "telegram" {
		t.Fatalf("a second later %+v, want the next telegram message", got)
	}
}

// TestSenderKeepsLimitsByChannel checks the options: a channel named has
// its own limits, the others the default.
func TestSenderKeepsLimitsByChannel(t *testing.T) {
	zalo := bot.RateLimits{PerSecond: 10, Burst: 3, ChatPerSecond: 1, ChatBurst: 3}
	s := NewSender(nil, nil, nil, nil, WithRateLimits(bot.RateLimits{PerSecond: 7}), WithChannelLimits("zalo", zalo))
	if got := s.queue.limits.of("zalo").limits; got != zalo {
		t.Errorf("zalo limits %+v, want %+v", got, zalo)
	}
	if got := s.queue.limits.of("console").limits; got != (bot.RateLimits{PerSecond: 7}) {
		t.Errorf("default limits %+v, want the WithRateLimits ones", got)
	}
}
