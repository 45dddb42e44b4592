package store

import (
	"context"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// memberRow is a row of members.
type memberRow struct {
	ID             int64
	ClubID         int64
	FullName       string
	NameKey        string
	Gender         string
	BirthYear      int
	Household      string
	EthnicMinority bool
	CareVolunteer  bool
	JoinedOn       time.Time
	LeftOn         *time.Time
	LeftReason     string
	SourceKey      string
}

// TableName names the table.
func (memberRow) TableName() string { return "members" }

// toMember converts a row to a bot.Member.
func (r memberRow) toMember() bot.Member {
	return bot.Member{
		ID: r.ID, ClubID: r.ClubID, FullName: r.FullName, Gender: bot.Gender(r.Gender),
		BirthYear: r.BirthYear, Household: bot.Household(r.Household),
		EthnicMinority: r.EthnicMinority, CareVolunteer: r.CareVolunteer,
		JoinedOn: fromDB(r.JoinedOn), LeftOn: fromDBPtr(r.LeftOn),
		LeftReason: r.LeftReason, SourceKey: r.SourceKey,
	}
}

// memberToRow converts a bot.Member to a row, with its name in NFC and the
// folded search key.
func memberToRow(m bot.Member) memberRow {
	name := bot.CleanText(m.FullName)
	return memberRow{
		ID: m.ID, ClubID: m.ClubID, FullName: name, NameKey: bot.Fold(name),
		Gender: string(m.Gender), BirthYear: m.BirthYear, Household: string(m.Household),
		EthnicMinority: m.EthnicMinority, CareVolunteer: m.CareVolunteer,
		JoinedOn: toDB(m.JoinedOn), LeftOn: toDBPtr(m.LeftOn),
		LeftReason: strings.TrimSpace(m.LeftReason), SourceKey: m.SourceKey,
	}
}

// AddMember stores m with an audit entry and sets m.ID. If a member with
// m.SourceKey is already stored, m gets that member's id and nothing is
// written. A zero JoinedOn is taken as at.
func (t *Tx) AddMember(ctx context.Context, m *bot.Member, actorID int64, at time.Time) error {
	if m == nil {
		return invalid("add member: no member")
	}
	if id, err := t.idBySourceKey(ctx, "members", m.SourceKey); err != nil || id != 0 {
		if id != 0 {
			m.ID = id
		}
		return err
	}
	if bot.CleanText(m.FullName) == "" {
		return invalid("add member: empty name")
	}
	if m.JoinedOn.IsZero() {
		m.JoinedOn = at
	}
	row := memberToRow(*m)
	row.ID = 0
	if err := t.q(ctx).Create(&row).Error; err != nil {
		return wrapErr("add member", err)
	}
	m.ID, m.FullName = row.ID, row.FullName
	return t.audit(ctx, actorID, at, entityMember, row.ID, actionCreate, nil, row.toMember())
}

// idBySourceKey returns the id of the row of table with this non-empty
// source key, or 0.
func (t *Tx) idBySourceKey(ctx context.Context, table, key string) (int64, error) {
	if key == "" {
		return 0, nil
	}
	var id int64
	// "<> ''" lets SQLite use the partial unique index on source_key;
	// without it every save scanned the whole table.
	err := t.q(ctx).Table(table).Select("id").Where("source_key = ? AND source_key <> ''", key).Take(&id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, nil
	}
	return id, wrapErr("find "+table+" by source key", err)
}

// ActiveMembers returns the club's members who have not left, by id.
func (t *Tx) ActiveMembers(ctx context.Context, clubID int64) ([]bot.Member, error) {
	var rows []memberRow
	err := t.q(ctx).Where("club_id = ? AND left_on IS NULL", clubID).Order("id").Find(&rows).Error
	if err != nil {
		return nil, wrapErr("active members", err)
	}
	out := make([]bot.Member, len(rows))
	for i, r := range rows {
		out[i] = r.toMember()
	}
	return out, nil
}

// Member returns the member with this id, or ENOTFOUND.
func (t *Tx) Member(ctx context.Context, id int64) (bot.Member, error) {
	var r memberRow
	if err := t.q(ctx).Take(&r, id).Error; err != nil {
		return bot.Member{}, wrapErr("member", err)
	}
	return r.toMember(), nil
}

// MemberLeft records that the member left on a day, for a reason, with an
// audit entry. A member who has already left is left as is.
func (t *Tx) MemberLeft(ctx context.Context, memberID int64, on time.Time, reason string, actorID int64, at time.Time) error {
	before, err := t.Member(ctx, memberID)
	if err != nil {
		return err
	}
	if before.LeftOn != nil {
		return nil
	}
	reason = strings.TrimSpace(reason)
	err = t.q(ctx).Model(&memberRow{}).Where("id = ?", memberID).
		Updates(map[string]any{"left_on": toDB(on), "left_reason": reason}).Error
	if err != nil {
		return wrapErr("member left", err)
	}
	after := before
	after.LeftOn, after.LeftReason = fromDBPtr(&on), reason
	return t.audit(ctx, actorID, at, entityMember, memberID, actionLeave, before, after)
}
