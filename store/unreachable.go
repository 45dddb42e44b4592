package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// Fail reasons of messages to a user a channel would not deliver to (Zalo's
// messaging window). Only UnreachableReason counts as undelivered: a
// rerouted message went out on another account, and a reply is answered
// again when the user writes.
const (
	UnreachableReason      = "unreachable"
	UnreachableRerouted    = "unreachable: sent on another account"
	UnreachableReplyReason = "unreachable: reply"
	// ChannelOffReason is a scheduled message to an account on a channel
	// the running bot does not serve; it counts as undelivered.
	ChannelOffReason = "unreachable: channel not configured"
)

// MarkUnreachable records that the channel would not deliver o because
// its user is out of reach there, in one transaction: the account is
// marked inactive, so that scheduled sendings skip it until the user
// writes again (the meaning of accounts.inactive_since), and o fails. A
// bulk message (a digest, a reminder) goes instead to another active
// account of the same user, returned with its outbox id so the sender can
// take it at once; with none, it is recorded as undelivered.
func (d *DB) MarkUnreachable(ctx context.Context, o bot.Outgoing, at time.Time) ([]bot.Outgoing, error) {
	var rerouted []bot.Outgoing
	err := d.inTx(ctx, func(t *Tx) error {
		rerouted = nil // a retried transaction starts again
		err := t.q(ctx).Model(&accountRow{}).
			Where("channel = ? AND channel_user_id = ? AND inactive_since IS NULL", o.Channel, o.ChatID).
			Update("inactive_since", toDB(at)).Error
		if err != nil {
			return wrapErr("mark unreachable", err)
		}
		reason := UnreachableReplyReason
		if o.Bulk {
			if rerouted, err = t.reroute(ctx, o, at); err != nil {
				return err
			}
			reason = UnreachableReason
			if len(rerouted) > 0 {
				reason = UnreachableRerouted
			}
		}
		err = t.q(ctx).Model(&outboxRow{}).Where("id = ?", o.ID).
			Updates(map[string]any{"failed_at": toDB(at), "fail_reason": reason, "attempts": gorm.Expr("attempts + 1")}).Error
		return wrapErr("mark unreachable", err)
	})
	return rerouted, err
}

// reroute queues o for the first other active account of its user, if any.
func (t *Tx) reroute(ctx context.Context, o bot.Outgoing, at time.Time) ([]bot.Outgoing, error) {
	var other []accountRow
	err := t.q(ctx).Raw(`SELECT a.id, a.channel, a.channel_user_id, a.user_id FROM accounts a
		JOIN accounts me ON me.user_id = a.user_id AND me.channel = ? AND me.channel_user_id = ?
		WHERE a.id <> me.id AND a.inactive_since IS NULL ORDER BY a.id LIMIT 1`, o.Channel, o.ChatID).
		Scan(&other).Error
	if err != nil || len(other) == 0 {
		return nil, wrapErr("reroute", err)
	}
	out := []bot.Outgoing{o}
	out[0].Channel, out[0].ChatID = other[0].Channel, other[0].ChannelUserID
	if err := t.Enqueue(ctx, out, at); err != nil {
		return nil, err
	}
	return out, nil
}

// UndeliveredSince counts the scheduled messages recorded as undelivered
// since a time: their user was out of reach and had no other account, or
// had accounts only on channels the bot did not serve then.
func (t *Tx) UndeliveredSince(ctx context.Context, since time.Time) (int, error) {
	var n int64
	err := t.q(ctx).Model(&outboxRow{}).
		Where("fail_reason IN ? AND failed_at >= ?", []string{UnreachableReason, ChannelOffReason}, toDB(since)).Count(&n).Error
	return int(n), wrapErr("undelivered since", err)
}
