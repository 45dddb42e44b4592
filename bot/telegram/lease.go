package telegram

import (
	"context"
	"errors"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Lease is the right to long-poll Telegram, held by one process at a time
// among several serving one bot: Telegram answers a second concurrent
// getUpdates with 409 Conflict. The store's lease (store.Lease) is one.
type Lease interface {
	// Take takes the lease, or renews it if this process holds it, and
	// reports whether this process holds it now.
	Take(ctx context.Context) (bool, error)
	// Release gives the lease up, so that another process takes it at
	// its next try rather than when it expires.
	Release(ctx context.Context) error
}

// WithLease makes Poll poll only while this process holds lease: it tries
// to take it every, and while it holds it renews it every; if a renewal
// fails or takes longer than every, polling stops at once, well before
// the lease could expire and another process take it. The lease's time to
// live must be several times every (store.PollLease: 10 s for 2 s).
func WithLease(lease Lease, every time.Duration) Option {
	return func(c *Channel) { c.lease, c.leaseEvery = lease, every }
}

// pollLeased polls while this process holds the lease, and waits for it
// while another does, until ctx ends; it then releases the lease if held.
func (c *Channel) pollLeased(ctx context.Context) error {
	waiting := false
	for {
		held, err := c.takeLease(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			c.log.Warn("take the polling lease", "err", err)
		case held:
			c.log.Info("polling Telegram: this process holds the lease")
			waiting = false
			c.pollWhileHeld(ctx)
			if ctx.Err() != nil {
				c.releaseLease(ctx)
				return ctx.Err()
			}
		case ctx.Err() == nil:
			// Standing by is this process's job while another polls: a
			// health check reading LastContact must not fail it.
			c.markContact()
			if !waiting {
				c.log.Info("another process polls Telegram; taking over if it stops")
				waiting = true
			}
		}
		if err := sleep(ctx, c.leaseEvery); err != nil {
			return err
		}
	}
}

// takeLease takes or renews the lease, giving up after leaseEvery.
func (c *Channel) takeLease(ctx context.Context) (bool, error) {
	tctx, cancel := context.WithTimeout(ctx, c.leaseEvery)
	defer cancel()
	return c.lease.Take(tctx)
}

// pollWhileHeld polls until ctx ends or a renewal of the lease fails.
func (c *Channel) pollWhileHeld(ctx context.Context) {
	pctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.poll(pctx)
	}()
	tick := time.NewTicker(c.leaseEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			stop()
			<-done
			return
		case <-tick.C:
		}
		if held, err := c.takeLease(ctx); !held || err != nil {
			if ctx.Err() == nil {
				c.log.Warn("lost the polling lease: polling stops", "err", err)
			}
			stop()
			<-done
			return
		}
	}
}

// releaseLease releases the lease on the way out, even though ctx ended.
func (c *Channel) releaseLease(ctx context.Context) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.leaseEvery)
	defer cancel()
	if err := c.lease.Release(rctx); err != nil {
		c.log.Warn("release the polling lease", "err", err)
	}
}

// isConflict reports whether err is Telegram's 409 Conflict: another
// getUpdates (another process's) or a webhook.
func isConflict(err error) bool {
	var te *tgbotapi.Error
	return errors.As(err, &te) && te.Code == http.StatusConflict
}
