package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// hotQueries are the statements every dialogue step runs (the hot path,
// hence "hot" in the names here). They are prepared once and run through
// database/sql on GORM's own connection and transaction: through GORM's
// callbacks each cost about 100 µs, which capped a step at a few hundred
// per second.
var hotQueries = map[string]string{
	"inboundDone":     `SELECT COUNT(*) FROM inbound WHERE "key" = ? AND done_at IS NOT NULL`,
	"markInboundDone": `UPDATE inbound SET done_at = ? WHERE "key" = ? AND done_at IS NULL`,
	"recordInbound": `INSERT INTO inbound ("key", channel, chat_id, payload, received_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT ("key") DO NOTHING`,
	"recordDoneInbound": `INSERT INTO inbound ("key", channel, chat_id, payload, received_at, done_at) VALUES (?, '', '', ?, ?, ?)
		ON CONFLICT ("key") DO NOTHING`,
	"pendingInbound": `SELECT payload FROM inbound WHERE done_at IS NULL ORDER BY id LIMIT ?`,
	"forgetInbound":  `DELETE FROM inbound WHERE "key" = ? AND done_at IS NOT NULL AND done_at < ?`,
	"session":        `SELECT flow, step, draft, back, seq, lang, updated FROM sessions WHERE channel = ? AND chat_id = ?`,
	"saveSession": `INSERT INTO sessions (channel, chat_id, flow, step, draft, back, seq, lang, updated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (channel, chat_id) DO UPDATE SET flow = excluded.flow, step = excluded.step,
		draft = excluded.draft, back = excluded.back, seq = excluded.seq, lang = excluded.lang, updated = excluded.updated`,
	"userByAccount": `SELECT u.id, u.name, u.phone, u.lang, u.role, u.scope_kind, u.scope_club_id, u.scope_unit_id
		FROM accounts a JOIN users u ON u.id = a.user_id WHERE a.channel = ? AND a.channel_user_id = ?`,
	"enqueue":       `INSERT INTO outbox (channel, chat_id, payload, created_at, bulk, delivery_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
	"pendingOutbox": `SELECT id, payload FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id LIMIT ?`,
	"markSent":      `UPDATE outbox SET sent_at = ?, attempts = attempts + 1 WHERE id = ?`,
	"claimOutbox":   claimOutbox,
	// earlierInbound and sessionStamp: see chat_order.go.
	"earlierInbound": earlierInbound,
	"sessionStamp":   sessionStamp,
}

// prepareHot prepares the hot statements on the database.
func (d *DB) prepareHot(ctx context.Context) error {
	d.hot = make(map[string]*sql.Stmt, len(hotQueries))
	for name, q := range hotQueries {
		stmt, err := d.sql.PrepareContext(ctx, d.dialect.rebind(q))
		if err != nil {
			return wrapErr("prepare "+name, err)
		}
		d.hot[name] = stmt
	}
	return nil
}

// Reader returns the store outside any transaction, for reading.
func (d *DB) Reader() bot.Reader { return d.direct() }

// Session reads the chat's session outside a transaction.
func (d *DB) Session(ctx context.Context, channel, chatID string) (bot.Session, error) {
	return d.direct().Session(ctx, channel, chatID)
}

// UserByAccount reads the user linked to a channel account outside a
// transaction, or ENOTFOUND.
func (d *DB) UserByAccount(ctx context.Context, channel, channelUserID string) (bot.User, error) {
	return d.direct().UserByAccount(ctx, channel, channelUserID)
}

// stmt returns the hot statement name, bound to the transaction if any.
func (t *Tx) stmt(ctx context.Context, name string) *sql.Stmt {
	if t.sqlTx != nil {
		return t.sqlTx.StmtContext(ctx, t.hot[name])
	}
	return t.hot[name]
}

// Session returns the chat's session, or ENOTFOUND. Its Draft is never nil.
func (t *Tx) Session(ctx context.Context, channel, chatID string) (bot.Session, error) {
	s := bot.Session{Channel: channel, ChatID: chatID}
	var draft, back string
	var updated time.Time
	err := t.stmt(ctx, "session").QueryRowContext(ctx, channel, chatID).
		Scan(&s.Flow, &s.Step, &draft, &back, &s.Seq, &s.Lang, &updated)
	if err != nil {
		return bot.Session{}, wrapErr("session", err)
	}
	s.Updated = fromDB(updated)
	if err := json.Unmarshal([]byte(draft), &s.Draft); err != nil {
		return bot.Session{}, bot.Errorf(bot.EINTERNAL, "session %s/%s: draft: %v", channel, chatID, err)
	}
	if err := json.Unmarshal([]byte(back), &s.Back); err != nil {
		return bot.Session{}, bot.Errorf(bot.EINTERNAL, "session %s/%s: back: %v", channel, chatID, err)
	}
	if s.Draft == nil {
		s.Draft = map[string]string{}
	}
	return s, nil
}

// SaveSession stores the chat's session, replacing the previous one.
func (t *Tx) SaveSession(ctx context.Context, s bot.Session) error {
	if s.Channel == "" || s.ChatID == "" {
		return invalid("save session: empty channel or chat id")
	}
	if s.Draft == nil {
		s.Draft = map[string]string{}
	}
	draft, err := json.Marshal(s.Draft)
	if err != nil {
		return bot.Errorf(bot.EINTERNAL, "save session: draft: %v", err)
	}
	back, err := json.Marshal(s.Back)
	if err != nil {
		return bot.Errorf(bot.EINTERNAL, "save session: back: %v", err)
	}
	_, err = t.stmt(ctx, "saveSession").ExecContext(ctx, s.Channel, s.ChatID, s.Flow, s.Step,
		string(draft), string(back), s.Seq, s.Lang, toDB(s.Updated))
	return wrapErr("save session", err)
}

// UserByAccount returns the user linked to a channel account, or ENOTFOUND.
func (t *Tx) UserByAccount(ctx context.Context, channel, channelUserID string) (bot.User, error) {
	var r userRow
	err := t.stmt(ctx, "userByAccount").QueryRowContext(ctx, channel, channelUserID).
		Scan(&r.ID, &r.Name, &r.Phone, &r.Lang, &r.Role, &r.ScopeKind, &r.ScopeClubID, &r.ScopeUnitID)
	if err != nil {
		return bot.User{}, wrapErr("user by account", err)
	}
	return r.toUser(), nil
}

// InboundDone reports whether the event with this key was handled.
func (t *Tx) InboundDone(ctx context.Context, key string) (bool, error) {
	var n int
	err := t.stmt(ctx, "inboundDone").QueryRowContext(ctx, key).Scan(&n)
	return n > 0, wrapErr("inbound done", err)
}

// MarkInboundDone records the event as handled at a time, reporting false
// if it already was. An event that was never recorded is stored, already
// done, so that its redelivery is recognised too.
func (t *Tx) MarkInboundDone(ctx context.Context, key string, at time.Time) (bool, error) {
	if key == "" {
		return false, invalid("mark inbound done: empty key")
	}
	res, err := t.stmt(ctx, "markInboundDone").ExecContext(ctx, toDB(at), key)
	if err != nil {
		return false, wrapErr("mark inbound done", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return true, nil
	}
	if err := t.forgetInbound(ctx, key, at); err != nil {
		return false, err
	}
	payload, _ := json.Marshal(bot.Inbound{Key: key})
	res, err = t.stmt(ctx, "recordDoneInbound").ExecContext(ctx, key, string(payload), toDB(at), toDB(at))
	if err != nil {
		return false, wrapErr("mark inbound done", err)
	}
	n, err := res.RowsAffected()
	return n == 1, wrapErr("mark inbound done", err)
}

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
		// RETURNING, not LastInsertId, which pgx does not implement.
		var delivery *int64 // the scheduled sending it belongs to, kept with it when rerouted
		if o.DeliveryID != 0 {
			delivery = &o.DeliveryID
		}
		err = t.stmt(ctx, "enqueue").QueryRowContext(ctx, o.Channel, o.ChatID, string(payload), toDB(at), o.Bulk, delivery).Scan(&o.ID)
		if err != nil {
			return wrapErr("enqueue", err)
		}
	}
	return nil
}

// RecordInbound stores an event received at a time. It returns false, and
// stores nothing, if an event with the same key is already stored.
func (d *DB) RecordInbound(ctx context.Context, in bot.Inbound, at time.Time) (bool, error) {
	isNew, err := d.RecordInbounds(ctx, []bot.Inbound{in}, at)
	if err != nil {
		return false, err
	}
	return isNew[0], nil
}

// RecordInbounds stores events received together, all or none, and
// reports for each whether it was new (false: its key was already stored).
func (d *DB) RecordInbounds(ctx context.Context, ins []bot.Inbound, at time.Time) ([]bool, error) {
	payloads := make([]string, len(ins))
	for i, in := range ins {
		if in.Key == "" {
			return nil, invalid("record inbound: empty key")
		}
		payload, err := json.Marshal(in)
		if err != nil {
			return nil, bot.Errorf(bot.EINTERNAL, "record inbound: %v", err)
		}
		payloads[i] = string(payload)
	}
	isNew := make([]bool, len(ins))
	err := d.inTx(ctx, func(t *Tx) error {
		stmt := t.stmt(ctx, "recordInbound")
		for i, in := range ins {
			if err := t.forgetInbound(ctx, in.Key, at); err != nil {
				return err
			}
			res, err := stmt.ExecContext(ctx, in.Key, in.Channel, in.ChatID, payloads[i], toDB(at))
			if err != nil {
				return wrapErr("record inbound", err)
			}
			n, err := res.RowsAffected()
			if err != nil {
				return wrapErr("record inbound", err)
			}
			isNew[i] = n == 1
			if isNew[i] {
				if err := t.reactivate(ctx, in); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return isNew, nil
}

// PendingInbound returns up to limit events not yet handled, oldest first
// (all if limit is not positive).
func (d *DB) PendingInbound(ctx context.Context, limit int) ([]bot.Inbound, error) {
	rows, err := d.hot["pendingInbound"].QueryContext(ctx, sqlLimit(limit))
	if err != nil {
		return nil, wrapErr("pending inbound", err)
	}
	defer rows.Close()
	var out []bot.Inbound
	for rows.Next() {
		var payload string
		var in bot.Inbound
		if err := rows.Scan(&payload); err != nil {
			return nil, wrapErr("pending inbound", err)
		}
		if err := json.Unmarshal([]byte(payload), &in); err != nil {
			return nil, bot.Errorf(bot.EINTERNAL, "pending inbound: %v", err)
		}
		out = append(out, in)
	}
	return out, wrapErr("pending inbound", rows.Err())
}

// PendingOutbox returns up to limit messages neither sent nor failed,
// oldest first (all if limit is not positive), with their IDs set.
func (d *DB) PendingOutbox(ctx context.Context, limit int) ([]bot.Outgoing, error) {
	rows, err := d.hot["pendingOutbox"].QueryContext(ctx, sqlLimit(limit))
	if err != nil {
		return nil, wrapErr("pending outbox", err)
	}
	defer rows.Close()
	var out []bot.Outgoing
	for rows.Next() {
		var id int64
		var payload string
		if err := rows.Scan(&id, &payload); err != nil {
			return nil, wrapErr("pending outbox", err)
		}
		var o bot.Outgoing
		if err := json.Unmarshal([]byte(payload), &o); err != nil {
			return nil, bot.Errorf(bot.EINTERNAL, "pending outbox %d: %v", id, err)
		}
		o.ID = id
		out = append(out, o)
	}
	return out, wrapErr("pending outbox", rows.Err())
}

// MarkSent records that message id was delivered; ENOTFOUND if there is no
// such message.
func (d *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return d.inTx(ctx, func(t *Tx) error {
		res, err := t.stmt(ctx, "markSent").ExecContext(ctx, toDB(at), id)
		if err != nil {
			return wrapErr("mark sent", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("mark sent: no outbox message %d", id)
		}
		return nil
	})
}
