package store

import (
	"context"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// Actions of the audit log on a club's life cycle.
const (
	actionRename       = "rename"
	actionDissolve     = "dissolve"
	actionChangeLeader = "change_leader"
)

// RenameClub gives the club a new name, with an audit entry old -> new.
// ENOTFOUND if there is no such club, EINVALID for an empty name.
func (t *Tx) RenameClub(ctx context.Context, clubID int64, name string, actorID int64, at time.Time) error {
	name = bot.CleanText(name)
	if name == "" {
		return invalid("rename club: empty name")
	}
	before, err := t.Club(ctx, clubID)
	if err != nil {
		return err
	}
	err = t.q(ctx).Model(&clubRow{}).Where("id = ?", clubID).
		Updates(map[string]any{"name": name, "name_key": bot.Fold(name)}).Error
	if err != nil {
		return wrapErr("rename club", err)
	}
	after := before
	after.Name = name
	return t.audit(ctx, actorID, at, entityClub, clubID, actionRename, before, after)
}

// DissolveClub marks the club dissolved and unlinks its leaders (each
// audited as a revoke), with an audit entry naming them: the club stops
// counting in every active figure and nobody reports for it. A dissolved
// club is left as is.
func (t *Tx) DissolveClub(ctx context.Context, clubID int64, actorID int64, at time.Time) error {
	club, err := t.Club(ctx, clubID)
	if err != nil || club.Status == bot.ClubDissolved {
		return err
	}
	names, err := t.revokeClubLeaders(ctx, clubID, actorID, at)
	if err != nil {
		return err
	}
	err = t.q(ctx).Model(&clubRow{}).Where("id = ?", clubID).Update("status", string(bot.ClubDissolved)).Error
	if err != nil {
		return wrapErr("dissolve club", err)
	}
	after := club
	after.Status = bot.ClubDissolved
	return t.audit(ctx, actorID, at, entityClub, clubID, actionDissolve, clubWithLeaders{club, names}, after)
}

// clubWithLeaders is a club and the names of its leaders unlinked, as the
// audit log keeps it.
type clubWithLeaders struct {
	bot.Club
	Leaders []string
}

// UnlinkClubLeaders takes the club's leaders' access away (their chat
// accounts unlinked, each audited as a revoke) and records on the club
// whose it was, returning their names. Officers' questions the old leader
// did not answer wait for the new one.
func (t *Tx) UnlinkClubLeaders(ctx context.Context, clubID int64, actorID int64, at time.Time) ([]string, error) {
	club, err := t.Club(ctx, clubID)
	if err != nil {
		return nil, err
	}
	names, err := t.revokeClubLeaders(ctx, clubID, actorID, at)
	if err != nil {
		return nil, err
	}
	err = t.q(ctx).Model(&fundReviewRow{}).Where("club_id = ? AND resolved_at IS NULL", clubID).
		Update("delivered_at", nil).Error
	if err != nil {
		return nil, wrapErr("questions for the new leader", err)
	}
	return names, t.audit(ctx, actorID, at, entityClub, clubID, actionChangeLeader, clubWithLeaders{club, names}, club)
}

// revokeClubLeaders unlinks the accounts of the club's leaders, each
// audited as a revoke, and returns their names.
func (t *Tx) revokeClubLeaders(ctx context.Context, clubID int64, actorID int64, at time.Time) ([]string, error) {
	var leaders []userRow
	err := t.q(ctx).Where("role = ? AND scope_club_id = ? AND id IN (SELECT user_id FROM accounts)",
		string(bot.RoleLeader), clubID).Order("id").Find(&leaders).Error
	if err != nil {
		return nil, wrapErr("club leaders", err)
	}
	names := make([]string, 0, len(leaders))
	for _, l := range leaders {
		if err := t.RevokeUser(ctx, l.ID, actorID, at); err != nil {
			return nil, err
		}
		names = append(names, l.Name)
	}
	return names, nil
}
