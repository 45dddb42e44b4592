package bot

import (
	"context"
	"slices"
	"sync"
	"time"
)

// sendQueue holds, in memory, the messages the sender knows of: handed
// over by the engine as it commits them, or read from the outbox at start
// and now and then (for messages queued by others, or left by a crash).
// Reading the outbox for every reply would cost a query and a decoding per
// message, and a round of the whole outbox before anyone's next reply.
type sendQueue struct {
	mu        sync.Mutex
	chats     map[string][]Outgoing // waiting, by chat, in outbox order
	busy      map[string]bool       // chats a worker is sending to
	notBefore map[string]time.Time  // chats paused after a failure
	known     map[int64]bool        // ids waiting, in hand, or finished but maybe still pending in a read
	finished  map[int64]bool        // ids dealt with, forgotten once the outbox agrees
	ready     chan struct{}
}

func newSendQueue() sendQueue {
	return sendQueue{chats: map[string][]Outgoing{}, busy: map[string]bool{}, notBefore: map[string]time.Time{},
		known: map[int64]bool{}, finished: map[int64]bool{}, ready: make(chan struct{}, 1)}
}

// Submit hands the sender messages just committed to the outbox.
func (s *Sender) Submit(outs []Outgoing) {
	q := &s.queue
	q.mu.Lock()
	for _, o := range outs {
		q.addLocked(o)
	}
	q.mu.Unlock()
	q.signal()
}

// addLocked queues o unless it is known, keeping each chat in id order.
func (q *sendQueue) addLocked(o Outgoing) {
	if o.ID == 0 || q.known[o.ID] {
		return
	}
	q.known[o.ID] = true
	k := o.Channel + "/" + o.ChatID
	msgs := append(q.chats[k], o)
	slices.SortFunc(msgs, func(a, b Outgoing) int { return int(a.ID - b.ID) })
	q.chats[k] = msgs
}

func (q *sendQueue) signal() {
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends, then waits for the sends in hand.
func (s *Sender) Run(ctx context.Context) error {
	s.reload(ctx)
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	var wg sync.WaitGroup
	for ctx.Err() == nil {
		s.dispatch(ctx, &wg)
		select {
		case <-ctx.Done():
		case <-s.queue.ready:
		case <-s.wake:
			s.reload(ctx)
		case <-tick.C:
			s.reload(ctx)
		}
	}
	wg.Wait()
	return nil
}

// reload adds what the outbox holds that the sender does not know yet,
// and forgets finished messages the outbox no longer lists as pending.
func (s *Sender) reload(ctx context.Context) {
	pending, err := s.outbox.PendingOutbox(ctx, 0)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("read outbox", "err", err)
		}
		return
	}
	q := &s.queue
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
}

// dispatch starts a worker for each chat that has messages and none in hand.
func (s *Sender) dispatch(ctx context.Context, wg *sync.WaitGroup) {
	q := &s.queue
	q.mu.Lock()
	defer q.mu.Unlock()
	now := time.Now()
	inHand := len(q.busy)
	for k, msgs := range q.chats {
		if inHand >= s.parallel {
			return
		}
		if q.busy[k] || now.Before(q.notBefore[k]) {
			continue
		}
		q.busy[k] = true
		delete(q.chats, k)
		inHand++
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.sendQueued(ctx, k, msgs)
		}()
	}
}

// sendQueued sends one chat's messages; what a pause leaves unsent goes
// back in front of the chat's queue.
func (s *Sender) sendQueued(ctx context.Context, k string, msgs []Outgoing) {
	n, pause := s.sendChat(ctx, msgs)
	q := &s.queue
	q.mu.Lock()
	for _, o := range msgs[:n] {
		q.finished[o.ID] = true
	}
	if rest := msgs[n:]; len(rest) > 0 {
		q.chats[k] = append(rest, q.chats[k]...)
		q.notBefore[k] = time.Now().Add(pause)
		time.AfterFunc(pause, q.signal)
	}
	delete(q.busy, k)
	q.mu.Unlock()
	q.signal()
}
