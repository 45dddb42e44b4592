package store

import (
	"context"

	"gorm.io/gorm"
)

// txRequest is a transaction waiting for the writer.
type txRequest struct {
	ctx  context.Context
	fn   func(tx *Tx) error
	done chan error
}

// inTx runs fn in a transaction of its own: it commits if fn returns nil
// and leaves no trace otherwise. Transactions that arrive while another
// commits are run together and committed at once (group commit): a commit
// costs far more than the few statements of a dialogue step, and every
// write of the bot goes through here.
func (d *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	req := &txRequest{ctx: ctx, fn: fn, done: make(chan error, 1)}
	d.queueMu.Lock()
	d.queue = append(d.queue, req)
	d.queueMu.Unlock()

	d.writeMu.Lock()
	d.queueMu.Lock()
	batch := d.queue
	d.queue = nil
	d.queueMu.Unlock()
	if len(batch) > 0 {
		d.runBatch(batch)
	}
	d.writeMu.Unlock()
	return <-req.done
}

// runBatch runs the queued transactions in one SQL transaction and tells
// each its outcome. Failures are rare, so the batch is optimistic: if one
// transaction fails, the whole batch is rolled back and each is run again
// alone, which undoes exactly the failed one's work without a savepoint
// around every request.
func (d *DB) runBatch(batch []*txRequest) {
	if len(batch) > 1 {
		if err := d.runTogether(batch); err == nil {
			for _, r := range batch {
				r.done <- nil
			}
			return
		}
	}
	for _, r := range batch {
		r.done <- d.runTogether([]*txRequest{r})
	}
}

// runTogether runs the requests in one transaction and commits it if all
// succeed; it returns the first error, after rolling back.
func (d *DB) runTogether(batch []*txRequest) error {
	sqlTx, err := d.sql.BeginTx(context.WithoutCancel(batch[0].ctx), nil)
	if err != nil {
		return wrapErr("begin", err)
	}
	for _, r := range batch {
		g := d.gorm.Session(&gorm.Session{Context: r.ctx, SkipDefaultTransaction: true})
		g.Statement.ConnPool = sqlTx
		if err := txError(r.fn(&Tx{db: g, dialect: d.dialect, now: d.now, sqlTx: sqlTx, hot: d.hot, inboundWindow: d.inboundWindow})); err != nil {
			sqlTx.Rollback()
			return err
		}
	}
	return wrapErr("commit", sqlTx.Commit())
}

// txError returns fn's error as it is if it carries a code, wrapped otherwise.
func txError(err error) error {
	if err == nil || hasCode(err) {
		return err
	}
	return wrapErr("transaction", err)
}
