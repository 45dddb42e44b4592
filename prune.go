package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/clubbot/clubbot/store"
)

// pruneConfig says how long the database keeps the rows it needs only for
// a while, and how often it deletes the older ones.
type pruneConfig struct {
	// OutboxRetention is how long sent and failed messages, with their
	// files, are kept; zero (tests built without flags) is the default.
	OutboxRetention time.Duration
	// PruneEvery is how often the pruning runs after the one at start;
	// zero is hourly.
	PruneEvery time.Duration
}

// addFlags adds the retention's flag to fs, with its default from the
// environment.
func (c *pruneConfig) addFlags(fs *flag.FlagSet, env *envReader) {
	retention := env.duration("CLUBBOT_OUTBOX_RETENTION", store.DefaultOutboxRetention)
	fs.DurationVar(&c.OutboxRetention, "outbox-retention", retention, "sent messages and their files (charts, spreadsheets) are deleted\n"+
		"after this long, 30 days by default; at least 168h (env CLUBBOT_OUTBOX_RETENTION)")
}

// check refuses a retention shorter than the store keeps failed messages
// for the admins' count of undelivered ones.
func (c pruneConfig) check() error {
	if c.OutboxRetention < store.MinOutboxRetention {
		return fmt.Errorf("--outbox-retention %v (env CLUBBOT_OUTBOX_RETENTION): must be at least %v",
			c.OutboxRetention, store.MinOutboxRetention)
	}
	return nil
}

// pruneStore is the store as the pruning sees it.
type pruneStore interface {
	Prune(ctx context.Context, now time.Time, outboxRetention time.Duration) (store.Pruned, error)
}

var _ pruneStore = (*store.DB)(nil)

// pruneLoop deletes what the database keeps only for a while once at
// start and then every PruneEvery, until ctx ends. A failed pruning is
// logged and tried again next time: the bot runs on meanwhile.
func (c pruneConfig) pruneLoop(db pruneStore, now func() time.Time, log *slog.Logger) loop {
	retention, every := c.OutboxRetention, c.PruneEvery
	if retention == 0 {
		retention = store.DefaultOutboxRetention
	}
	if every <= 0 {
		every = time.Hour
	}
	return func(ctx context.Context) error {
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			prune(ctx, db, now, retention, log)
			select {
			case <-ctx.Done():
				return nil
			case <-tick.C:
			}
		}
	}
}

// prune runs one pruning and logs what it deleted.
func prune(ctx context.Context, db pruneStore, now func() time.Time, retention time.Duration, log *slog.Logger) {
	start := now()
	p, err := db.Prune(ctx, start, retention)
	if err != nil {
		if ctx.Err() == nil {
			log.Warn("pruning failed", "err", err, "inbound", p.Inbound, "outbox", p.Outbox)
		}
		return
	}
	level := slog.LevelDebug
	if p.Total() > 0 {
		level = slog.LevelInfo
	}
	log.Log(ctx, level, "pruned", "inbound", p.Inbound, "outbox", p.Outbox, "deliveries", p.Deliveries,
		"failed_codes", p.FailedCodes, "batches", p.Batches, "took", now().Sub(start))
}
