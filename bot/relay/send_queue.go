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
//
// Each chat with messages waiting and none in hand is in one place: in
// its channel's lane when its own pause and limit let it send, in waiting
// until they do, or in toPlace when its next message or its pause changed
// since it was last placed. The choice of the next message then looks at
// the top of each channel's lane and of waiting, never at every chat: a
// broadcast to 20,000 chats costs O(log n) a message, not O(n).
type sendQueue struct {
	mu       sync.Mutex
	chats    map[string]*chatQueue // chats with messages waiting or in hand
	lanes    map[string]*chatHeap  // by channel: chats that may send, the one whose next message goes first on top
	waiting  chatHeap              // chats paused or out of their own budget, the soonest due on top
	toPlace  []*chatQueue          // chats to put in a lane or waiting at the next take, which knows the time and costs
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
	key       string // channel/chat id
	channel   string
	msgs      []bot.Outgoing
	busy      bool      // a message of the chat is in hand
	notBefore time.Time // paused after a failure
	failures  int       // failures in a row, for the backoff
	place     chatPlace // where it waits, if not busy
	next      sendOrder // of msgs[0] when placed, read by its lane without a look at the message
	due       time.Time // when its pause and limit let it send, while in waiting
	index     int       // in its lane or waiting
}

// chatPlace is where in the send queue a chat is.
type chatPlace int

const (
	nowhere   chatPlace = iota // busy, or no message left
	toPlace                    // in toPlace
	inLane                     // in its channel's lane
	inWaiting                  // in waiting
)

// headFirst orders a lane: the chat whose next message goes first.
func headFirst(a, b *chatQueue) bool { return a.next.before(b.next) }

// dueFirst orders waiting: the chat that may send soonest.
func dueFirst(a, b *chatQueue) bool { return a.due.Before(b.due) }

// newSendQueue returns a queue that keeps byChannel's limits for the
// channels it names and def for the others, and draws the jitter of its
// retry pauses from jitter.
func newSendQueue(def bot.RateLimits, byChannel map[string]bot.RateLimits, jitter Jitter) *sendQueue {
	return &sendQueue{chats: map[string]*chatQueue{}, lanes: map[string]*chatHeap{}, waiting: chatHeap{before: dueFirst},
		limits: newChannelLimiters(def, byChannel), jitter: jitter,
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
	return orderOf(a).before(orderOf(b))
}

// sendOrder is what decides which of two messages goes first.
type sendOrder struct {
	bulk bool
	id   int64
}

func orderOf(o bot.Outgoing) sendOrder { return sendOrder{bulk: o.Bulk, id: o.ID} }

// before reports whether a message of order a goes before one of order b:
// a reply before a bulk message, then the oldest.
func (a sendOrder) before(b sendOrder) bool {
	if a.bulk != b.bulk {
		return b.bulk
	}
	return a.id < b.id
}

// addLocked queues o unless it is known.
func (q *sendQueue) addLocked(o bot.Outgoing) {
	if o.ID == 0 || q.known[o.ID] {
		return
	}
	q.known[o.ID] = true
	q.putLocked(o.Channel+"/"+o.ChatID, o)
}

// putLocked puts o in its place in chat k's queue; a chat whose next
// message changed is placed again.
func (q *sendQueue) putLocked(k string, o bot.Outgoing) {
	c := q.chats[k]
	if c == nil {
		c = &chatQueue{key: k, channel: o.Channel, index: -1}
		q.chats[k] = c
	}
	i, _ := slices.BinarySearchFunc(c.msgs, o, func(a, b bot.Outgoing) int {
		if sendsBefore(a, b) {
			return -1
		}
		return 1
	})
	c.msgs = slices.Insert(c.msgs, i, o)
	if i == 0 {
		q.replaceLocked(c)
	}
}

// replaceLocked takes c, not busy, out of its lane or waiting, to be
// placed again at the next take.
func (q *sendQueue) replaceLocked(c *chatQueue) {
	if c.busy {
		return // placed when its send ends
	}
	switch c.place {
	case toPlace:
		return
	case inLane:
		q.lanes[c.channel].remove(c)
	case inWaiting:
		q.waiting.remove(c)
	}
	c.place = toPlace
	q.toPlace = append(q.toPlace, c)
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
// chats with none in hand and not paused, whose channel's and own limits
// allow it, a reply before a bulk message, then the oldest; it spends its
// rate tokens. Each channel's limits are its own, so a channel that has
// spent its budget does not hold up another. A channel's budget gates the
// top of its lane: a long message (cost above 1) is not overtaken by
// shorter ones while the budget fills up.
// Otherwise it reports how long until one may go (0: not before a send in
// hand ends or a message comes).
func (q *sendQueue) takeLocked(now time.Time, caps sendCaps, cost func(bot.Outgoing) int) (string, bot.Outgoing, bool, time.Duration) {
	q.limits.sweep(now)
	q.placeLocked(now, cost)
	best, wait := q.bestLocked(now, cost)
	if best == nil {
		return "", bot.Outgoing{}, false, wait
	}
	o := best.msgs[0]
	if q.inFlight >= caps.parallel || o.Bulk && q.inFlight >= caps.parallel-caps.reserved {
		return "", bot.Outgoing{}, false, wait
	}
	q.lanes[best.channel].remove(best)
	best.place = nowhere
	q.limits.of(o.Channel).take(best.key, now, cost(o))
	best.msgs, best.busy = best.msgs[1:], true
	q.inFlight++
	return best.key, o, true, 0
}

// dueSlack is how early a waiting chat is looked at again: a due time is
// computed from a bucket's tokens in floating point, and may come a
// nanosecond after the moment the bucket itself would let the chat send.
const dueSlack = time.Microsecond

// placeLocked puts the chats of toPlace, and those of waiting due by now,
// in their lane or (back) in waiting.
func (q *sendQueue) placeLocked(now time.Time, cost func(bot.Outgoing) int) {
	for q.waiting.len() > 0 && !q.waiting.top().due.After(now.Add(dueSlack)) {
		c := q.waiting.pop()
		c.place = toPlace
		q.toPlace = append(q.toPlace, c)
	}
	for _, c := range q.toPlace {
		q.placeChatLocked(c, now, cost)
	}
	clear(q.toPlace)
	q.toPlace = q.toPlace[:0]
}

// placeChatLocked puts c in its channel's lane if its pause and its own
// limit let it send at now, else in waiting until they do.
func (q *sendQueue) placeChatLocked(c *chatQueue, now time.Time, cost func(bot.Outgoing) int) {
	c.place = nowhere
	if c.busy || len(c.msgs) == 0 {
		return
	}
	due := now.Add(q.limits.of(c.channel).chatDelay(c.key, now, cost(c.msgs[0])))
	if c.notBefore.After(due) {
		due = c.notBefore
	}
	if due.After(now) {
		c.place, c.due = inWaiting, due
		q.waiting.push(c)
		return
	}
	lane := q.lanes[c.channel]
	if lane == nil {
		lane = &chatHeap{before: headFirst}
		q.lanes[c.channel] = lane
	}
	c.place, c.next = inLane, orderOf(c.msgs[0])
	lane.push(c)
}

// bestLocked returns the chat whose next message goes first among the
// tops of the lanes whose channel's budget lets it go at now, if any, and
// how long until the next chat that waits, or the next top held by its
// channel's budget, may go.
func (q *sendQueue) bestLocked(now time.Time, cost func(bot.Outgoing) int) (*chatQueue, time.Duration) {
	var best *chatQueue
	var wait time.Duration
	if q.waiting.len() > 0 {
		wait = q.waiting.top().due.Sub(now)
	}
	for channel, lane := range q.lanes {
		if lane.len() == 0 {
			continue
		}
		c := lane.top()
		if d := q.limits.of(channel).channelDelay(now, cost(c.msgs[0])); d > 0 {
			wait = minWait(wait, d)
			continue
		}
		if best == nil || headFirst(c, best) {
			best = c
		}
	}
	return best, wait
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
	if out.done {
		q.finished[o.ID] = true
		c.failures = 0
	} else {
		c.failures++
		c.notBefore = now.Add(RetryPause(out.err, c.failures, q.jitter))
		q.putLocked(k, o) // busy still: placed below
	}
	c.busy = false
	if len(c.msgs) == 0 {
		delete(q.chats, k)
		return
	}
	q.replaceLocked(c)
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
