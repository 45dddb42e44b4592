package bot

import (
	"context"
	"fmt"
	"time"
)

// Channel delivers a message to a user of one messaging service
// (bot/telegram, bot/zalo, bot/console); the sender in bot/relay drains
// the outbox through it.
type Channel interface {
	Send(ctx context.Context, out Outgoing) error
}

// SendError is a channel's verdict on a failed send: Permanent failures
// (a bad request) are recorded and dropped, Blocked ones (the user blocked
// the bot) too, with the user marked inactive; others are retried, after
// RetryAfter (plus a little jitter) when the service asked for a pause,
// else after a short capped backoff (relay.RetryPause).
type SendError struct {
	Permanent  bool
	Blocked    bool
	RetryAfter time.Duration
	Err        error
}

// Error implements error.
func (e *SendError) Error() string { return fmt.Sprintf("send: %v", e.Err) }

// Unwrap returns the channel's own error.
func (e *SendError) Unwrap() error { return e.Err }

// RateLimits are the limits the sender keeps so that a messaging service
// never has to refuse it: a rate over all chats and a rate in each chat,
// each with the burst it tolerates. A zero rate is no limit.
type RateLimits struct {
	PerSecond     float64 // messages a second over all chats
	Burst         int     // messages at once over all chats
	ChatPerSecond float64 // messages a second in one chat
	ChatBurst     int     // messages at once in one chat
}

// TelegramLimits are Telegram's limits (Bots FAQ): about 30 messages a
// second overall and one a second in a chat, short bursts tolerated. The
// bursts are small so that the rate holds over any second, whatever the
// network does to the spacing.
func TelegramLimits() RateLimits {
	return RateLimits{PerSecond: 30, Burst: 5, ChatPerSecond: 1, ChatBurst: 3}
}
