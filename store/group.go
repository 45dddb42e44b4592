package store

import (
	"context"
	"database/sql"

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
// commits are run together, each under a savepoint, and committed at once
// (group commit): a commit costs far more than the few statements of a
// dialogue step, and every write of the bot goes through here.
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
// each its outcome.
func (d *DB) runBatch(batch []*txRequest) {
	errs := make([]error, len(batch))
	sqlTx, err := d.sql.BeginTx(context.WithoutCancel(batch[0].ctx), nil)
	if err != nil {
		for _, r := range batch {
			r.done <- wrapErr("begin", err)
		}
		return
	}
	for i, r := range batch {
		errs[i] = d.runOne(sqlTx, r, len(batch) > 1)
	}
	failed := len(batch) == 1 && errs[0] != nil
	if failed {
		err = sqlTx.Rollback()
	} else if err = sqlTx.Commit(); err != nil {
		err = wrapErr("commit", err)
	}
	for i, r := range batch {
		if errs[i] == nil && !failed {
			errs[i] = err
		}
		r.done <- errs[i]
	}
}

// runOne runs one request, under a savepoint when it shares the
// transaction, so that its failure undoes its own work only.
func (d *DB) runOne(sqlTx *sql.Tx, r *txRequest, savepoint bool) error {
	// Savepoints are released before the next one is set, so one name
	// serves them all and the statements can be prepared once.
	ctx := context.WithoutCancel(r.ctx)
	if savepoint {
		if _, err := sqlTx.StmtContext(ctx, d.hot["savepoint"]).ExecContext(ctx); err != nil {
			return wrapErr("savepoint", err)
		}
	}
	g := d.gorm.Session(&gorm.Session{Context: r.ctx, SkipDefaultTransaction: true})
	g.Statement.ConnPool = sqlTx
	err := txError(r.fn(&Tx{db: g, now: d.now, sqlTx: sqlTx, hot: d.hot}))
	if !savepoint {
		return err
	}
	if err != nil {
		if _, rbErr := sqlTx.StmtContext(ctx, d.hot["rollbackSavepoint"]).ExecContext(ctx); rbErr != nil {
			return wrapErr("rollback to savepoint", rbErr)
		}
	}
	if _, relErr := sqlTx.StmtContext(ctx, d.hot["releaseSavepoint"]).ExecContext(ctx); relErr != nil && err == nil {
		err = wrapErr("release savepoint", relErr)
	}
	return err
}

// txError returns fn's error as it is if it carries a code, wrapped otherwise.
func txError(err error) error {
	if err == nil || hasCode(err) {
		return err
	}
	return wrapErr("transaction", err)
}
