package store

import (
	"context"
	"time"

	"gorm.io/gorm"
)

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
