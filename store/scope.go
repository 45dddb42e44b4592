package store

import (
	"context"

	"github.com/clubbot/clubbot/bot"
)

// Units returns the units of a level (all levels for 0) inside t, by id.
func (t *Tx) Units(ctx context.Context, level bot.UnitLevel) ([]bot.Unit, error) {
	return t.units(ctx, level)
}

// ClubsInUnit returns the clubs of a commune-level unit, active or not, by id.
func (t *Tx) ClubsInUnit(ctx context.Context, unitID int64) ([]bot.Club, error) {
	var rows []clubRow
	if err := t.q(ctx).Where("unit_id = ?", unitID).Order("id").Find(&rows).Error; err != nil {
		return nil, wrapErr("clubs in unit", err)
	}
	out := make([]bot.Club, len(rows))
	for i, r := range rows {
		out[i] = r.toClub()
	}
	return out, nil
}

// Invites returns every invite, used or not, by id.
func (d *DB) Invites(ctx context.Context) ([]bot.Invite, error) {
	var rows []inviteRow
	if err := d.gorm.WithContext(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, wrapErr("invites", err)
	}
	out := make([]bot.Invite, len(rows))
	for i, r := range rows {
		out[i] = r.toInvite()
	}
	return out, nil
}
