package store

import (
	"context"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// ClubMembers returns every member of the club, those who have left
// included, in the order of their folded names (the name key), then by id.
func (t *Tx) ClubMembers(ctx context.Context, clubID int64) ([]bot.Member, error) {
	var rows []memberRow
	if err := t.q(ctx).Where("club_id = ?", clubID).Order("name_key, id").Find(&rows).Error; err != nil {
		return nil, wrapErr("club members", err)
	}
	out := make([]bot.Member, len(rows))
	for i, r := range rows {
		out[i] = r.toMember()
	}
	return out, nil
}

// ActiveMembersNamed returns the club's active members whose name folds
// to the same key as name (bot.Fold: ignoring case, diacritics and
// invisible characters) once spaces are left out, and who were born in
// year, through the index on the club. Spaces do not count because leaders
// run names together ("nguyenvanan") and a pasted zero-width space joins
// the words of "Nguyễn\u200bVăn An" once it is removed.
func (t *Tx) ActiveMembersNamed(ctx context.Context, clubID int64, name string, year int) ([]bot.Member, error) {
	var rows []memberRow
	key := strings.ReplaceAll(bot.Fold(name), " ", "")
	err := t.q(ctx).Where("club_id = ? AND REPLACE(name_key, ' ', '') = ? AND birth_year = ? AND left_on IS NULL", clubID, key, year).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, wrapErr("active members named", err)
	}
	out := make([]bot.Member, len(rows))
	for i, r := range rows {
		out[i] = r.toMember()
	}
	return out, nil
}

// UpdateMember corrects the details of the stored member m.ID (name,
// gender, birth year, household, ethnic minority, volunteer) with an audit
// entry old -> new; the club, the dates and the departure stay. It reports
// whether anything changed: an unchanged member writes nothing, so a
// retried step is harmless. ENOTFOUND for no such member.
func (t *Tx) UpdateMember(ctx context.Context, m bot.Member, actorID int64, at time.Time) (bool, error) {
	before, err := t.Member(ctx, m.ID)
	if err != nil {
		return false, err
	}
	if bot.CleanText(m.FullName) == "" {
		return false, invalid("update member: empty name")
	}
	after := before
	after.FullName, after.Gender, after.BirthYear = bot.CleanText(m.FullName), m.Gender, m.BirthYear
	after.Household, after.EthnicMinority, after.CareVolunteer = m.Household, m.EthnicMinority, m.CareVolunteer
	if after == before {
		return false, nil
	}
	row := memberToRow(after)
	err = t.q(ctx).Model(&memberRow{}).Where("id = ?", m.ID).Updates(map[string]any{
		"full_name": row.FullName, "name_key": row.NameKey, "gender": row.Gender, "birth_year": row.BirthYear,
		"household": row.Household, "ethnic_minority": row.EthnicMinority, "care_volunteer": row.CareVolunteer}).Error
	if err != nil {
		return false, wrapErr("update member", err)
	}
	return true, t.audit(ctx, actorID, at, entityMember, m.ID, actionUpdate, before, after)
}

// UndoLeave undoes a member's departure, recorded by mistake: the member is
// active again from the day they joined, with an audit entry. A member who
// has not left is left as is. ENOTFOUND for no such member.
func (t *Tx) UndoLeave(ctx context.Context, memberID, actorID int64, at time.Time) error {
	before, err := t.Member(ctx, memberID)
	if err != nil {
		return err
	}
	if before.LeftOn == nil {
		return nil
	}
	err = t.q(ctx).Model(&memberRow{}).Where("id = ?", memberID).
		Updates(map[string]any{"left_on": nil, "left_reason": ""}).Error
	if err != nil {
		return wrapErr("undo leave", err)
	}
	after := before
	after.LeftOn, after.LeftReason = nil, ""
	return t.audit(ctx, actorID, at, entityMember, memberID, actionRejoin, before, after)
}
