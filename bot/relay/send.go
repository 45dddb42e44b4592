package relay

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// Outbox holds the messages waiting to be sent. A message is claimed just
// before it is handed to its channel and marked after; a claim found
// unmarked at start means the process stopped in between, and such a
// message is not sent again (ResolveClaims). When several processes share
// the outbox, ClaimOutbox refuses with ECONFLICT a message that another
// live one has, or an earlier message of its chat, in hand.
type Outbox interface {
	PendingOutbox(ctx context.Context, limit int) ([]bot.Outgoing, error)
	ClaimOutbox(ctx context.Context, id int64, at time.Time) error
	UnclaimOutbox(ctx context.Context, id int64) error
	ResolveClaims(ctx context.Context, at time.Time) ([]bot.Outgoing, error)
	MarkSent(ctx context.Context, id int64, at time.Time) error
	MarkFailed(ctx context.Context, id int64, reason string, at time.Time) error
	// MarkInactive records that the user of a chat blocked the bot, so
	// that scheduled sendings skip them until they write again.
	MarkInactive(ctx context.Context, channel, chatID string, at time.Time) error
	// MarkUnreachable records that o failed because its channel will not
	// deliver to its user now (EUNREACHABLE): the account is skipped by
	// scheduled sendings until the user writes again, and a bulk o is
	// queued for another active account of the user, returned, or else
	// recorded as undelivered.
	MarkUnreachable(ctx context.Context, o bot.Outgoing, at time.Time) ([]bot.Outgoing, error)
}

// messageCounter is a Channel that tells how many of its service's
// messages an Outgoing takes (a long text is split), for the rate limits.
type messageCounter interface {
	Messages(out bot.Outgoing) int
}

// Sender drains the outbox within the channels' rate limits: replies
// before bulk messages, the messages of one chat in order, chats in
// parallel. A message is claimed before it is handed to the channel and
// marked sent after, so that a crash in between never sends it twice.
type Sender struct {
	outbox   Outbox
	channels map[string]bot.Channel
	now      func() time.Time // the clock of the times recorded
	log      *slog.Logger
	observer bot.SendObserver
	jitter   Jitter // of the pauses before retries
	wake     chan struct{}
	parallel int
	reserved int // sends in flight kept for replies
	queue    *sendQueue
	resolved bool // claims left by a previous process are resolved

	limits        bot.RateLimits            // of the channels not in channelLimits
	channelLimits map[string]bot.RateLimits // by channel name
}

// SenderOption tunes a Sender.
type SenderOption func(*Sender)

// WithRateLimits sets the limits the sender keeps for the channels that
// WithChannelLimits does not name; TelegramLimits by default. A zero
// RateLimits sends as fast as the channels answer.
func WithRateLimits(l bot.RateLimits) SenderOption {
	return func(s *Sender) { s.limits = l }
}

// WithChannelLimits sets the limits the sender keeps for the channel
// named: each channel has a budget of its own, and a busy channel does
// not slow another.
func WithChannelLimits(channel string, l bot.RateLimits) SenderOption {
	return func(s *Sender) {
		if s.channelLimits == nil {
			s.channelLimits = map[string]bot.RateLimits{}
		}
		s.channelLimits[channel] = l
	}
}

// WithSendObserver sets who is told of the result of every attempt to
// send; NopObserver by default.
func WithSendObserver(o bot.SendObserver) SenderOption {
	return func(s *Sender) { s.observer = o }
}

// NewSender returns a sender over the named channels.
func NewSender(outbox Outbox, channels map[string]bot.Channel, now func() time.Time, log *slog.Logger, opts ...SenderOption) *Sender {
	s := &Sender{outbox: outbox, channels: channels, now: now, log: log, observer: bot.NopObserver{},
		jitter: randomJitter, wake: make(chan struct{}, 1), parallel: 64, reserved: 8, limits: bot.TelegramLimits()}
	for _, o := range opts {
		o(s)
	}
	s.queue = newSendQueue(s.limits, s.channelLimits, s.jitter)
	return s
}

// wakeUp makes Run read the outbox now rather than at its next tick, for
// messages queued by someone who did not Submit them.
func (s *Sender) wakeUp() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// cost is how many of its channel's messages o takes.
func (s *Sender) cost(o bot.Outgoing) int {
	if mc, ok := s.channels[o.Channel].(messageCounter); ok {
		return max(mc.Messages(o), 1)
	}
	return 1
}

// outcome is what became of one attempt: done (sent, or failed for good)
// or to be retried, after a pause that depends on err (see RetryPause).
type outcome struct {
	done bool
	err  error // why it is to be retried; nil if it was not even tried
}

// attempt claims o, hands it to its channel and records the result.
func (s *Sender) attempt(ctx context.Context, o bot.Outgoing) outcome {
	ch := s.channels[o.Channel]
	if ch == nil {
		s.fail(ctx, o, bot.SendPermanent, "no such channel")
		return outcome{done: true}
	}
	if err := s.outbox.ClaimOutbox(ctx, o.ID, s.now()); bot.ErrorCode(err) == bot.ENOTFOUND {
		return outcome{done: true} // sent or failed already
	} else if bot.ErrorCode(err) == bot.ECONFLICT {
		// Another process has it, or an earlier message of its chat, in
		// hand: try again after a pause, until it is sent or that
		// process dies and leaves it.
		s.log.Debug("outbox message held by another instance", "id", o.ID)
		return outcome{err: err}
	} else if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("claim outbox message", "id", o.ID, "err", err)
		}
		return outcome{}
	}
	err := ch.Send(ctx, o)
	if err == nil {
		// Record what went out even when shutting down.
		if err := s.outbox.MarkSent(context.WithoutCancel(ctx), o.ID, s.now()); err != nil {
			s.log.Warn("mark sent", "id", o.ID, "err", err)
		}
		s.observer.SendResult(o.Channel, bot.SendSent)
		return outcome{done: true}
	}
	return s.failed(ctx, o, err)
}

// failed records a failed send: for good, or withdrawn for a retry.
func (s *Sender) failed(ctx context.Context, o bot.Outgoing, err error) outcome {
	var se *bot.SendError
	errors.As(err, &se)
	switch {
	case se != nil && se.Blocked:
		s.fail(ctx, o, bot.SendBlocked, bot.BlockedReason+": "+err.Error())
		if err := s.outbox.MarkInactive(context.WithoutCancel(ctx), o.Channel, o.ChatID, s.now()); err != nil {
			s.log.Warn("mark inactive", "channel", o.Channel, "chat", o.ChatID, "err", err)
		}
		return outcome{done: true}
	case bot.ErrorCode(err) == bot.EUNREACHABLE:
		s.unreachable(ctx, o, err)
		return outcome{done: true}
	case se != nil && se.Permanent:
		s.fail(ctx, o, bot.SendPermanent, err.Error())
		return outcome{done: true}
	}
	if err := s.outbox.UnclaimOutbox(context.WithoutCancel(ctx), o.ID); err != nil {
		s.log.Warn("unclaim outbox message", "id", o.ID, "err", err)
	}
	result := bot.SendRetry
	if se != nil && se.RetryAfter > 0 {
		result = bot.SendRateLimited
	}
	s.observer.SendResult(o.Channel, result)
	s.log.Warn("send failed, will retry", "channel", o.Channel, "id", o.ID, "err", err)
	return outcome{err: err}
}

// unreachable records a send its channel refused because the user is out
// of reach there, and takes at once what went to another account instead.
func (s *Sender) unreachable(ctx context.Context, o bot.Outgoing, err error) {
	s.observer.SendResult(o.Channel, bot.SendPermanent)
	s.log.Warn("user out of reach on the channel", "channel", o.Channel, "id", o.ID, "err", err)
	rerouted, err := s.outbox.MarkUnreachable(context.WithoutCancel(ctx), o, s.now())
	if err != nil {
		s.log.Warn("mark unreachable", "id", o.ID, "err", err)
		return
	}
	s.Submit(rerouted)
}

func (s *Sender) fail(ctx context.Context, o bot.Outgoing, result, reason string) {
	s.observer.SendResult(o.Channel, result)
	s.log.Error("send failed for good", "channel", o.Channel, "id", o.ID, "reason", reason)
	if err := s.outbox.MarkFailed(context.WithoutCancel(ctx), o.ID, reason, s.now()); err != nil {
		s.log.Warn("mark failed", "id", o.ID, "err", err)
	}
}

// ResolveClaims, once per sender, records as uncertain the messages a
// previous process claimed and did not mark: they may have gone out, and
// are not sent again (engine.Engine.RecoverLostReplies makes good those that were
// a chat's last reply). Run and Flush call it first; call it before them
// to recover the lost replies before the sender starts.
func (s *Sender) ResolveClaims(ctx context.Context) error {
	if s.resolved {
		return nil
	}
	uncertain, err := s.outbox.ResolveClaims(ctx, s.now())
	if err != nil {
		return fmt.Errorf("resolve claims: %w", err)
	}
	s.resolved = true
	for _, o := range uncertain {
		s.observer.SendResult(o.Channel, bot.SendUncertain)
		s.log.Warn("not sending again a message the last run may have sent", "channel", o.Channel,
			"chat", o.ChatID, "id", o.ID)
	}
	return nil
}
