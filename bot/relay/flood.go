package relay

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/clubbot/clubbot/bot"
)

// Notifier queues a sentence for a chat outside its dialogue; *engine.Engine
// is one.
type Notifier interface {
	Notify(ctx context.Context, in bot.Inbound, key string) error
}

// FloodLimit slows a chat that sends faster than a person types, so that
// one user cannot hold a worker, or the chat's outbox, for everyone.
type FloodLimit struct {
	Every  time.Duration // one event per Every once the burst is spent (1 s)
	Burst  int           // events handled at once (10)
	Notify Notifier      // tells the chat, once per flood, that it is slowed
	Now    func() time.Time
	After  func(time.Duration) <-chan time.Time // a timer, for tests to drive
}

// DefaultFloodLimit lets a chat send ten events at once, then one a second:
// Telegram delivers no more than one reply a second to a chat anyway.
func DefaultFloodLimit(notify Notifier) FloodLimit {
	return FloodLimit{Every: time.Second, Burst: 10, Notify: notify, Now: time.Now, After: time.After}
}

// inputResume marks the event a held chat's timer puts on its shard, so
// that the chat's worker takes its held events up again in order.
const inputResume bot.InputKind = "flood.resume"

// floodNotice is the sentence a flooding chat gets.
const floodNotice = "flood.slow_down"

// newFloodGate returns a gate that keeps lim, puts a held chat's marker
// back through resume when its turn comes, and drops its timers once stop
// is closed.
func newFloodGate(lim FloodLimit, resume func(marker bot.Inbound), stop <-chan struct{}) *floodGate {
	if lim.Now == nil {
		lim.Now = time.Now
	}
	if lim.After == nil {
		lim.After = time.After
	}
	return &floodGate{lim: lim, chats: map[string]*floodChat{}, resume: resume, stop: stop}
}

// handleOrHold hands in to the handler, unless its chat is flooding: then
// it is held, the chat told once, and the worker moves on to other chats.
func (d *Dispatcher) handleOrHold(ctx context.Context, in bot.Inbound) {
	if d.flood == nil {
		d.handleRetrying(ctx, in)
		return
	}
	ready, notice := d.flood.admit(in)
	if notice && d.flood.lim.Notify != nil {
		if err := d.flood.lim.Notify.Notify(context.WithoutCancel(ctx), in, floodNotice); err != nil {
			d.log.Warn("flood notice", "chat", in.ChatID, "err", err)
		}
	}
	for _, ev := range ready {
		d.handleRetrying(ctx, ev)
	}
}

// resume puts a held chat's marker on its shard.
func (d *Dispatcher) resume(marker bot.Inbound) {
	select {
	case d.shards[d.shardOf(marker)] <- marker:
	case <-d.stopped:
	}
}

// floodGate keeps a token bucket per chat and the events it holds.
type floodGate struct {
	lim    FloodLimit
	resume func(marker bot.Inbound)
	stop   <-chan struct{} // closed when the dispatcher stops

	mu    sync.Mutex
	chats map[string]*floodChat
}

// floodChat is one chat's bucket and held events, oldest first.
type floodChat struct {
	bucket  *rate.Limiter
	held    []bot.Inbound
	noticed bool // told of this flood; cleared once the bucket is full again
}

// admit returns the events of in's chat to handle now: in itself, or,
// for a resume marker, the held events whose turn has come. notice is
// true when the chat starts to flood.
func (g *floodGate) admit(in bot.Inbound) (ready []bot.Inbound, notice bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.lim.Now()
	key := in.Channel + "/" + in.ChatID
	c := g.chats[key]
	if c == nil {
		g.sweep(now)
		c = &floodChat{bucket: rate.NewLimiter(rate.Every(g.lim.Every), g.lim.Burst)}
		g.chats[key] = c
	}
	if in.Kind != inputResume {
		if len(c.held) == 0 && c.bucket.TokensAt(now) >= float64(g.lim.Burst) {
			c.noticed = false // calm since the last flood
		}
		if len(c.held) == 0 && c.bucket.AllowN(now, 1) {
			return []bot.Inbound{in}, false
		}
		c.held = append(c.held, in)
		if len(c.held) > 1 { // a timer is set already
			return nil, false
		}
		notice, c.noticed = !c.noticed, true
		g.wait(c, in, now)
		return nil, notice
	}
	for len(c.held) > 0 && c.bucket.AllowN(now, 1) {
		ready = append(ready, c.held[0])
		c.held = c.held[1:]
	}
	if len(c.held) > 0 {
		g.wait(c, in, now)
	}
	return ready, false
}

// wait sets a timer for when c's next held event may go.
func (g *floodGate) wait(c *floodChat, in bot.Inbound, now time.Time) {
	delay := time.Duration((1 - c.bucket.TokensAt(now)) * float64(g.lim.Every))
	marker := bot.Inbound{Key: "resume/" + in.Channel + "/" + in.ChatID, Kind: inputResume, Channel: in.Channel, ChatID: in.ChatID}
	fire := g.lim.After(max(delay, time.Millisecond))
	go func() {
		select {
		case <-fire:
			g.resume(marker)
		case <-g.stop:
		}
	}()
}

// sweep forgets chats that hold nothing and have a full bucket, so that
// the map does not grow with every chat ever seen.
func (g *floodGate) sweep(now time.Time) {
	if len(g.chats) < 1024 {
		return
	}
	for k, c := range g.chats {
		if len(c.held) == 0 && c.bucket.TokensAt(now) >= float64(g.lim.Burst) {
			delete(g.chats, k)
		}
	}
}
