package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// lostWhere selects the messages a crash caught between claim and mark
// that no recovery has dealt with yet. The reason is written out, not
// bound, so that SQLite uses the partial index that has the same terms.
const lostWhere = `recovered_at IS NULL AND fail_reason = '` + UncertainReason + `'`

// schemaV9Recovery adds the mark of an uncertain message that the recovery
// at start has dealt with (see engine.Engine.RecoverLostReplies), so that it
// is dealt with once. The uncertain messages of earlier runs count as
// dealt with: their chats have moved on since.
var schemaV9Recovery = []string{
	`ALTER TABLE outbox ADD COLUMN recovered_at DATETIME`,
	`UPDATE outbox SET recovered_at = failed_at WHERE fail_reason = '` + UncertainReason + `'`,
	`CREATE INDEX idx_outbox_lost ON outbox(id) WHERE ` + lostWhere,
}

// LostReplies returns the messages a crash caught between claim and mark
// (recorded uncertain by ResolveClaims) that no recovery has dealt with
// yet, oldest first. On PostgreSQL it holds the recovery for the rest of
// the transaction, so that two instances recovering at once deal with each
// message once (the second reads them marked recovered); SQLite's single
// writer does that already.
func (t *Tx) LostReplies(ctx context.Context) ([]bot.Outgoing, error) {
	if t.dialect == postgresDialect {
		if err := t.lockKey(ctx, chatKey("recovery", "", "")); err != nil {
			return nil, wrapErr("lost replies", err)
		}
	}
	out, err := t.outgoing(ctx, `SELECT id, payload FROM outbox WHERE `+lostWhere+` ORDER BY id`)
	return out, wrapErr("lost replies", err)
}

// outgoing runs query, which selects outbox rows' id and payload, and
// returns them as messages with their IDs.
func (t *Tx) outgoing(ctx context.Context, query string, args ...any) ([]bot.Outgoing, error) {
	rows, err := t.q(ctx).Raw(query, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []bot.Outgoing
	for rows.Next() {
		o, err := scanOutgoing(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// RepliedAfter reports whether a reply (a message that is not bulk) was
// queued for the chat after message id, whatever became of it.
func (t *Tx) RepliedAfter(ctx context.Context, channel, chatID string, id int64) (bool, error) {
	rows, err := t.q(ctx).Raw(`SELECT id, payload FROM outbox WHERE id > ? AND channel = ? AND chat_id = ? ORDER BY id`,
		id, channel, chatID).Rows()
	if err != nil {
		return false, wrapErr("replied after", err)
	}
	defer rows.Close()
	for rows.Next() {
		o, err := scanOutgoing(rows.Scan)
		if err != nil {
			return false, wrapErr("replied after", err)
		}
		if !o.Bulk {
			return true, nil
		}
	}
	return false, wrapErr("replied after", rows.Err())
}

// MarkRecovered records that the recovery has dealt with the lost messages
// ids at a time.
func (t *Tx) MarkRecovered(ctx context.Context, ids []int64, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	err := t.q(ctx).Exec(`UPDATE outbox SET recovered_at = ? WHERE id IN ? AND `+lostWhere, toDB(at), ids).Error
	return wrapErr("mark recovered", err)
}

// scanOutgoing reads a row of id and payload as an Outgoing with its ID.
func scanOutgoing(scan func(dest ...any) error) (bot.Outgoing, error) {
	var id int64
	var payload string
	if err := scan(&id, &payload); err != nil {
		return bot.Outgoing{}, err
	}
	var o bot.Outgoing
	if err := json.Unmarshal([]byte(payload), &o); err != nil {
		return bot.Outgoing{}, bot.Errorf(bot.EINTERNAL, "outbox %d: %v", id, err)
	}
	o.ID = id
	return o, nil
}

// CountLost counts the uncertain messages no recovery has dealt with yet:
// none once a start has recovered them, unless it failed.
func (d *DB) CountLost(ctx context.Context) (int, error) {
	var n int
	err := d.gorm.WithContext(ctx).Raw(`SELECT COUNT(*) FROM outbox WHERE ` + lostWhere).Scan(&n).Error
	return n, wrapErr("count lost", err)
}
