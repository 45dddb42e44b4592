package relay

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// sendQueue holds, in memory, the messages the sender knows of: handed
// over by the engine as it commits them, or read from the outbox at start
// and now and then (for messages queued by others, or left by a crash).
// Reading the outbox for every reply would cost a query and a decoding per
// message, and a round of the whole outbox before anyone's next reply.
type sendQueue struct {
	mu       sync.Mutex
	chats    map[string]*chatQueue // chats with messages waiting or in hand
	limits   channelLimiters
	jitter   Jitter // of the pauses before retries
	inFlight int
	known    map[int64]bool // ids waiting, in hand, or finished but maybe still pending in a read
	finished map[int64]bool // ids dealt with, forgotten once the outbox agrees
	ready    chan struct{}
}

// chatQueue is one chat's waiting messages: replies first, then bulk
// messages, each in outbox order.
type chatQueue struct {
	msgs      []bot.Outgoing
	busy      bool      // a message of the chat is in hand
	notBefore time.Time // paused after a failure
	failures  int       // failures in a row, for the backoff
}

// newSendQueue returns a queue that keeps byChannel's limits for the
// channels it names and def for the others, and draws the jitter of its
// retry pauses from jitter.
func newSendQueue(def bot.RateLimits, byChannel map[string]bot.RateLimits, jitter Jitter) *sendQueue {
	return &sendQueue{chats: map[string]*chatQueue{}, limits: newChannelLimiters(def, byChannel), jitter: jitter,
		known: map[int64]bool{}, finished: map[int64]bool{}, ready: make(chan struct{}, 1)}
}

// Submit hands the sender messages just committed to the outbox.
func (s *Sender) Submit(outs []bot.Outgoing) {
	q := s.queue
	q.mu.Lock()
	for _, o := range outs {
		q.addLocked(o)
	}
	q.mu.Unlock()
	q.signal()
}

// sendsBefore orders a chat's messages: replies before bulk messages, each
// oldest first.
func sendsBefore(a, b bot.Outgoing) bool {
	if a.Bulk != b.Bulk {
		return b.Bulk
	}
	return a.ID < b.ID
}

// addLocked queues o unless it is known.
func (q *sendQueue) addLocked(o bot.Outgoing) {
	if o.ID == 0 || q.known[o.ID] {
		return
	}
	q.known[o.ID] = true
	q.putLocked(o.Channel+"/"+o.ChatID, o)
}

// putLocked puts o in its place in chat k's queue.
func (q *sendQueue) putLocked(k string, o bot.Outgoing) {
	c := q.chats[k]
	if c == nil {
		c = &chatQueue{}
		q.chats[k] = c
	}
	i, _ := slices.BinarySearchFunc(c.msgs, o, func(a, b bot.Outgoing) int {
		if sendsBefore(a, b) {
			return -1
		}
		return 1
	})
	c.msgs = slices.Insert(c.msgs, i, o)
}

func (q *sendQueue) signal() {
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// sendCaps bound the sends in hand: at most parallel, of which bulk
// messages may not take the last reserved.
type sendCaps struct {
	parallel, reserved int
}

// takeLocked picks the message to send at now, if one may go: among the
// chats with none in hand and not paused, whose channel's limits allow it,
// a reply before a bulk message, then the oldest; it spends its rate
// tokens. Each channel's limits are its own, so a channel that has spent
// its budget does not hold up another.
// Otherwise it reports how long until one may go (0: not before a send in
// hand ends or a message comes).
func (q *sendQueue) takeLocked(now time.Time, caps sendCaps, cost func(bot.Outgoing) int) (string, bot.Outgoing, bool, time.Duration) {
	q.limits.sweep(now)
	var best string
	var wait time.Duration
	for k, c := range q.chats {
		if c.busy || len(c.msgs) == 0 {
			continue
		}
		head := c.msgs[0]
		if d := max(c.notBefore.Sub(now), q.limits.of(head.Channel).delay(k, now, cost(head))); d > 0 {
			wait = minWait(wait, d)
			continue
		}
		if best == "" || sendsBefore(head, q.chats[best].msgs[0]) {
			best = k
		}
	}
	if best == "" {
		return "", bot.Outgoing{}, false, wait
	}
	c := q.chats[best]
	o := c.msgs[0]
	if q.inFlight >= caps.parallel || o.Bulk && q.inFlight >= caps.parallel-caps.reserved {
		return "", bot.Outgoing{}, false, wait
	}
	q.limits.of(o.Channel).take(best, now, cost(o))
	c.msgs, c.busy = c.msgs[1:], true
	q.inFlight++
	return best, o, true, 0
}

// minWait is the shorter of two waits, 0 standing for none.
func minWait(a, b time.Duration) time.Duration {
	if a == 0 {
		return b
	}
	return min(a, b)
}

// finishLocked records the outcome of sending o to chat k at now: done,
// or back in front of the chat's queue after RetryPause: what the channel
// asked for, or a backoff that grows with the failures in a row.
func (q *sendQueue) finishLocked(k string, o bot.Outgoing, out outcome, now time.Time) {
	q.inFlight--
	c := q.chats[k]
	c.busy = false
	if out.done {
		q.finished[o.ID] = true
		c.failures = 0
	} else {
		c.failures++
		c.notBefore = now.Add(RetryPause(out.err, c.failures, q.jitter))
		q.putLocked(k, o)
	}
	if len(c.msgs) == 0 {
		delete(q.chats, k)
	}
}

// Run sends until ctx ends, then waits for the sends in hand. Messages a
// previous process claimed and did not mark are recorded as uncertain
// first, and not sent.
func (s *Sender) Run(ctx context.Context) error {
	for err := s.ResolveClaims(ctx); err != nil; err = s.ResolveClaims(ctx) {
		s.log.Warn("sender cannot start", "err", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
	s.reload(ctx)
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var wg sync.WaitGroup
	for ctx.Err() == nil {
		timer.Reset(orIdle(s.startDueSends(ctx, &wg)))
		select {
		case <-ctx.Done():
		case <-s.queue.ready:
		case <-timer.C:
		case <-s.wake:
			s.reload(ctx)
		case <-tick.C:
			s.reload(ctx)
		}
	}
	wg.Wait()
	return nil
}

// orIdle is wait, or a long time for a wait of 0 (none: a signal comes).
func orIdle(wait time.Duration) time.Duration {
	if wait == 0 {
		return time.Hour
	}
	return wait
}

// Flush sends what the outbox holds, keeping the rate limits and retrying
// what may be retried, until nothing is left or ctx ends: for a caller
// that sends between its own steps (the console), or after Run ended (a
// shutdown's last flush). It must not run alongside Run. When ctx ends
// first, it returns ctx's error and how long until the next message could
// have gone.
func (s *Sender) Flush(ctx context.Context) (time.Duration, error) {
	if err := s.ResolveClaims(ctx); err != nil {
		return 0, err
	}
	if err := s.reload(ctx); err != nil {
		return 0, err
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		wait := s.startDueSends(ctx, &wg)
		if s.queue.empty() {
			return 0, nil
		}
		if ctx.Err() != nil {
			return wait, ctx.Err()
		}
		timer.Reset(orIdle(wait))
		select {
		case <-ctx.Done():
		case <-s.queue.ready:
		case <-timer.C:
		}
	}
}

// empty reports whether no message is waiting or in hand.
func (q *sendQueue) empty() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.chats) == 0
}

// reload adds what the outbox holds that the sender does not know yet,
// and forgets finished messages the outbox no longer lists as pending.
func (s *Sender) reload(ctx context.Context) error {
	pending, err := s.outbox.PendingOutbox(ctx, 0)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("read outbox", "err", err)
		}
		return err
	}
	q := s.queue
	q.mu.Lock()
	still := make(map[int64]bool, len(pending))
	for _, o := range pending {
		still[o.ID] = true
		q.addLocked(o)
	}
	for id := range q.finished {
		if !still[id] {
			delete(q.finished, id)
			delete(q.known, id)
		}
	}
	q.mu.Unlock()
	q.signal()
	return nil
}

// startDueSends starts a send for every message that may go now, and
// returns how long until the next may (0: not before a signal).
func (s *Sender) startDueSends(ctx context.Context, wg *sync.WaitGroup) time.Duration {
	q := s.queue
	q.mu.Lock()
	defer q.mu.Unlock()
	caps := sendCaps{parallel: s.parallel, reserved: s.reserved}
	for ctx.Err() == nil {
		k, o, ok, wait := q.takeLocked(time.Now(), caps, s.cost)
		if !ok {
			return wait
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := s.attempt(ctx, o)
			q.mu.Lock()
			q.finishLocked(k, o, out, time.Now())
			q.mu.Unlock()
			q.signal()
		}()
	}
	return 0
}
