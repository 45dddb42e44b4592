package store

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm/clause"

	"github.com/clubbot/clubbot/bot"
)

// inboundRow is a row of inbound: one event received from a channel, with
// the bot.Inbound as JSON.
type inboundRow struct {
	ID         int64
	Key        string
	Channel    string
	ChatID     string
	Payload    string
	ReceivedAt time.Time
	DoneAt     *time.Time
}

// TableName names the table.
func (inboundRow) TableName() string { return "inbound" }

// RecordInbound stores an event received at a time. It returns false, and
// stores nothing, if an event with the same key is already stored.
func (d *DB) RecordInbound(ctx context.Context, in bot.Inbound, at time.Time) (bool, error) {
	if in.Key == "" {
		return false, invalid("record inbound: empty key")
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return false, bot.Errorf(bot.EINTERNAL, "record inbound: %v", err)
	}
	row := inboundRow{Key: in.Key, Channel: in.Channel, ChatID: in.ChatID,
		Payload: string(payload), ReceivedAt: toDB(at)}
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	res := d.gorm.WithContext(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "key"}}, DoNothing: true,
	}).Create(&row)
	if res.Error != nil {
		return false, wrapErr("record inbound", res.Error)
	}
	return res.RowsAffected == 1, nil
}

// PendingInbound returns up to limit events not yet handled, oldest first
// (all if limit is not positive).
func (d *DB) PendingInbound(ctx context.Context, limit int) ([]bot.Inbound, error) {
	var rows []inboundRow
	err := d.gorm.WithContext(ctx).Where("done_at IS NULL").Order("id").
		Limit(limitOrAll(limit)).Find(&rows).Error
	if err != nil {
		return nil, wrapErr("pending inbound", err)
	}
	out := make([]bot.Inbound, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal([]byte(r.Payload), &out[i]); err != nil {
			return nil, bot.Errorf(bot.EINTERNAL, "pending inbound %s: %v", r.Key, err)
		}
	}
	return out, nil
}

// InboundDone reports whether the event with this key was handled.
func (t *Tx) InboundDone(ctx context.Context, key string) (bool, error) {
	var n int64
	err := t.q(ctx).Model(&inboundRow{}).Where("key = ? AND done_at IS NOT NULL", key).Count(&n).Error
	return n > 0, wrapErr("inbound done", err)
}

// MarkInboundDone records the event as handled at a time. An event that
// was never recorded is stored, already done, so that its redelivery is
// recognised.
func (t *Tx) MarkInboundDone(ctx context.Context, key string, at time.Time) error {
	if key == "" {
		return invalid("mark inbound done: empty key")
	}
	res := t.q(ctx).Model(&inboundRow{}).Where("key = ? AND done_at IS NULL", key).
		Update("done_at", toDB(at))
	if res.Error != nil || res.RowsAffected > 0 {
		return wrapErr("mark inbound done", res.Error)
	}
	payload, _ := json.Marshal(bot.Inbound{Key: key})
	done := toDB(at)
	row := inboundRow{Key: key, Payload: string(payload), ReceivedAt: done, DoneAt: &done}
	err := t.q(ctx).Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "key"}}, DoNothing: true,
	}).Create(&row).Error
	return wrapErr("mark inbound done", err)
}
