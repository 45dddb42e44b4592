package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/store"
)

// announceEvery is how often the announcer looks for announcements to
// send: soon after an officer presses Gửi, and after a recipient's
// dialogue ends.
const announceEvery = 2 * time.Second

// announceWindow is how long an announcement is sent after it is made: a
// dialogue lasts at most the session TTL (24 h), and the bot may be down
// meanwhile.
const announceWindow = 72 * time.Hour

// The store is what the announcer reads and records.
var (
	_ relay.AnnouncementStore    = (*store.DB)(nil)
	_ relay.AnnouncementComposer = digest.AnnouncementComposer{}
)

// newAnnouncer returns the announcer of officers' announcements on the
// channels this run serves.
func newAnnouncer(ecfg engine.Config, db *store.DB, channels map[string]bot.Channel, now func() time.Time,
	log *slog.Logger) *relay.Announcer {
	return &relay.Announcer{Store: db, Composer: digest.AnnouncementComposer{Store: db}, Now: now, Log: log,
		SessionTTL: ecfg.SessionTTL, Window: announceWindow,
		Serves: func(channel string) bool { return channels[channel] != nil }}
}

// runAnnouncer runs the announcer every interval until ctx ends.
func runAnnouncer(ctx context.Context, a *relay.Announcer, every time.Duration, log *slog.Logger) error {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if n, err := a.Run(ctx); err != nil && ctx.Err() == nil {
			log.Warn("announcements", "err", err)
		} else if n > 0 {
			log.Info("announcement sent", "recipients", n)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}
