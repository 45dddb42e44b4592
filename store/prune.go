package store

import (
	"context"
	"time"
)

// schemaV10Prune indexes the times the pruning reads, so that finding the
// old rows of a table costs a range of an index, not a scan of the table.
var schemaV10Prune = []string{
	`CREATE INDEX idx_inbound_done_at ON inbound(done_at) WHERE done_at IS NOT NULL`,
	`CREATE INDEX idx_outbox_sent_at ON outbox(sent_at) WHERE sent_at IS NOT NULL`,
	`CREATE INDEX idx_outbox_failed_at ON outbox(failed_at) WHERE failed_at IS NOT NULL`,
	`CREATE INDEX idx_deliveries_delivered_at ON deliveries(delivered_at)`,
	`CREATE INDEX idx_failed_codes_at ON failed_codes(at)`,
}

// DefaultInboundWindow is how long a handled event's key is kept, so that
// a channel delivering it again is not answered twice. Telegram keeps an
// unconfirmed update for 24 hours, and after a week without updates it may
// start its update ids again anywhere: a key older than a week must not
// drop a new message.
const DefaultInboundWindow = 7 * 24 * time.Hour

// DefaultOutboxRetention is how long sent and failed messages, with their
// files (the digest's chart and spreadsheet), are kept.
const DefaultOutboxRetention = 30 * 24 * time.Hour

// MinOutboxRetention is the shortest outbox retention: the admins' /status
// counts the scheduled messages left undelivered over the last 7 days from
// the failed rows of the outbox.
const MinOutboxRetention = 7 * 24 * time.Hour

// deliveryRetention is how long the record of a scheduled sending is
// kept. A record only stops a second sending within its period (a week
// or a month), so a quarter leaves it long past its period.
const deliveryRetention = 92 * 24 * time.Hour

// failedCodeRetention is how long a wrong invite code is remembered; the
// lock after too many counts those of the last hour.
const failedCodeRetention = 24 * time.Hour

// Batch sizes of the pruning: each batch is one short transaction, so that
// the dialogues' writes wait for the lock at most a few milliseconds.
// Outbox rows carry files of tens of kilobytes, so fewer of them go at once.
const (
	pruneBatch       = 500
	pruneOutboxBatch = 100
)

// Pruned counts the rows a pruning deleted, and the transactions it took.
type Pruned struct {
	Inbound     int // handled events past the inbound window
	Outbox      int // sent or failed messages past the retention
	Deliveries  int // records of scheduled sendings past their period
	FailedCodes int // wrong invite codes past the lock's hour
	Batches     int
}

// Total is the number of rows deleted.
func (p Pruned) Total() int { return p.Inbound + p.Outbox + p.Deliveries + p.FailedCodes }

// pruneStep is one kind of row to delete: the query deletes at most one
// batch of rows older than a cutoff (the first parameter, the batch size
// the second), the rows kept for keep.
type pruneStep struct {
	op    string
	query string
	batch int
	keep  func(inboundWindow, outboxRetention time.Duration) time.Duration
	count func(p *Pruned) *int
}

// Kept times of the prune steps.
func keepInbound(window, _ time.Duration) time.Duration   { return window }
func keepOutbox(_, retention time.Duration) time.Duration { return retention }
func keepDeliveries(_, _ time.Duration) time.Duration     { return deliveryRetention }
func keepFailedCodes(_, _ time.Duration) time.Duration    { return failedCodeRetention }

// pruneSteps are the rows the store needs only for a while. Unhandled
// events, unsent messages, the audit log, invites (the audit log points at
// them, and an expired code is told as expired) and sessions (one a chat)
// are never pruned.
var pruneSteps = []pruneStep{
	{"prune inbound", `DELETE FROM inbound WHERE id IN (SELECT id FROM inbound
		WHERE done_at IS NOT NULL AND done_at < ? LIMIT ?)`, pruneBatch, keepInbound, func(p *Pruned) *int { return &p.Inbound }},
	{"prune sent outbox", `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox
		WHERE sent_at IS NOT NULL AND sent_at < ? LIMIT ?)`, pruneOutboxBatch, keepOutbox, func(p *Pruned) *int { return &p.Outbox }},
	{"prune failed outbox", `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox
		WHERE failed_at IS NOT NULL AND failed_at < ? LIMIT ?)`, pruneOutboxBatch, keepOutbox, func(p *Pruned) *int { return &p.Outbox }},
	{"prune deliveries", `DELETE FROM deliveries WHERE id IN (SELECT id FROM deliveries
		WHERE delivered_at < ? LIMIT ?)`, pruneBatch, keepDeliveries, func(p *Pruned) *int { return &p.Deliveries }},
	{"prune failed codes", `DELETE FROM failed_codes WHERE id IN (SELECT id FROM failed_codes
		WHERE at < ? LIMIT ?)`, pruneBatch, keepFailedCodes, func(p *Pruned) *int { return &p.FailedCodes }},
}

// WithInboundWindow sets how long a handled event's key is kept to drop
// its redeliveries (DefaultInboundWindow). A key older than that is
// forgotten, pruned or not: an event with it is new.
func WithInboundWindow(d time.Duration) Option {
	return func(o *options) { o.inboundWindow = d }
}

// Prune deletes, at now, the rows kept only for a while: handled events
// past the inbound window, messages sent or failed longer than
// outboxRetention ago (uncertain ones too) with their files, records of
// scheduled sendings past their period and old wrong invite codes. It
// works in small transactions, so the bot's writes go on meanwhile.
// SQLite reuses the freed pages; the file does not shrink.
func (d *DB) Prune(ctx context.Context, now time.Time, outboxRetention time.Duration) (Pruned, error) {
	var p Pruned
	if outboxRetention < MinOutboxRetention {
		return p, invalid("prune: outbox retention %v is under %v", outboxRetention, MinOutboxRetention)
	}
	for _, s := range pruneSteps {
		cutoff := now.Add(-s.keep(d.inboundWindow, outboxRetention))
		if err := d.pruneAll(ctx, s, toDB(cutoff), &p); err != nil {
			return p, err
		}
	}
	return p, nil
}

// pruneAll runs step s in batches until a batch finds fewer rows than it
// may delete.
func (d *DB) pruneAll(ctx context.Context, s pruneStep, cutoff time.Time, p *Pruned) error {
	for {
		var n int64
		err := d.inTx(ctx, func(t *Tx) error {
			res, err := t.sqlTx.ExecContext(ctx, t.dialect.rebind(s.query), cutoff, s.batch)
			if err != nil {
				return wrapErr(s.op, err)
			}
			n, err = res.RowsAffected()
			return wrapErr(s.op, err)
		})
		if err != nil {
			return err
		}
		p.Batches++
		*s.count(p) += int(n)
		if n < int64(s.batch) {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return wrapErr(s.op, err)
		}
	}
}

// forgetInbound deletes the key of an event handled longer than the
// inbound window before at, so that an event arriving with the same key
// (a Telegram update id started again) is recorded as new, whether or not
// the pruning has come by since.
func (t *Tx) forgetInbound(ctx context.Context, key string, at time.Time) error {
	_, err := t.stmt(ctx, "forgetInbound").ExecContext(ctx, key, toDB(at.Add(-t.inboundWindow)))
	return wrapErr("forget inbound", err)
}
