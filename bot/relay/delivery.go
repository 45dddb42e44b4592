package relay

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// Schedule gives the next activation after a time; a robfig/cron schedule
// is one.
type Schedule interface {
	Next(t time.Time) time.Time
}

// DeliveryStore is what scheduled sending needs from the store.
type DeliveryStore interface {
	Recipients(ctx context.Context, kind string) ([]bot.Recipient, error)
	Session(ctx context.Context, channel, chatID string) (bot.Session, error)
	Delivered(ctx context.Context, d bot.Delivery) (bool, error)
	// DeliverOnce records d and queues msgs in one transaction, and
	// reports false, queueing nothing, if d was recorded before.
	DeliverOnce(ctx context.Context, d bot.Delivery, msgs []bot.Outgoing, at time.Time) (bool, error)
	// DeliverUndelivered records d as DeliverOnce does, but msgs, for an
	// account on a channel this run does not serve, as undelivered.
	DeliverUndelivered(ctx context.Context, d bot.Delivery, msgs []bot.Outgoing, at time.Time) (bool, error)
}

// Composer builds what a recipient is sent for a period.
type Composer interface {
	Compose(ctx context.Context, r bot.Recipient, asOf time.Time) ([]bot.Outgoing, error)
}

// Deliverer sends a kind of scheduled message once per recipient and
// period. Run is called by the schedule, at start (a sending missed while
// the bot was down goes out then) and every few minutes (for those who were
// in the middle of a dialogue).
type Deliverer struct {
	Kind     string
	Store    DeliveryStore
	Composer Composer
	Schedule Schedule
	Period   func(t time.Time) (period string, start time.Time) // the period t falls in
	Now      func() time.Time
	Log      *slog.Logger
	// Patience is how long a sending waits for a recipient to finish a
	// dialogue before it interrupts (two hours).
	Patience time.Duration
	// Allowed, when set, tells the hours at which sending is polite; a
	// sending that waited past them goes out when they come again.
	Allowed func(t time.Time) bool
	// Observer, when set, is told of every recipient sent something.
	Observer bot.DeliveryObserver
	// Serves, when set, tells the channels this run sends on. A user's
	// accounts on other channels (Zalo while only Telegram runs) are passed
	// over for their accounts on served ones; a user with none is recorded
	// as undelivered, as an unreachable one is, rather than queued for a
	// channel nobody sends on.
	Serves func(channel string) bool
}

// DaytimeOnly allows sending from 08:00 to 20:00 in Vietnam, when older
// people expect messages.
func DaytimeOnly(t time.Time) bool {
	t = t.In(bot.Vietnam())
	return t.Hour() >= 8 && (t.Hour() < 20 || t.Hour() == 20 && t.Minute() == 0)
}

// Run sends what is due now and reports how many recipients got it.
func (d *Deliverer) Run(ctx context.Context) (int, error) {
	now := d.Now().In(bot.Vietnam()) // a digest's date and a reminder's month are Vietnam's
	period, start := d.Period(now)
	due := d.Schedule.Next(start.Add(-time.Nanosecond))
	if now.Before(due) || d.Allowed != nil && !d.Allowed(now) {
		return 0, nil
	}
	recipients, err := d.Store.Recipients(ctx, d.Kind)
	if err != nil {
		return 0, fmt.Errorf("list recipients: %w", err)
	}
	sent := 0
	for _, r := range d.servedFirst(recipients) {
		ok, err := d.deliver(ctx, r, period, due, now)
		if err != nil {
			d.Log.Warn("scheduled send failed", "kind", d.Kind, "user", r.User.ID, "err", err)
			continue
		}
		if ok {
			sent++
		}
	}
	return sent, nil
}

// servedFirst returns the recipients without the accounts on channels
// this run does not serve of the users who have an account on a served
// one; a user with none keeps theirs, to be recorded as undelivered.
func (d *Deliverer) servedFirst(recipients []bot.Recipient) []bot.Recipient {
	if d.Serves == nil {
		return recipients
	}
	reachable := map[int64]bool{}
	for _, r := range recipients {
		reachable[r.User.ID] = reachable[r.User.ID] || d.Serves(r.Channel)
	}
	out := make([]bot.Recipient, 0, len(recipients))
	for _, r := range recipients {
		if d.Serves(r.Channel) || !reachable[r.User.ID] {
			out = append(out, r)
		}
	}
	return out
}

// deliver sends to one recipient unless done already or they are busy.
func (d *Deliverer) deliver(ctx context.Context, r bot.Recipient, period string, due, now time.Time) (bool, error) {
	key := bot.Delivery{UserID: r.User.ID, Kind: d.Kind, Period: period}
	if done, err := d.Store.Delivered(ctx, key); err != nil || done {
		return false, err
	}
	if d.Serves != nil && !d.Serves(r.Channel) {
		return false, d.undelivered(ctx, key, r, now)
	}
	if busy, err := d.busy(ctx, r, due, now); err != nil || busy {
		return false, err
	}
	msgs, err := d.Composer.Compose(ctx, r, now)
	if err != nil {
		return false, fmt.Errorf("compose: %w", err)
	}
	for i := range msgs {
		msgs[i].Bulk = true // replies to people chatting go first
	}
	first, err := d.Store.DeliverOnce(ctx, key, msgs, now)
	// A composer with nothing to say (a club that has reported) still
	// records the delivery, but nothing went out.
	if first && len(msgs) > 0 && d.Observer != nil {
		d.Observer.Delivered(d.Kind)
	}
	return first, err
}

// undelivered records the sending to a recipient on a channel this run
// does not serve as undelivered: what they would have been sent is kept,
// counted in the admins' /status, and not queued.
func (d *Deliverer) undelivered(ctx context.Context, key bot.Delivery, r bot.Recipient, now time.Time) error {
	msgs, err := d.Composer.Compose(ctx, r, now)
	if err != nil {
		return fmt.Errorf("compose: %w", err)
	}
	first, err := d.Store.DeliverUndelivered(ctx, key, msgs, now)
	if first && len(msgs) > 0 {
		d.Log.Info("scheduled send not delivered: channel not configured", "kind", d.Kind, "user", r.User.ID,
			"channel", r.Channel)
	}
	return err
}

// busy reports whether the recipient is in the middle of a dialogue and
// may still be waited for.
func (d *Deliverer) busy(ctx context.Context, r bot.Recipient, due, now time.Time) (bool, error) {
	if now.Sub(due) >= d.Patience {
		return false, nil
	}
	s, err := d.Store.Session(ctx, r.Channel, r.ChatID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return !s.Idle(), nil
}
