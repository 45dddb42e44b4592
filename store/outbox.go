package store

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// schemaV4Sending adds the sender's claim on a message it is about to hand
// to a channel, and the mark of a chat account whose user blocked the bot.
var schemaV4Sending = []string{
	`ALTER TABLE outbox ADD COLUMN claimed_at DATETIME`,
	`ALTER TABLE accounts ADD COLUMN inactive_since DATETIME`,
}

// UncertainReason is the fail_reason of a message a crash caught between
// its claim and its mark: it may have gone out, so it is not sent again.
const UncertainReason = "uncertain: the process stopped while sending"

// outboxRow is a row of outbox: one message to send, with the
// bot.Outgoing as JSON.
type outboxRow struct {
	ID         int64
	Channel    string
	ChatID     string
	Payload    string
	CreatedAt  time.Time
	SentAt     *time.Time
	FailedAt   *time.Time
	FailReason string
	Attempts   int
	ClaimedAt  *time.Time
	ClaimedBy  string // the instance that claimed it last; "" for none recorded
}

// TableName names the table.
func (outboxRow) TableName() string { return "outbox" }

// MarkFailed records that message id cannot be delivered, and why; it is
// not offered again. ENOTFOUND if there is no such message.
func (d *DB) MarkFailed(ctx context.Context, id int64, reason string, at time.Time) error {
	return d.markOutbox(ctx, "mark failed", id, map[string]any{"failed_at": toDB(at), "fail_reason": reason})
}

// markOutbox applies set to message id and counts one delivery attempt.
func (d *DB) markOutbox(ctx context.Context, op string, id int64, set map[string]any) error {
	set["attempts"] = gorm.Expr("attempts + 1")
	return d.inTx(ctx, func(t *Tx) error {
		res := t.q(ctx).Model(&outboxRow{}).Where("id = ?", id).Updates(set)
		if res.Error != nil {
			return wrapErr(op, res.Error)
		}
		if res.RowsAffected == 0 {
			return notFound("%s: outbox message %d", op, id)
		}
		return nil
	})
}

// execOne runs an update of one outbox row in a transaction of its own,
// through database/sql (a send costs two of them: GORM's callbacks would
// double their price); ENOTFOUND if no pending row matched.
func (d *DB) execOne(ctx context.Context, op string, id int64, query string, args ...any) error {
	return d.inTx(ctx, func(t *Tx) error {
		res, err := t.sqlTx.ExecContext(ctx, t.dialect.rebind(query), args...)
		if err != nil {
			return wrapErr(op, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("%s: no pending outbox message %d", op, id)
		}
		return nil
	})
}

// UnclaimOutbox withdraws the claim on message id after a failure the
// channel is sure left nothing sent, so that it is retried, and counts the
// attempt. ENOTFOUND if the message is not pending. The claiming instance
// stays recorded: while it lives, the retry is its own (see claim.go).
func (d *DB) UnclaimOutbox(ctx context.Context, id int64) error {
	return d.execOne(ctx, "unclaim outbox", id,
		`UPDATE outbox SET claimed_at = NULL, attempts = attempts + 1
		WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL`, id)
}

// ClaimedOutbox returns the messages claimed and not yet marked, oldest
// first: in the sender's hands, or, after a crash and before the restart,
// caught between claim and mark.
func (d *DB) ClaimedOutbox(ctx context.Context) ([]bot.Outgoing, error) {
	var rows []outboxRow
	err := d.gorm.WithContext(ctx).Where("sent_at IS NULL AND failed_at IS NULL AND claimed_at IS NOT NULL").
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, wrapErr("claimed outbox", err)
	}
	out := make([]bot.Outgoing, 0, len(rows))
	for _, r := range rows {
		var o bot.Outgoing
		if err := json.Unmarshal([]byte(r.Payload), &o); err != nil {
			return nil, bot.Errorf(bot.EINTERNAL, "claimed outbox %d: %v", r.ID, err)
		}
		o.ID = r.ID
		out = append(out, o)
	}
	return out, nil
}

// CountUncertain counts the messages a crash caught between claim and
// mark, recorded as uncertain and not sent again.
func (d *DB) CountUncertain(ctx context.Context) (int, error) {
	var n int64
	err := d.gorm.WithContext(ctx).Model(&outboxRow{}).Where("fail_reason = ?", UncertainReason).Count(&n).Error
	return int(n), wrapErr("count uncertain", err)
}
