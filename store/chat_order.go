package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// earlierInbound selects the oldest event of a chat recorded before the
// event with a key and not yet handled (parameters: channel, chat id, key).
const earlierInbound = `SELECT payload FROM inbound WHERE channel = ? AND chat_id = ? AND done_at IS NULL
	AND id < (SELECT id FROM inbound WHERE "key" = ?) ORDER BY id LIMIT 1`

// sessionStamp reads what tells whether a chat's session changed, without
// decoding its draft (parameters: channel, chat id).
const sessionStamp = `SELECT flow, step, seq, lang, updated FROM sessions WHERE channel = ? AND chat_id = ?`

// SessionStamp returns the chat's session without its draft and the steps
// back, or ENOTFOUND: enough to tell whether it changed since it was read.
func (t *Tx) SessionStamp(ctx context.Context, channel, chatID string) (bot.Session, error) {
	s := bot.Session{Channel: channel, ChatID: chatID}
	var updated time.Time
	err := t.stmt(ctx, "sessionStamp").QueryRowContext(ctx, channel, chatID).Scan(&s.Flow, &s.Step, &s.Seq, &s.Lang, &updated)
	if err != nil {
		return bot.Session{}, wrapErr("session stamp", err)
	}
	s.Updated = fromDB(updated)
	return s, nil
}

// LockChat holds the chat for the rest of the transaction, so that one
// process at a time handles its events. On PostgreSQL it is an advisory
// lock on the chat; SQLite's write lock, taken when the transaction
// begins, already holds every chat.
func (t *Tx) LockChat(ctx context.Context, channel, chatID string) error {
	if t.dialect != postgresDialect {
		return nil
	}
	return wrapErr("lock chat", t.lockKey(ctx, chatKey("chat", channel, chatID)))
}

// EarlierInbound returns the oldest event of in's chat recorded before in
// and not yet handled, or ENOTFOUND: another process recorded it and has
// not handled it yet, or died first.
func (t *Tx) EarlierInbound(ctx context.Context, in bot.Inbound) (bot.Inbound, error) {
	var payload string
	err := t.stmt(ctx, "earlierInbound").QueryRowContext(ctx, in.Channel, in.ChatID, in.Key).Scan(&payload)
	if err != nil {
		return bot.Inbound{}, wrapErr("earlier inbound", err)
	}
	var earlier bot.Inbound
	if err := json.Unmarshal([]byte(payload), &earlier); err != nil {
		return bot.Inbound{}, bot.Errorf(bot.EINTERNAL, "earlier inbound: %v", err)
	}
	return earlier, nil
}
