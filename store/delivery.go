package store

import (
	"context"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// schemaDeliveries keeps one row per scheduled sending to a user: the
// unique key is what makes a digest or a reminder go out once.
var schemaDeliveries = []string{
	`CREATE TABLE deliveries (
		id INTEGER PRIMARY KEY,
		user_id INTEGER NOT NULL REFERENCES users(id),
		kind TEXT NOT NULL,
		period TEXT NOT NULL,
		delivered_at DATETIME NOT NULL)`,
	`CREATE UNIQUE INDEX idx_deliveries_user_kind_period ON deliveries(user_id, kind, period)`,
}

// recipientRoles are the roles each kind of scheduled sending goes to.
var recipientRoles = map[string][]string{
	"digest":   {string(bot.RoleOfficer), string(bot.RoleAdmin)},
	"reminder": {string(bot.RoleLeader)},
}

// Recipients returns the users a kind of scheduled sending goes to, once
// per linked channel account, in a stable order. Accounts whose user
// blocked the bot are left out until the user writes again.
func (d *DB) Recipients(ctx context.Context, kind string) ([]bot.Recipient, error) {
	return d.direct().recipients(ctx, "users.role IN ?", recipientRoles[kind])
}

// recipients returns the users cond selects, once per linked, reachable
// chat account, in a stable order. Private chats with a bot have the
// user's id as chat id.
func (t *Tx) recipients(ctx context.Context, cond string, args ...any) ([]bot.Recipient, error) {
	var rows []struct {
		ID            int64
		Name          string
		Phone         string
		Lang          string
		Role          string
		ScopeKind     string
		ScopeClubID   *int64
		ScopeUnitID   *int64
		Channel       string
		ChannelUserID string
	}
	err := t.q(ctx).Table("users").
		Select(`users.id, users.name, users.phone, users.lang, users.role, users.scope_kind,
			users.scope_club_id, users.scope_unit_id, accounts.channel, accounts.channel_user_id`).
		Joins("JOIN accounts ON accounts.user_id = users.id").
		Where(cond+" AND accounts.inactive_since IS NULL", args...).
		Order("users.id, accounts.id").Scan(&rows).Error
	if err != nil {
		return nil, wrapErr("recipients", err)
	}
	out := make([]bot.Recipient, len(rows))
	for i, r := range rows {
		u := userRow{ID: r.ID, Name: r.Name, Phone: r.Phone, Lang: r.Lang, Role: r.Role,
			ScopeKind: r.ScopeKind, ScopeClubID: r.ScopeClubID, ScopeUnitID: r.ScopeUnitID}
		out[i] = bot.Recipient{User: u.toUser(), Channel: r.Channel, ChatID: r.ChannelUserID}
	}
	return out, nil
}

// Delivered reports whether the sending was recorded.
func (d *DB) Delivered(ctx context.Context, del bot.Delivery) (bool, error) {
	var n int64
	err := d.gorm.WithContext(ctx).Table("deliveries").
		Where("user_id = ? AND kind = ? AND period = ?", del.UserID, del.Kind, del.Period).Count(&n).Error
	return n > 0, wrapErr("delivered", err)
}

// DeliverOnce records the sending and queues its messages in one
// transaction; it reports false, queueing nothing, if it was recorded
// before.
func (d *DB) DeliverOnce(ctx context.Context, del bot.Delivery, msgs []bot.Outgoing, at time.Time) (bool, error) {
	return d.deliverOnce(ctx, del, msgs, at, "")
}

// DeliverUndelivered records the sending as DeliverOnce does, but its
// messages, meant for an account on a channel this run does not serve (a
// Zalo account while only Telegram runs), are recorded as undelivered
// (ChannelOffReason) instead of queued: no sender tries them, and the
// admins' /status counts them.
func (d *DB) DeliverUndelivered(ctx context.Context, del bot.Delivery, msgs []bot.Outgoing, at time.Time) (bool, error) {
	return d.deliverOnce(ctx, del, msgs, at, ChannelOffReason)
}

// deliverOnce records the sending and stores its messages, queued or,
// with a failReason, failed at once, in one transaction.
func (d *DB) deliverOnce(ctx context.Context, del bot.Delivery, msgs []bot.Outgoing, at time.Time, failReason string) (bool, error) {
	var first bool
	err := d.inTx(ctx, func(t *Tx) error {
		var ids []int64 // none when it was recorded before
		err := t.q(ctx).Raw(`INSERT INTO deliveries (user_id, kind, period, delivered_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, kind, period) DO NOTHING RETURNING id`, del.UserID, del.Kind, del.Period, toDB(at)).
			Scan(&ids).Error
		if err != nil {
			return wrapErr("record delivery", err)
		}
		first = len(ids) == 1
		if !first {
			return nil
		}
		for i := range msgs {
			msgs[i].DeliveryID = ids[0]
		}
		if err := t.Enqueue(ctx, msgs, at); err != nil || failReason == "" {
			return err
		}
		ids = make([]int64, len(msgs))
		for i, m := range msgs {
			ids[i] = m.ID
		}
		err = t.q(ctx).Model(&outboxRow{}).Where("id IN ?", ids).
			Updates(map[string]any{"failed_at": toDB(at), "fail_reason": failReason}).Error
		return wrapErr("record undelivered", err)
	})
	return first, err
}
