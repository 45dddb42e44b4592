// Package relay moves events in and messages out around clubbot's engine:
// the dispatcher takes the events the channels have recorded to the engine
// (one chat at a time and in order, chats in parallel, a flooding chat
// slowed alone, a user told when the store is down), the sender drains the
// outbox through the channels within their rate limits, retrying what may
// be retried, and the deliverer queues each scheduled digest or reminder
// once per user and period. It imports bot; bot never imports it.
package relay

import (
	"context"
	"fmt"
	"hash/fnv"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// Backlog lists the events the channels have recorded and no one has
// handled yet; *store.DB is one. (A channel's own Inbox, in bot/telegram,
// bot/zalo and bot/console, is where it records them.)
type Backlog interface {
	PendingInbound(ctx context.Context, limit int) ([]bot.Inbound, error)
}

// Handler handles one event; *engine.Engine is one.
type Handler interface {
	Handle(ctx context.Context, in bot.Inbound) error
}

// Dispatcher feeds recorded events to the handler: the events of one chat
// one at a time and in order, different chats in parallel. The backlog is
// the source of truth, so events recorded before a crash are handled after
// it.
type Dispatcher struct {
	backlog Backlog
	handler Handler
	log     *slog.Logger
	shards  []chan bot.Inbound
	stopped chan struct{} // closed when Run returns
	// unavailable is told of each attempt that failed because the store
	// was unavailable, to tell the user (see UnavailableNotice).
	unavailable UnavailableNotifier
	flood       *floodGate // nil: no flood control

	mu       sync.Mutex
	inflight map[string]bool // event keys queued or being handled
	// handled holds the keys handled since fill last read the backlog, whose
	// read may predate their handling: they are not queued again.
	handled  map[string]bool
	poisoned map[string]bool // events that failed for a reason retrying cannot fix
}

// NewDispatcher returns a dispatcher with the given number of workers that
// takes the events of backlog to handler. unavailable, when not nil, is told
// of each attempt that failed because the store was unavailable. flood,
// unless its Burst is 0 (no limit), holds the events of a chat that sends
// faster than it allows and hands them to handler later, in order, at the
// allowed rate; held events stay in the backlog until handled, so a
// restart loses none.
func NewDispatcher(backlog Backlog, handler Handler, unavailable UnavailableNotifier, flood FloodLimit, workers int,
	log *slog.Logger) *Dispatcher {
	if workers < 1 {
		workers = 1
	}
	d := &Dispatcher{backlog: backlog, handler: handler, unavailable: unavailable, log: log,
		stopped: make(chan struct{}), inflight: map[string]bool{}, handled: map[string]bool{}, poisoned: map[string]bool{}}
	for i := 0; i < workers; i++ {
		d.shards = append(d.shards, make(chan bot.Inbound, 1024))
	}
	if flood.Burst > 0 {
		d.flood = newFloodGate(flood, d.resume, d.stopped)
	}
	return d
}

// Submit hands recorded events to the workers at once, saving a read of
// the backlog. Events already queued or in hand are not queued twice.
func (d *Dispatcher) Submit(ins []bot.Inbound) {
	for _, in := range ins {
		if !d.claim(in.Key) {
			continue
		}
		select {
		case d.shards[d.shardOf(in)] <- in:
		case <-d.stopped: // recorded, so handled after a restart
			return
		}
	}
}

// claim marks an event as queued, reporting false if it already was or
// is known to fail.
func (d *Dispatcher) claim(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.inflight[key] || d.handled[key] || d.poisoned[key] {
		return false
	}
	d.inflight[key] = true
	return true
}

// Run dispatches until ctx ends, then lets the workers finish the events
// in hand and returns. Events still queued stay in the backlog for the
// next start.
func (d *Dispatcher) Run(ctx context.Context) error {
	defer close(d.stopped)
	var wg sync.WaitGroup
	for _, shard := range d.shards {
		wg.Add(1)
		go func(events <-chan bot.Inbound) {
			defer wg.Done()
			for {
				select {
				case in := <-events:
					d.handleOrHold(ctx, in)
				case <-ctx.Done():
					return
				}
			}
		}(shard)
	}
	// Submit brings new events; the backlog is read at start and now and
	// then for events whose submission was missed.
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	for ctx.Err() == nil {
		d.fill(ctx)
		select {
		case <-ctx.Done():
		case <-tick.C:
		}
	}
	wg.Wait()
	return nil
}

// fill queues the pending events that no worker holds yet.
func (d *Dispatcher) fill(ctx context.Context) {
	d.mu.Lock()
	d.handled = map[string]bool{}
	d.mu.Unlock()
	pending, err := d.backlog.PendingInbound(ctx, 1000)
	if err != nil {
		if ctx.Err() == nil {
			d.log.Warn("read inbox", "err", err)
		}
		return
	}
	for _, in := range pending {
		if !d.claim(in.Key) {
			continue
		}
		select {
		case d.shards[d.shardOf(in)] <- in:
		case <-ctx.Done():
			return
		}
	}
}

// shardOf keeps every event of a chat on one worker, which keeps them in order.
func (d *Dispatcher) shardOf(in bot.Inbound) int {
	h := fnv.New32a()
	h.Write([]byte(in.Channel + "/" + in.ChatID))
	return int(h.Sum32() % uint32(len(d.shards)))
}

// handleRetrying runs one event, retrying while the store is unavailable
// (and twice more after any other failure).
func (d *Dispatcher) handleRetrying(ctx context.Context, in bot.Inbound) {
	defer func() {
		d.mu.Lock()
		delete(d.inflight, in.Key)
		d.handled[in.Key] = true
		d.mu.Unlock()
	}()
	backoff := 50 * time.Millisecond
	for attempt := 1; ; attempt++ {
		start := time.Now()
		err := d.handleRecovering(context.WithoutCancel(ctx), in)
		if err == nil {
			d.log.Debug("handled", "key", in.Key, "kind", in.Kind, "ms", time.Since(start).Milliseconds())
			return
		}
		unavailable := bot.ErrorCode(err) == bot.EUNAVAILABLE
		if unavailable && d.unavailable != nil {
			d.unavailable.Unavailable(ctx, in, err)
		}
		retry := unavailable || attempt < 3
		d.log.Warn("handle event", "key", in.Key, "attempt", attempt, "err", err, "retry", retry)
		if !retry {
			d.mu.Lock()
			d.poisoned[in.Key] = true
			d.mu.Unlock()
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}

// handleRecovering hands in to the handler and turns a panic into an
// error, logged with its stack: a bug that panics on one event then fails
// that event, which is retried and set aside like any failing event,
// instead of ending the process, which would meet the same recorded event
// at every start.
func (d *Dispatcher) handleRecovering(ctx context.Context, in bot.Inbound) (err error) {
	defer func() {
		if r := recover(); r != nil {
			d.log.Error("panic handling event", "key", in.Key, "panic", r, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic handling event %s: %v", in.Key, r)
		}
	}()
	return d.handler.Handle(ctx, in)
}
