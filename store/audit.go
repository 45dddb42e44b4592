package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// Entities and actions written to the audit log.
const (
	entityClub       = "club"
	entityMember     = "member"
	entityFundReport = "fund_report"
	entityInvite     = "invite"
	entityUser       = "user"

	actionCreate = "create"
	actionLeave  = "leave"
	actionRedeem = "redeem"
	actionRevoke = "revoke"
)

// AuditEntry is one change to club data: who made it, when, and the record
// before and after as JSON (null for a creation's Before).
type AuditEntry struct {
	ID       int64
	At       time.Time
	UserID   int64 // 0: the system
	Entity   string
	EntityID int64
	Action   string
	Before   json.RawMessage
	After    json.RawMessage
}

// auditRow is a row of audit_log.
type auditRow struct {
	ID       int64
	At       time.Time
	UserID   *int64
	Entity   string
	EntityID int64
	Action   string
	Before   *string
	After    *string
}

// TableName names the table.
func (auditRow) TableName() string { return "audit_log" }

// audit writes an audit entry in t. before and after are encoded as JSON;
// nil gives NULL.
func (t *Tx) audit(ctx context.Context, actorID int64, at time.Time, entity string, id int64, action string, before, after any) error {
	row := auditRow{At: toDB(at), UserID: idPtr(actorID), Entity: entity, EntityID: id, Action: action}
	var err error
	if row.Before, err = jsonText(before); err != nil {
		return err
	}
	if row.After, err = jsonText(after); err != nil {
		return err
	}
	return wrapErr("audit "+entity, t.q(ctx).Create(&row).Error)
}

// jsonText encodes v as JSON text, or returns nil for nil.
func jsonText(v any) (*string, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, bot.Errorf(bot.EINTERNAL, "encode audit record: %v", err)
	}
	s := string(b)
	return &s, nil
}

// AuditLog returns the latest audit entries, newest first; all of them if
// limit is not positive.
func (d *DB) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	var rows []auditRow
	if err := d.gorm.WithContext(ctx).Order("id DESC").Limit(limitOrAll(limit)).Find(&rows).Error; err != nil {
		return nil, wrapErr("audit log", err)
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = AuditEntry{ID: r.ID, At: fromDB(r.At), UserID: idOf(r.UserID),
			Entity: r.Entity, EntityID: r.EntityID, Action: r.Action,
			Before: rawJSON(r.Before), After: rawJSON(r.After)}
	}
	return out, nil
}

// rawJSON returns stored JSON text, or nil for NULL.
func rawJSON(s *string) json.RawMessage {
	if s == nil {
		return nil
	}
	return json.RawMessage(*s)
}
