// Package telegram is clubbot's Telegram channel adapter. It translates
// between the Telegram Bot API (through tgbotapi v5) and the engine's
// channel-neutral types: updates become bot.Inbound events recorded in an
// Inbox, and bot.Outgoing messages become sendMessage calls. It holds no
// conversation logic.
package telegram

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
)

// Name is the channel name in bot.Inbound.Channel and bot.Outgoing.Channel.
const Name = "telegram"

// Inbox records inbound events durably before Telegram is told they were
// received. RecordInbound returns false if an event with in.Key was already
// recorded.
type Inbox interface {
	RecordInbound(ctx context.Context, in bot.Inbound, at time.Time) (bool, error)
}

// batchInbox is an Inbox that records a whole batch of updates at once,
// all or none; the store is one.
type batchInbox interface {
	RecordInbounds(ctx context.Context, ins []bot.Inbound, at time.Time) ([]bool, error)
}

// Command is an entry of the bot's command menu: a name without the slash
// (1-32 of a-z, 0-9, _) and a description (1-256 characters).
type Command struct {
	Name        string
	Description string
}

// Option tunes a Channel.
type Option func(*Channel)

// WithPollTimeout sets getUpdates' long-poll timeout, in whole seconds
// from 1 s to 50 s (the default and Telegram's maximum).
func WithPollTimeout(d time.Duration) Option {
	return func(c *Channel) { c.pollTimeout = min(max(d, time.Second), 50*time.Second) }
}

// WithBackoff sets the wait after a failed call or inbox error: first
// wait min, doubling up to max. A retry_after from Telegram is honoured
// when longer. Default 1 s to 1 min.
func WithBackoff(minWait, maxWait time.Duration) Option {
	return func(c *Channel) { c.minBackoff, c.maxBackoff = minWait, max(minWait, maxWait) }
}

// WithNotify sets a function called with the events newly recorded from
// each batch of updates (or webhook post), when there are any, e.g. to
// hand them to the dispatcher at once. The function must not block.
func WithNotify(notify func(recorded []bot.Inbound)) Option {
	return func(c *Channel) { c.notify = notify }
}

// WithUnavailable sets a function told of each event the inbox failed to
// record (the store is down, locked or full), e.g. to tell the user to try
// again in a minute. The update is not confirmed, so Telegram delivers it
// again.
func WithUnavailable(tell func(ctx context.Context, in bot.Inbound, cause error)) Option {
	return func(c *Channel) { c.unavailable = tell }
}

// WithWebhookCheck sets how often ServeWebhook asks Telegram for the
// webhook's state (default 30 s): each answer counts as contact (see
// LastContact), since a quiet webhook gets no posts.
func WithWebhookCheck(every time.Duration) Option {
	return func(c *Channel) { c.webhookCheck = max(every, time.Millisecond) }
}

// Channel is the Telegram channel. Poll and Send may run concurrently.
type Channel struct {
	api   *tgbotapi.BotAPI
	inbox Inbox
	now   func() time.Time
	log   *slog.Logger

	pollTimeout            time.Duration
	minBackoff, maxBackoff time.Duration
	notify                 func([]bot.Inbound)
	unavailable            func(context.Context, bot.Inbound, error) // nil: nobody is told
	webhookCheck           time.Duration
	lease                  Lease // nil: poll without one
	leaseEvery             time.Duration

	pollMu  sync.Mutex // held while Poll or ServeWebhook runs
	mu      sync.Mutex
	phoneKB map[int64]bool // chats shown a request-phone reply keyboard not yet removed

	lastContact atomic.Int64 // unix nanoseconds of LastContact, see contact.go
}

// New returns a Telegram channel over api. inbox receives inbound events;
// now is the clock (time.Now if nil); log may be nil.
//
// tgbotapi's calls take no context, so give api an HTTP client with a
// timeout longer than the poll timeout (e.g. tgbotapi.NewBotAPIWithClient
// with &http.Client{Timeout: 70 * time.Second}): with the library's default
// client a hung connection blocks Send for ever.
func New(api *tgbotapi.BotAPI, inbox Inbox, now func() time.Time, log *slog.Logger, opts ...Option) *Channel {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Channel{
		api:          api,
		inbox:        inbox,
		now:          now,
		log:          log.With("channel", Name),
		pollTimeout:  50 * time.Second,
		minBackoff:   time.Second,
		maxBackoff:   time.Minute,
		webhookCheck: 30 * time.Second,
		phoneKB:      make(map[int64]bool),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Name returns "telegram".
func (c *Channel) Name() string { return Name }
