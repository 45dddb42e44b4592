package store

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
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

// Enqueue adds the messages to the outbox in order and sets their IDs in
// the slice.
func (t *Tx) Enqueue(ctx context.Context, out []bot.Outgoing, at time.Time) error {
	for i := range out {
		o := &out[i]
		if o.Channel == "" || o.ChatID == "" {
			return invalid("enqueue: message %d has no channel or chat id", i)
		}
		o.ID = 0
		payload, err := json.Marshal(o)
		if err != nil {
			return bot.Errorf(bot.EINTERNAL, "enqueue: %v", err)
		}
		row := outboxRow{Channel: o.Channel, ChatID: o.ChatID, Payload: string(payload), CreatedAt: toDB(at)}
		if err := t.q(ctx).Create(&row).Error; err != nil {
			return wrapErr("enqueue", err)
		}
		o.ID = row.ID
	}
	return nil
}

// PendingOutbox returns up to limit messages neither sent nor failed,
// oldest first (all if limit is not positive), with their IDs set.
func (d *DB) PendingOutbox(ctx context.Context, limit int) ([]bot.Outgoing, error) {
	var rows []outboxRow
	err := d.gorm.WithContext(ctx).Where("sent_at IS NULL AND failed_at IS NULL").
		Order("id").Limit(limitOrAll(limit)).Find(&rows).Error
	if err != nil {
		return nil, wrapErr("pending outbox", err)
	}
	out := make([]bot.Outgoing, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal([]byte(r.Payload), &out[i]); err != nil {
			return nil, bot.Errorf(bot.EINTERNAL, "pending outbox %d: %v", r.ID, err)
		}
		out[i].ID = r.ID
	}
	return out, nil
}

// MarkSent records that message id was delivered; ENOTFOUND if there is no
// such message.
func (d *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return d.markOutbox(ctx, "mark sent", id, map[string]any{"sent_at": toDB(at)})
}

// MarkFailed records that message id cannot be delivered, and why; it is
// not offered again. ENOTFOUND if there is no such message.
func (d *DB) MarkFailed(ctx context.Context, id int64, reason string, at time.Time) error {
	return d.markOutbox(ctx, "mark failed", id, map[string]any{"failed_at": toDB(at), "fail_reason": reason})
}

// markOutbox applies set to message id and counts one delivery attempt.
func (d *DB) markOutbox(ctx context.Context, op string, id int64, set map[string]any) error {
	set["attempts"] = gorm.Expr("attempts + 1")
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	res := d.gorm.WithContext(ctx).Model(&outboxRow{}).Where("id = ?", id).Updates(set)
	if res.Error != nil {
		return wrapErr(op, res.Error)
	}
	if res.RowsAffected == 0 {
		return notFound("%s: outbox message %d", op, id)
	}
	return nil
}
