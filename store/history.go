package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// historySQL reads the audit log newest first, with the name of who made
// each change, the club it concerns (a member's, a fund report's, a
// leader's invite's) and, for access revoked, whose. {scope} is replaced
// by the scope's condition on the club c.
const historySQL = `SELECT a.id, a.at, COALESCE(u.name, '') AS actor, a.entity, a.action,
	COALESCE(a.before, '') AS before, COALESCE(a.after, '') AS after,
	COALESCE(c.name, '') AS club, COALESCE(s.name, '') AS subject
FROM audit_log a
LEFT JOIN users u ON u.id = a.user_id
LEFT JOIN users s ON a.entity = 'user' AND s.id = a.entity_id
LEFT JOIN clubs c ON c.id = CASE a.entity
	WHEN 'club' THEN a.entity_id
	WHEN 'member' THEN (SELECT m.club_id FROM members m WHERE m.id = a.entity_id)
	WHEN 'fund_report' THEN (SELECT f.club_id FROM fund_reports f WHERE f.id = a.entity_id)
	WHEN 'invite' THEN (SELECT i.scope_club_id FROM invites i WHERE i.id = a.entity_id)
	WHEN 'fund_review' THEN (SELECT v.club_id FROM fund_reviews v WHERE v.id = a.entity_id)
	WHEN 'activity_report' THEN (SELECT r.club_id FROM activity_reports r WHERE r.id = a.entity_id)
	END
WHERE 1 = 1 {scope}
ORDER BY a.id DESC
LIMIT :limit OFFSET :offset`

// historyRow is a row of historySQL.
type historyRow struct {
	ID      int64
	At      time.Time
	Actor   string
	Entity  string
	Action  string
	Before  string
	After   string
	Club    string
	Subject string
}

// History returns the changes in scope, newest first, skipping offset and
// returning at most limit. EINVALID for a scope without its id.
func (t *Tx) History(ctx context.Context, scope bot.Scope, offset, limit int) ([]bot.Change, error) {
	cond, args, err := t.historyScope(ctx, scope)
	if err != nil {
		return nil, err
	}
	args = append(args, sql.Named("limit", limit), sql.Named("offset", max(offset, 0)))
	var rows []historyRow
	if err := t.raw(ctx, replaceAll(historySQL, "{scope}", cond), args).Scan(&rows).Error; err != nil {
		return nil, wrapErr("history", err)
	}
	out := make([]bot.Change, len(rows))
	for i, r := range rows {
		out[i] = bot.Change{ID: r.ID, At: fromDB(r.At), Actor: r.Actor, Entity: r.Entity, Action: r.Action,
			Club: r.Club, Subject: r.Subject, Before: []byte(r.Before), After: []byte(r.After)}
	}
	return out, nil
}

// historyScope is the condition on the club c of a change in scope, and
// its arguments: changes to no club are the province's only.
func (t *Tx) historyScope(ctx context.Context, scope bot.Scope) (string, []any, error) {
	switch {
	case scope.Kind == bot.ScopeProvince:
		return "", nil, nil
	case scope.Kind == bot.ScopeClub && scope.ClubID != nil:
		return "AND c.id = :scope_id", []any{sql.Named("scope_id", *scope.ClubID)}, nil
	case scope.Kind != bot.ScopeUnit || scope.UnitID == nil:
		return "", nil, invalid("history: scope %q without its id", scope.Kind)
	}
	u, err := t.Unit(ctx, *scope.UnitID)
	if err != nil {
		return "", nil, err
	}
	cond := clubsInUnitCond(u.Level)
	if cond == "" {
		return "", nil, nil // the province unit: everything
	}
	return "AND c.id IS NOT NULL " + cond, []any{sql.Named("scope_id", *scope.UnitID)}, nil
}
