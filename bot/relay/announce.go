package relay

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// AnnouncementStore is what sending announcements needs from the store.
type AnnouncementStore interface {
	// OpenAnnouncements returns the announcements made since a time.
	OpenAnnouncements(ctx context.Context, since time.Time) ([]bot.Announcement, error)
	// AnnouncementRecipients returns the accounts, user by user and active
	// ones first, of the users a is meant for and not yet recorded.
	AnnouncementRecipients(ctx context.Context, a bot.Announcement) ([]bot.AnnouncementRecipient, error)
	DeliverOnce(ctx context.Context, d bot.Delivery, msgs []bot.Outgoing, at time.Time) (bool, error)
	// DeliverFailed records d as DeliverOnce does, with msgs failed for
	// reason instead of queued.
	DeliverFailed(ctx context.Context, d bot.Delivery, msgs []bot.Outgoing, at time.Time, reason string) (bool, error)
}

// AnnouncementComposer renders an announcement for its recipients.
type AnnouncementComposer interface {
	Compose(ctx context.Context, a bot.Announcement) (func(r bot.Recipient) []bot.Outgoing, error)
}

// Fail reasons of an announcement to a user it cannot reach: they match
// the store's (store.UnreachableReason, store.ChannelOffReason).
const (
	unreachableReason = "unreachable"
	channelOffReason  = "unreachable: channel not configured"
)

// Announcer sends officers' announcements: once per recipient, recorded
// in the deliveries table with the announcement's id as period and
// committed with its outbox rows, so that several serve processes send
// each once; as bulk messages, which the sender sends after replies and
// within each channel's limits; never to someone in the middle of a
// dialogue, who gets it once the dialogue ends (or expires). A user with
// accounts on two channels gets it once, on the first active one this run
// serves; one with no active account is recorded, not queued: blocked
// (they blocked the bot on Telegram) or unreachable (outside Zalo's
// messaging window, or only on channels not served).
type Announcer struct {
	Store    AnnouncementStore
	Composer AnnouncementComposer
	Now      func() time.Time
	Log      *slog.Logger
	// SessionTTL is how long an unfinished dialogue lasts: one older is
	// over, and not waited for.
	SessionTTL time.Duration
	// Window is how long after it is made an announcement is still sent
	// to those who were waited for (or joined since).
	Window time.Duration
	// Serves, when set, tells the channels this run sends on.
	Serves func(channel string) bool
	// Observer, when set, is told of every recipient sent something.
	Observer bot.DeliveryObserver
}

// Run sends the announcements due and reports to how many users.
func (a *Announcer) Run(ctx context.Context) (int, error) {
	now := a.Now()
	open, err := a.Store.OpenAnnouncements(ctx, now.Add(-a.Window))
	if err != nil {
		return 0, fmt.Errorf("list announcements: %w", err)
	}
	sent := 0
	for _, ann := range open {
		n, err := a.send(ctx, ann, now)
		sent += n
		if err != nil && ctx.Err() == nil { // the others go out all the same
			a.Log.Warn("announcement not sent", "announcement", ann.ID, "err", err)
		}
	}
	return sent, nil
}

// send sends one announcement to those of its recipients not yet recorded
// and not in a dialogue.
func (a *Announcer) send(ctx context.Context, ann bot.Announcement, now time.Time) (int, error) {
	accounts, err := a.Store.AnnouncementRecipients(ctx, ann)
	if err != nil || len(accounts) == 0 {
		return 0, err
	}
	compose, err := a.Composer.Compose(ctx, ann)
	if err != nil {
		return 0, fmt.Errorf("compose announcement %d: %w", ann.ID, err)
	}
	sent := 0
	for _, user := range bot.ByUser(accounts) {
		r, reason := a.choose(user)
		if reason == "" && r.DialogueSince != nil && now.Sub(*r.DialogueSince) < a.SessionTTL {
			continue // in the middle of a dialogue: the next run sees them again
		}
		key := bot.Delivery{UserID: r.User.ID, Kind: bot.DeliveryAnnouncement, Period: bot.AnnouncementPeriod(ann.ID)}
		msgs := compose(r.Recipient)
		for i := range msgs {
			msgs[i].Bulk = true // replies to people chatting go first
		}
		var first bool
		if reason == "" {
			first, err = a.Store.DeliverOnce(ctx, key, msgs, now)
		} else {
			first, err = a.Store.DeliverFailed(ctx, key, msgs, now, reason)
		}
		if err != nil {
			a.Log.Warn("announcement send failed", "announcement", ann.ID, "user", r.User.ID, "err", err)
			continue
		}
		if first && reason == "" {
			sent++
			if a.Observer != nil {
				a.Observer.Delivered(bot.DeliveryAnnouncement)
			}
		}
	}
	return sent, nil
}

// choose picks the account of a user to send to: the first active one on
// a served channel, with "" as reason; else the first one, with the
// reason it is not sent.
func (a *Announcer) choose(accounts []bot.AnnouncementRecipient) (bot.AnnouncementRecipient, string) {
	served := func(r bot.AnnouncementRecipient) bool { return a.Serves == nil || a.Serves(r.Channel) }
	for _, r := range accounts {
		if !r.Inactive && served(r) {
			return r, ""
		}
	}
	for _, r := range accounts {
		if served(r) && r.Channel == "zalo" {
			return r, unreachableReason // outside Zalo's messaging window
		}
	}
	for _, r := range accounts {
		if served(r) {
			return r, bot.BlockedReason + ": the user blocked the bot"
		}
	}
	return accounts[0], channelOffReason
}
