package relay

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// sent is a message taken at a time.
type sent struct {
	at time.Time
	id int64
}

// drainUntil takes, in simulated time from now, every message as soon as
// it may go, finishing each at once, until stop holds for a message taken
// or until is reached; it returns what went and the longest wait asked.
func drainUntil(q *sendQueue, now, until time.Time, stop func(bot.Outgoing) bool) ([]sent, time.Duration) {
	var out []sent
	var longest time.Duration
	for now.Before(until) {
		got, wait := takeAllWait(q, now)
		for _, o := range got {
			out = append(out, sent{now, o.ID})
			if stop(o) {
				return out, longest
			}
		}
		longest = max(longest, wait)
		now = now.Add(max(wait, time.Millisecond))
	}
	return out, longest
}

// TestPausedChatComesBackWhileThousandsWait fails the oldest message of a
// broadcast to 5,000 chats with a 429 asking for 3 s, on a channel that
// sends 10 a second: the rest go on meanwhile, the queue never sleeps
// longer than the channel's next slot, and the paused message goes at the
// first slot once its pause is over, ahead of the younger ones.
func TestPausedChatComesBackWhileThousandsWait(t *testing.T) {
	q := newSendQueue(bot.RateLimits{PerSecond: 10, Burst: 1}, nil, noJitter)
	for i := range 5000 {
		q.addLocked(bot.Outgoing{ID: int64(i + 1), Channel: "c", ChatID: fmt.Sprint(i), Bulk: true})
	}
	k, o, ok, _ := q.takeLocked(t0, testCaps, one)
	if !ok || o.ID != 1 {
		t.Fatalf("first took %+v, want message 1", o)
	}
	retryAfter3 := &bot.SendError{RetryAfter: 3 * time.Second, Err: errors.New("Too Many Requests: retry after 3")}
	q.finishLocked(k, o, outcome{err: retryAfter3}, t0)
	out, longest := drainUntil(q, t0, t0.Add(10*time.Second), func(o bot.Outgoing) bool { return o.ID == 1 })
	last := out[len(out)-1]
	if last.id != 1 {
		t.Fatalf("message 1 not sent again within 10 s; %d others went", len(out))
	}
	if at := last.at.Sub(t0); at < 3*time.Second || at > 3*time.Second+100*time.Millisecond {
		t.Errorf("message 1 went again at %v, want at the first slot from 3 s", at)
	}
	if others := len(out) - 1; others < 29 || others > 30 || longest > 100*time.Millisecond {
		t.Errorf("%d others went during the pause, the longest wait %v; want 29 or 30, none longer than a slot", others, longest)
	}
}

// TestChannelOutOfBudgetStarvesNoOther queues 2,000 older messages on a
// channel sending one a second and 2,000 newer ones on a channel without
// limits, then more of each: every message of the second goes at once,
// each time, while the first keeps its pace.
func TestChannelOutOfBudgetStarvesNoOther(t *testing.T) {
	q := newSendQueue(bot.RateLimits{PerSecond: 1, Burst: 1}, map[string]bot.RateLimits{"zalo": {}}, noJitter)
	id := int64(0)
	queue := func(channel string, n int) {
		for range n {
			id++
			q.addLocked(bot.Outgoing{ID: id, Channel: channel, ChatID: fmt.Sprint(id), Bulk: true})
		}
	}
	queue("telegram", 2000)
	queue("zalo", 2000)
	for step, now := range []time.Time{t0, t0.Add(500 * time.Millisecond), t0.Add(time.Second)} {
		got, wait := takeAllWait(q, now)
		count := map[string]int{}
		for _, o := range got {
			count[o.Channel]++
		}
		wantTelegram := 1 - step%2 // at 0 s and 1 s
		if count["telegram"] != wantTelegram || count["zalo"] != 2000-1000*min(step, 1) {
			t.Fatalf("step %d: sent %v", step, count)
		}
		if wantWait := time.Second - now.Sub(t0)%time.Second; wait != wantWait {
			t.Fatalf("step %d: wait %v, want the next telegram token in %v", step, wait, wantWait)
		}
		queue("zalo", 1000)
	}
}

// TestChatOutOfBudgetHoldsUpNoOther queues three messages to one chat
// allowed one a second, then one to each of 1,000 other chats: the
// others go at once, the chat's next a second later.
func TestChatOutOfBudgetHoldsUpNoOther(t *testing.T) {
	q := newSendQueue(bot.RateLimits{ChatPerSecond: 1, ChatBurst: 1}, nil, noJitter)
	for i := range 3 {
		q.addLocked(bot.Outgoing{ID: int64(i + 1), Channel: "c", ChatID: "chatty"})
	}
	for i := range 1000 {
		q.addLocked(bot.Outgoing{ID: int64(i + 10), Channel: "c", ChatID: fmt.Sprint(i), Bulk: true})
	}
	got, wait := takeAllWait(q, t0)
	if len(got) != 1001 || got[0].ID != 1 || wait != time.Second {
		t.Fatalf("took %d at once (first %d), then a wait of %v; want 1001, message 1 first, then 1 s", len(got), got[0].ID, wait)
	}
	if got := takeAll(q, t0.Add(time.Second)); len(got) != 1 || got[0].ID != 2 {
		t.Fatalf("a second later took %+v, want message 2", got)
	}
}

// TestRepliesOvertakeQueuedBroadcast starts a digest to 20,000 chats with
// Telegram's limits, then three replies come: to a chat whose digest still
// waits, to a new chat, and to a chat whose digest is in hand. The first
// two take the next two slots; the third goes at the first slot after its
// chat's digest is done, and the digest goes on.
func TestRepliesOvertakeQueuedBroadcast(t *testing.T) {
	q := newSendQueue(bot.TelegramLimits(), nil, noJitter)
	for i := range 20000 {
		q.addLocked(bot.Outgoing{ID: int64(i + 1), Channel: "c", ChatID: fmt.Sprint(i), Bulk: true})
	}
	if got := takeAll(q, t0); len(got) != 5 {
		t.Fatalf("took %d at first, want the burst of 5", len(got))
	}
	slot := 34 * time.Millisecond
	now := t0.Add(slot)
	k, held, ok, _ := q.takeLocked(now, testCaps, one)
	if !ok || held.ID != 6 {
		t.Fatalf("took %+v, want the digest to chat 5", held)
	}
	for i, chat := range []string{"100", "new", "5"} {
		q.addLocked(bot.Outgoing{ID: int64(30001 + i), Channel: "c", ChatID: chat})
	}
	for i, want := range []int64{30001, 30002, 7, -6, 30003, 8, 9} {
		if want < 0 { // the digest to chat 5 is done
			q.finishLocked(k, held, outcome{done: true}, now)
			continue
		}
		now = now.Add(slot)
		if got := takeAll(q, now); len(got) != 1 || got[0].ID != want {
			t.Fatalf("slot %d took %+v, want message %d", i+1, got, want)
		}
	}
}

// TestLongMessageKeepsItsTurn queues a message that takes three of the
// channel's messages (a long text, split) between short ones: the short
// one behind it does not overtake it while the channel's budget fills up.
func TestLongMessageKeepsItsTurn(t *testing.T) {
	q := newSendQueue(bot.RateLimits{PerSecond: 1, Burst: 3}, nil, noJitter)
	for i := range 3 {
		q.addLocked(bot.Outgoing{ID: int64(i + 1), Channel: "c", ChatID: fmt.Sprint(i)})
	}
	cost := func(o bot.Outgoing) int {
		if o.ID == 2 {
			return 3
		}
		return 1
	}
	var order []int64
	for now := t0; len(order) < 3 && now.Before(t0.Add(10*time.Second)); now = now.Add(100 * time.Millisecond) {
		for {
			k, o, ok, _ := q.takeLocked(now, testCaps, cost)
			if !ok {
				break
			}
			q.finishLocked(k, o, outcome{done: true}, now)
			order = append(order, o.ID)
		}
	}
	if fmt.Sprint(order) != "[1 2 3]" {
		t.Fatalf("order %v, want 1 2 3: the long message 2 keeps its turn", order)
	}
}

// TestChoiceMatchesScan drives the queue through random arrivals, sends,
// retries and the passing of time on two channels with overall and
// per-chat limits and tight caps, and checks each choice against a scan
// of every chat (the sender's former way): the same message, or none, and
// a wait no longer than the scan's, zero only when the scan's is.
func TestChoiceMatchesScan(t *testing.T) {
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 12))
		q := newSendQueue(bot.RateLimits{PerSecond: 20, Burst: 2, ChatPerSecond: 2, ChatBurst: 1},
			map[string]bot.RateLimits{"z": {PerSecond: 5, Burst: 1}}, seededJitter(seed))
		caps := sendCaps{parallel: 4, reserved: 1}
		type held struct {
			k string
			o bot.Outgoing
		}
		var inHand []held
		now, id := t0, int64(0)
		for step := range 3000 {
			switch r := rng.IntN(10); {
			case r < 3:
				id++
				q.addLocked(bot.Outgoing{ID: id, Channel: []string{"t", "z"}[rng.IntN(2)], ChatID: fmt.Sprint(rng.IntN(30)), Bulk: rng.IntN(3) > 0})
			case r < 5 && len(inHand) > 0:
				i := rng.IntN(len(inHand))
				h := inHand[i]
				inHand = append(inHand[:i], inHand[i+1:]...)
				out := outcome{done: rng.IntN(4) > 0}
				if !out.done && rng.IntN(2) == 0 {
					out.err = &bot.SendError{RetryAfter: time.Duration(rng.IntN(500)) * time.Millisecond, Err: errors.New("429")}
				}
				q.finishLocked(h.k, h.o, out, now)
			case r < 7:
				now = now.Add(time.Duration(rng.IntN(80)) * time.Millisecond)
			default:
				wantK, wantOK, scanWait := scanChoice(q, now, caps)
				k, o, ok, wait := q.takeLocked(now, caps, one)
				if ok != wantOK || k != wantK || (!ok && ((wait > 0) != (scanWait > 0) || wait > scanWait+time.Microsecond)) {
					t.Fatalf("seed %d step %d: took %q %v (wait %v), the scan %q %v (wait %v)", seed, step, k, ok, wait, wantK, wantOK, scanWait)
				}
				if ok {
					inHand = append(inHand, held{k, o})
				}
			}
		}
	}
}

// scanChoice is the choice takeLocked makes, by the scan of every chat it
// used to make, without taking: the chat whose message goes, if one may,
// and else how long until one may.
func scanChoice(q *sendQueue, now time.Time, caps sendCaps) (string, bool, time.Duration) {
	var best string
	var wait time.Duration
	for k, c := range q.chats {
		if c.busy || len(c.msgs) == 0 {
			continue
		}
		head := c.msgs[0]
		if d := max(c.notBefore.Sub(now), q.limits.of(head.Channel).delay(k, now, 1)); d > 0 {
			wait = minWait(wait, d)
			continue
		}
		if best == "" || sendsBefore(head, q.chats[best].msgs[0]) {
			best = k
		}
	}
	if best == "" {
		return "", false, wait
	}
	if o := q.chats[best].msgs[0]; q.inFlight >= caps.parallel || o.Bulk && q.inFlight >= caps.parallel-caps.reserved {
		return "", false, wait
	}
	return best, true, 0
}
