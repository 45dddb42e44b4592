// Package zalo is clubbot's Zalo channel adapter, for a Zalo Official
// Account (OA). It translates between the OA API and the engine's
// channel-neutral types: signed webhook events become bot.Inbound events
// recorded in an Inbox, and bot.Outgoing messages become customer-service
// text messages. It holds no conversation logic.
package zalo

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
)

// Name is the channel name in bot.Inbound.Channel and bot.Outgoing.Channel.
const Name = "zalo"

// The real hosts of the OA API and of Zalo's OAuth server.
const (
	DefaultAPIBase   = "https://openapi.zalo.me"
	DefaultOAuthBase = "https://oauth.zaloapp.com"
)

// Limits are the rate limits the sender keeps for Zalo. Zalo documents no
// figure for customer-service messages (../shared/notes/zalo.md lists only
// the -32 "rate limited" answer), so these are a conservative guess, well
// under Telegram's: 10 messages a second overall and one a second in a
// chat, with small bursts. Raise them when Zalo publishes its limits.
func Limits() bot.RateLimits {
	return bot.RateLimits{PerSecond: 10, Burst: 3, ChatPerSecond: 1, ChatBurst: 3}
}

// Inbox records inbound events durably before Zalo is answered.
// RecordInbound returns false if an event with in.Key was already recorded;
// the store is one.
type Inbox interface {
	RecordInbound(ctx context.Context, in bot.Inbound, at time.Time) (bool, error)
}

// AccessTokens hands out the OA access token; *Tokens is one. Invalid
// tells it that Zalo refused token (expired or revoked), so the next call
// to Token refreshes it.
type AccessTokens interface {
	Token(ctx context.Context) (string, error)
	Invalid(token string)
}

// Config is what the channel needs to know of the OA.
type Config struct {
	AppID       string // the Zalo app's id, part of every webhook signature
	OASecretKey string // the OA secret key of the webhook settings (not the app secret)
	APIBase     string // DefaultAPIBase if empty
}

// Option tunes a Channel.
type Option func(*Channel)

// WithNotify sets a function called with each event newly recorded, e.g.
// to hand it to the dispatcher at once. The function must not block.
func WithNotify(notify func(recorded []bot.Inbound)) Option {
	return func(c *Channel) { c.notify = notify }
}

// Channel is the Zalo OA channel: an http.Handler for the webhook and a
// bot.Channel for sending. Both may run concurrently.
type Channel struct {
	cfg     Config
	inbox   Inbox
	tokens  AccessTokens
	client  *http.Client
	now     func() time.Time
	log     *slog.Logger
	notify  func([]bot.Inbound)
	choices *dialogue.NumberedChoices
}

var (
	_ bot.Channel  = (*Channel)(nil)
	_ http.Handler = (*Channel)(nil)
)

// New returns a Zalo channel. inbox receives the webhook's events, tokens
// gives the access token for sends; now is the clock (time.Now if nil);
// log may be nil.
func New(cfg Config, inbox Inbox, tokens AccessTokens, now func() time.Time, log *slog.Logger, opts ...Option) *Channel {
	if cfg.APIBase == "" {
		cfg.APIBase = DefaultAPIBase
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Channel{
		cfg:     cfg,
		inbox:   inbox,
		tokens:  tokens,
		client:  &http.Client{Timeout: 30 * time.Second},
		now:     now,
		log:     log.With("channel", Name),
		choices: dialogue.NewNumberedChoices(),
	}
	for _, o := range opts {
		o(c)
	}
	return c
}

// Name returns "zalo".
func (c *Channel) Name() string { return Name }
