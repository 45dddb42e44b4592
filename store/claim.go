package store

import (
	"context"
	"hash/fnv"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// claimOutbox claims a pending message for an instance (parameters: the
// time, the instance, the message id, the instance, the oldest live
// heartbeat, the instance). The message must be the instance's already (a
// retry, or a claim that is renewed) or be free: unclaimed, and not kept
// for a retry by another live instance. And no message of its chat that
// goes before it may be waiting anyone else's, claimed or not: a chat's
// messages go out in order whichever process queued and sends them, as
// each process's own queue sends them (replies in order, then bulk
// messages in order: a reply overtakes a waiting digest). A message queued
// by another process that this one does not know of yet is sent by that
// process, or, if it died, by the one whose reading of the outbox finds it.
const claimOutbox = `UPDATE outbox SET claimed_at = ?, claimed_by = ?
	WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL
	AND (claimed_by = ? OR (claimed_at IS NULL AND claimed_by NOT IN (` + liveInstances + `)))
	AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.channel = outbox.channel AND e.chat_id = outbox.chat_id
		AND e.id <> outbox.id AND e.sent_at IS NULL AND e.failed_at IS NULL AND e.claimed_by <> ?
		AND ((e.bulk = outbox.bulk AND e.id < outbox.id) OR (outbox.bulk AND NOT e.bulk)))`

// Instance is the store as one serve process among several uses it: the
// messages its sender claims are recorded as its own, so that another
// process neither sends them nor, while this one lives, takes them for
// lost. It is a relay.Outbox.
type Instance struct {
	*DB
	id string
}

// Instance returns the store as instance id uses it.
func (d *DB) Instance(id string) *Instance {
	return &Instance{DB: d, id: id}
}

// ID returns the instance's id.
func (i *Instance) ID() string { return i.id }

// ClaimOutbox records, durably, that message id is about to be handed to
// its channel by this instance. ENOTFOUND if the message is no longer
// pending; ECONFLICT if it is another live instance's, or an earlier
// message of its chat is: try again later.
func (i *Instance) ClaimOutbox(ctx context.Context, id int64, at time.Time) error {
	return i.claim(ctx, id, i.id, at)
}

// ClaimOutbox records, durably, that message id is about to be handed to
// its channel, by a process that records no instance (the console, a
// single serve of an earlier version). A claim found unmarked after a
// restart means the process stopped while sending: see ResolveClaims.
// ENOTFOUND if the message is not pending; ECONFLICT if a live instance
// has it, or an earlier message of its chat, in hand.
func (d *DB) ClaimOutbox(ctx context.Context, id int64, at time.Time) error {
	return d.claim(ctx, id, "", at)
}

// claim claims message id for instance by. On PostgreSQL the row is locked
// first, skipping it if another claim holds it, and then its chat, so that
// the check of the chat's earlier messages sees the claims committed
// before it; SQLite's single writer does both. The statements off the hot
// path go through GORM, which writes placeholders as the driver expects.
func (d *DB) claim(ctx context.Context, id int64, by string, at time.Time) error {
	return d.inTx(ctx, func(t *Tx) error {
		if t.dialect == postgresDialect {
			var channel, chatID string
			err := t.q(ctx).Raw(`SELECT channel, chat_id FROM outbox WHERE id = ?
				AND sent_at IS NULL AND failed_at IS NULL FOR UPDATE SKIP LOCKED`, id).Row().Scan(&channel, &chatID)
			if err != nil {
				return t.claimRefused(ctx, id)
			}
			if err := t.lockKey(ctx, chatKey("outbox", channel, chatID)); err != nil {
				return wrapErr("claim outbox", err)
			}
		}
		live := liveSince(at)
		res, err := t.stmt(ctx, "claimOutbox").ExecContext(ctx, toDB(at), by, id, by, live, by)
		if err != nil {
			return wrapErr("claim outbox", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return t.claimRefused(ctx, id)
		}
		return nil
	})
}

// claimRefused says why message id could not be claimed: ENOTFOUND if it
// is sent or failed, ECONFLICT if it is still waiting.
func (t *Tx) claimRefused(ctx context.Context, id int64) error {
	var n int
	err := t.q(ctx).Raw(`SELECT COUNT(*) FROM outbox WHERE id = ?
		AND sent_at IS NULL AND failed_at IS NULL`, id).Row().Scan(&n)
	switch {
	case err != nil:
		return wrapErr("claim outbox", err)
	case n > 0:
		return bot.Errorf(bot.ECONFLICT, "claim outbox: message %d, or an earlier one of its chat, is another instance's", id)
	}
	return notFound("claim outbox: no pending outbox message %d", id)
}

// lockKey takes PostgreSQL's transaction-level advisory lock key: it is
// held until the transaction ends.
func (t *Tx) lockKey(ctx context.Context, key int64) error {
	return t.q(ctx).Exec(`SELECT pg_advisory_xact_lock(?)`, key).Error
}

// chatKey is the advisory lock key of a chat for a purpose.
func chatKey(purpose, channel, chatID string) int64 {
	h := fnv.New64a()
	h.Write([]byte(purpose + "/" + channel + "/" + chatID))
	return int64(h.Sum64())
}

// ResolveClaims marks failed, with UncertainReason, the messages claimed
// but neither sent nor failed by a process that is no longer alive at a
// time (or recorded no instance): a crash caught them while sending, and
// sending them again could repeat a message the user already has. A live
// instance's messages in hand are left to it. It returns those it marked,
// oldest first. Call it before the sender starts; the engine's
// RecoverLostReplies then makes good those that were a chat's last reply
// (see LostReplies).
func (d *DB) ResolveClaims(ctx context.Context, at time.Time) ([]bot.Outgoing, error) {
	return d.resolveClaims(ctx, at, "claimed_by NOT IN ("+liveInstances+")", liveSince(at))
}

// ResolveDeadClaims is ResolveClaims for the messages of other recorded
// instances alone: a live instance runs it now and then, so that the
// users of one that died are not left waiting for its restart. Its own
// messages are never taken for lost, even if its heartbeat is late.
func (i *Instance) ResolveDeadClaims(ctx context.Context, at time.Time) ([]bot.Outgoing, error) {
	return i.resolveClaims(ctx, at, "claimed_by <> '' AND claimed_by <> ? AND claimed_by NOT IN ("+liveInstances+")",
		i.id, liveSince(at))
}

// resolveClaims marks uncertain the claimed, unmarked messages that cond
// also selects, each once even when two instances resolve together.
func (d *DB) resolveClaims(ctx context.Context, at time.Time, cond string, args ...any) ([]bot.Outgoing, error) {
	var out []bot.Outgoing
	err := d.inTx(ctx, func(t *Tx) error {
		out = nil
		found, err := t.outgoing(ctx, `SELECT id, payload FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL
			AND claimed_at IS NOT NULL AND `+cond+` ORDER BY id`, args...)
		if err != nil {
			return wrapErr("resolve claims", err)
		}
		for _, o := range found {
			res := t.q(ctx).Exec(`UPDATE outbox SET failed_at = ?, fail_reason = ?
				WHERE id = ? AND sent_at IS NULL AND failed_at IS NULL`, toDB(at), UncertainReason, o.ID)
			if res.Error != nil {
				return wrapErr("resolve claims", res.Error)
			}
			if res.RowsAffected == 1 {
				out = append(out, o)
			}
		}
		return nil
	})
	return out, err
}
