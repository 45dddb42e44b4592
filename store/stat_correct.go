package store

import (
	"context"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// correctionsSQL counts the corrections of the week ending on :as_of by
// club and kind: members' details corrected, departures undone, fund
// reports corrected or withdrawn. The week's few entries come from the
// partial index on the audit log's corrections; the || ” keeps SQLite
// from reading every member's entry through the index on entity instead
// (unary +, SQLite's idiom for it, is not defined on text in PostgreSQL).
const correctionsSQL = `SELECT CASE a.entity
		WHEN 'member' THEN (SELECT m.club_id FROM members m WHERE m.id = a.entity_id)
		ELSE (SELECT f.club_id FROM fund_reports f WHERE f.id = a.entity_id) END AS club_id,
	a.entity, a.action, COUNT(*)
FROM audit_log a
WHERE a.action IN ` + correctionActionsSQL + ` AND a.entity || '' IN ('member', 'fund_report')
	AND a.at > ? AND a.at <= ?
GROUP BY 1, 2, 3`

// countCorrections fills in the week's corrections of each club of stats.
func (d *DB) countCorrections(ctx context.Context, stats []bot.ClubStat, asOf time.Time) error {
	rows, err := d.sql.QueryContext(ctx, d.dialect.rebind(correctionsSQL), toDB(asOf.AddDate(0, 0, -7)), toDB(asOf))
	if err != nil {
		return wrapErr("count corrections", err)
	}
	defer rows.Close()
	byClub := map[int64]bot.Corrections{}
	for rows.Next() {
		var clubID *int64
		var entity, action string
		var n int
		if err := rows.Scan(&clubID, &entity, &action, &n); err != nil {
			return wrapErr("count corrections", err)
		}
		c := byClub[idOf(clubID)]
		switch entity + "." + action {
		case entityMember + "." + actionUpdate:
			c.MembersEdited += n
		case entityMember + "." + actionRejoin:
			c.MembersRejoined += n
		case entityFundReport + "." + actionCorrect:
			c.FundsCorrected += n
		case entityFundReport + "." + actionWithdraw:
			c.FundsWithdrawn += n
		}
		byClub[idOf(clubID)] = c
	}
	if err := rows.Err(); err != nil {
		return wrapErr("count corrections", err)
	}
	for i := range stats {
		stats[i].Corrections = byClub[stats[i].Club.ID]
	}
	return nil
}
