package relay

import (
	"math"
	"time"

	"golang.org/x/time/rate"

	"github.com/clubbot/clubbot/bot"
)

// channelLimiters keeps each channel's limits apart, so that one
// channel's budget never holds up another's messages: one limiter for each
// channel named, made when it first sends, and the default for the rest.
type channelLimiters struct {
	def       bot.RateLimits
	byChannel map[string]bot.RateLimits
	limiters  map[string]*limiter
}

func newChannelLimiters(def bot.RateLimits, byChannel map[string]bot.RateLimits) channelLimiters {
	return channelLimiters{def: def, byChannel: byChannel, limiters: map[string]*limiter{}}
}

// of returns the limiter of channel.
func (c channelLimiters) of(channel string) *limiter {
	l := c.limiters[channel]
	if l == nil {
		limits, ok := c.byChannel[channel]
		if !ok {
			limits = c.def
		}
		l = newLimiter(limits)
		c.limiters[channel] = l
	}
	return l
}

// sweep sweeps every channel's limiter.
func (c channelLimiters) sweep(now time.Time) {
	for _, l := range c.limiters {
		l.sweep(now)
	}
}

// limiter keeps RateLimits with token buckets (golang.org/x/time/rate) at
// times it is told, so that the sender decides which message goes next
// before it takes a token, and a message that waits holds none. It is not
// safe for concurrent use: the send queue's lock guards it.
type limiter struct {
	limits bot.RateLimits
	global *rate.Limiter            // nil: no limit
	chats  map[string]*rate.Limiter // only chats whose bucket is not full
	swept  time.Time
}

func newLimiter(l bot.RateLimits) *limiter {
	lim := &limiter{limits: l, chats: map[string]*rate.Limiter{}}
	if l.PerSecond > 0 {
		lim.global = rate.NewLimiter(rate.Limit(l.PerSecond), max(l.Burst, 1))
	}
	return lim
}

// delay returns how long until cost messages may go to chat at now.
func (l *limiter) delay(chat string, now time.Time, cost int) time.Duration {
	return max(l.channelDelay(now, cost), l.chatDelay(chat, now, cost))
}

// channelDelay returns how long until the channel's overall budget lets
// cost messages go at now, to any chat.
func (l *limiter) channelDelay(now time.Time, cost int) time.Duration {
	return bucketDelay(l.global, now, cost)
}

// chatDelay returns how long until chat's own budget lets cost messages
// go at now. Only a send to chat spends it, so that now plus this delay
// is when the chat may send, whatever goes to other chats meanwhile.
func (l *limiter) chatDelay(chat string, now time.Time, cost int) time.Duration {
	return bucketDelay(l.chats[chat], now, cost)
}

// take spends the tokens of cost messages to chat at now; delay must have
// been zero.
func (l *limiter) take(chat string, now time.Time, cost int) {
	if l.global != nil {
		l.global.AllowN(now, min(cost, l.global.Burst()))
	}
	if l.limits.ChatPerSecond <= 0 {
		return
	}
	c := l.chats[chat]
	if c == nil {
		c = rate.NewLimiter(rate.Limit(l.limits.ChatPerSecond), max(l.limits.ChatBurst, 1))
		l.chats[chat] = c
	}
	c.AllowN(now, min(cost, c.Burst()))
}

// sweep forgets, once a minute, the chats whose bucket has filled up
// again: a new full bucket is the same, and the map stays as small as the
// set of chats written to in the last few seconds.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.swept) < time.Minute {
		return
	}
	l.swept = now
	for k, c := range l.chats {
		if c.TokensAt(now) >= float64(c.Burst()) {
			delete(l.chats, k)
		}
	}
}

// bucketDelay returns how long until b holds cost tokens (at most its
// burst) at now; a nil bucket never waits.
func bucketDelay(b *rate.Limiter, now time.Time, cost int) time.Duration {
	if b == nil {
		return 0
	}
	need := float64(min(cost, b.Burst())) - b.TokensAt(now)
	if need <= 0 {
		return 0
	}
	return time.Duration(math.Ceil(need / float64(b.Limit()) * float64(time.Second)))
}
