package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
)

// allowedUpdates are the update kinds the bot subscribes to.
var allowedUpdates = []string{"message", "callback_query"}

// Poll receives updates by long polling until ctx ends, then returns
// ctx.Err(). It first deletes any webhook (getUpdates fails while one is
// set). Each update is translated and recorded in the inbox before the
// offset moves past it; the offset is sent with the next getUpdates, which
// is what confirms the updates to Telegram, so an update is never
// confirmed before it is recorded. When the inbox fails, Poll stops at that
// update, waits and polls again from it. Failed calls are retried after a
// growing wait, or Telegram's retry_after when longer. Only one Poll may run
// on a Channel at a time; with WithLease, only one among the processes
// that share the lease polls.
func (c *Channel) Poll(ctx context.Context) error {
	if !c.pollMu.TryLock() {
		return errors.New("telegram: Poll is already running on this channel")
	}
	defer c.pollMu.Unlock()
	if c.lease != nil {
		return c.pollLeased(ctx)
	}
	return c.poll(ctx)
}

// poll is Poll without the lease. Updates fetched and not yet recorded
// when it stops are not confirmed: Telegram delivers them again, to
// whichever process polls next, and their keys drop those recorded twice.
func (c *Channel) poll(ctx context.Context) error {
	if err := c.deleteWebhook(ctx); err != nil {
		return err
	}
	offset, failures, conflicts := 0, 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		offset, err = c.pollOnce(ctx, offset)
		if err == nil {
			failures = 0
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		failures++
		wait := c.backoff(failures, err)
		if isConflict(err) {
			// Another process polls (or a webhook is set): said once per
			// run of poll, not at every retry, even if polls succeed
			// between the conflicts.
			conflicts++
			level := slog.LevelDebug
			if conflicts == 1 {
				level = slog.LevelWarn
			}
			c.log.Log(ctx, level, "another getUpdates is running (409 Conflict): is a second instance polling?",
				"err", err, "retry_in", wait)
		} else {
			c.log.Warn("polling failed", "err", err, "attempt", failures, "offset", offset, "retry_in", wait)
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// deleteWebhook deletes any webhook, retrying until it succeeds or ctx
// ends, because getUpdates fails while one is set.
func (c *Channel) deleteWebhook(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		_, err := await(ctx, func() (*tgbotapi.APIResponse, error) {
			return c.api.Request(tgbotapi.DeleteWebhookConfig{})
		})
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		c.log.Warn("deleteWebhook failed", "err", err, "attempt", attempt)
		if err := sleep(ctx, c.backoff(attempt, err)); err != nil {
			return err
		}
	}
}

// pollOnce fetches the updates from offset, records them and tells notify
// of those newly recorded. It returns the offset to poll from next, which
// on an inbox error is that of the first update not recorded.
func (c *Channel) pollOnce(ctx context.Context, offset int) (int, error) {
	cfg := tgbotapi.UpdateConfig{
		Offset:         offset,
		Limit:          100,
		Timeout:        int(c.pollTimeout / time.Second),
		AllowedUpdates: allowedUpdates,
	}
	updates, err := await(ctx, func() ([]tgbotapi.Update, error) { return c.api.GetUpdates(cfg) })
	if err != nil {
		return offset, err
	}
	c.markContact()
	offset, recorded, err := c.handleBatch(ctx, updates, offset)
	if len(recorded) > 0 && c.notify != nil {
		c.notify(recorded)
	}
	return offset, err
}

// handleBatch records the updates in order and returns the offset past the
// last one handled and the events newly recorded. On an inbox error the
// offset stays at the first update not recorded.
func (c *Channel) handleBatch(ctx context.Context, updates []tgbotapi.Update, offset int) (int, []bot.Inbound, error) {
	var ins []bot.Inbound
	var ids []int
	for _, u := range updates {
		if in, ok := Translate(u, c.api.Self.UserName); ok {
			ins, ids = append(ins, in), append(ids, u.UpdateID)
		} else {
			c.log.Debug("update skipped", "update_id", u.UpdateID)
		}
	}
	isNew, err := c.record(ctx, ins)
	if err != nil {
		c.tellUnavailable(ctx, ins[len(isNew):], err)
	}
	var recorded []bot.Inbound
	for i, n := range isNew {
		if n {
			recorded = append(recorded, ins[i])
		}
	}
	for _, u := range updates {
		if err != nil && len(isNew) < len(ids) && u.UpdateID >= ids[len(isNew)] {
			return offset, recorded, fmt.Errorf("telegram: recording update %d: %w", u.UpdateID, err)
		}
		if q := u.CallbackQuery; q != nil {
			// Stop the button's spinner. A failure (e.g. "query is too
			// old" after a redelivery) is harmless.
			if _, err := c.api.Request(tgbotapi.NewCallback(q.ID, "")); err != nil {
				c.log.Debug("answerCallbackQuery failed", "update_id", u.UpdateID, "err", err)
			}
		}
		offset = u.UpdateID + 1
	}
	return offset, recorded, nil
}

// record stores the events in one go when the inbox can, else one by one,
// stopping at the first error. It reports which events were new, for
// those recorded.
func (c *Channel) record(ctx context.Context, ins []bot.Inbound) ([]bool, error) {
	if len(ins) == 0 {
		return nil, nil
	}
	if b, ok := c.inbox.(batchInbox); ok {
		isNew, err := b.RecordInbounds(ctx, ins, c.now())
		if err != nil {
			return nil, err
		}
		return isNew, nil
	}
	isNew := make([]bool, 0, len(ins))
	for _, in := range ins {
		n, err := c.inbox.RecordInbound(ctx, in, c.now())
		if err != nil {
			return isNew, err
		}
		if !n {
			c.log.Debug("update already recorded", "key", in.Key)
		}
		isNew = append(isNew, n)
	}
	return isNew, nil
}

// tellUnavailable tells the notifier of the events the inbox failed to
// record, unless the failure is the shutdown's.
func (c *Channel) tellUnavailable(ctx context.Context, lost []bot.Inbound, cause error) {
	if c.unavailable == nil || ctx.Err() != nil {
		return
	}
	for _, in := range lost {
		c.unavailable(ctx, in, cause)
	}
}

// backoff is the wait before retry number attempt (1, 2, ...) after err.
func (c *Channel) backoff(attempt int, err error) time.Duration {
	d := c.minBackoff
	for i := 1; i < attempt && d < c.maxBackoff; i++ {
		d *= 2
	}
	d = min(d, c.maxBackoff)
	return max(d, RetryAfter(err))
}

// RetryAfter is the wait Telegram asked for in a 429 answer (its
// parameters.retry_after), or 0 if err carries none.
func RetryAfter(err error) time.Duration {
	var te *tgbotapi.Error
	if errors.As(err, &te) && te.RetryAfter > 0 {
		return time.Duration(te.RetryAfter) * time.Second
	}
	return 0
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// await runs f, which cannot be cancelled, and returns its result or, if
// ctx ends first, ctx.Err(), leaving f to finish in the background. Used
// only for calls whose abandoned result is harmless: getUpdates (updates
// not yet recorded are not confirmed, so they come again) and deleteWebhook.
func await[T any](ctx context.Context, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
