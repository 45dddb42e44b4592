package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// entityActivityReport names activity reports in the audit log.
const entityActivityReport = "activity_report"

// activityReportRow is a row of activity_reports. The activities carried
// out are one JSON column (a list of keys with their counts) rather than a
// child table: a report is read, saved, corrected and audited whole, the
// keys are the plan's data and may change between plans, and the club-life
// rules count them in Go (bot/activity.go), never in SQL.
type activityReportRow struct {
	ID          int64
	ClubID      int64
	Month       time.Time
	MeetingHeld bool
	MeetingOn   *time.Time
	Attendance  int
	Activities  string
	ReportedBy  *int64
	SourceKey   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// TableName names the table.
func (activityReportRow) TableName() string { return "activity_reports" }

// toActivityReport converts a row to a bot.ActivityReport.
func (r activityReportRow) toActivityReport() bot.ActivityReport {
	out := bot.ActivityReport{ID: r.ID, ClubID: r.ClubID, Month: fromDB(r.Month), MeetingHeld: r.MeetingHeld,
		MeetingOn: fromDBPtr(r.MeetingOn), Attendance: r.Attendance, ReportedBy: idOf(r.ReportedBy),
		SourceKey: r.SourceKey, CreatedAt: fromDB(r.CreatedAt), UpdatedAt: fromDB(r.UpdatedAt)}
	_ = json.Unmarshal([]byte(r.Activities), &out.Done) // a bad column reads as no activity
	return out
}

// activityReportToRow converts a bot.ActivityReport to a row.
func activityReportToRow(r bot.ActivityReport) (activityReportRow, error) {
	done := r.Done
	if done == nil {
		done = []bot.ActivityDone{}
	}
	b, err := json.Marshal(done)
	if err != nil {
		return activityReportRow{}, invalid("activity report: %v", err)
	}
	return activityReportRow{ID: r.ID, ClubID: r.ClubID, Month: toDB(r.Month), MeetingHeld: r.MeetingHeld,
		MeetingOn: toDBPtr(r.MeetingOn), Attendance: r.Attendance, Activities: string(b),
		ReportedBy: idPtr(r.ReportedBy), SourceKey: r.SourceKey, CreatedAt: toDB(r.CreatedAt), UpdatedAt: toDB(r.UpdatedAt)}, nil
}

// checkActivityReport refuses a report without its month or with figures
// that cannot be.
func checkActivityReport(r bot.ActivityReport) error {
	switch {
	case r.Month.IsZero() || r.ClubID == 0:
		return invalid("activity report: no club or month")
	case r.Attendance < 0:
		return invalid("activity report: negative attendance")
	case r.MeetingHeld != (r.MeetingOn != nil):
		return invalid("activity report: a meeting's date without the meeting, or the reverse")
	}
	for _, d := range r.Done {
		if d.Count != nil && *d.Count < 0 {
			return invalid("activity report: negative count of %s", d.Key)
		}
	}
	return nil
}

// ActivityReports returns the club's reports of the months from since on,
// by month.
func (t *Tx) ActivityReports(ctx context.Context, clubID int64, since time.Time) ([]bot.ActivityReport, error) {
	var rows []activityReportRow
	err := t.q(ctx).Where("club_id = ? AND month >= ?", clubID, toDB(since)).Order("month").Find(&rows).Error
	if err != nil {
		return nil, wrapErr("activity reports", err)
	}
	out := make([]bot.ActivityReport, len(rows))
	for i, r := range rows {
		out[i] = r.toActivityReport()
	}
	return out, nil
}

// AddActivityReport stores r with an audit entry and sets r.ID, once per
// non-empty SourceKey: if the key is stored, r gets that report's id and
// nothing is written. ECONFLICT when the club already has a report of the
// month (the engine offers to correct it instead). A zero ReportedBy is
// taken as actorID.
func (t *Tx) AddActivityReport(ctx context.Context, r *bot.ActivityReport, actorID int64, at time.Time) error {
	if r == nil {
		return invalid("add activity report: no report")
	}
	if id, err := t.idBySourceKey(ctx, "activity_reports", r.SourceKey); err != nil || id != 0 {
		if id != 0 {
			r.ID = id
		}
		return err
	}
	if err := checkActivityReport(*r); err != nil {
		return err
	}
	if r.ReportedBy == 0 {
		r.ReportedBy = actorID
	}
	r.CreatedAt, r.UpdatedAt = at, at
	row, err := activityReportToRow(*r)
	if err != nil {
		return err
	}
	row.ID = 0
	if err := t.q(ctx).Create(&row).Error; err != nil {
		return wrapErr("add activity report", err)
	}
	r.ID = row.ID
	return t.audit(ctx, actorID, at, entityActivityReport, row.ID, actionCreate, nil, row.toActivityReport())
}

// CorrectActivityReport replaces the answers of report r.ID (the meeting,
// its date and attendance, the activities and counts) with r's, keeping
// its club, month and source, with an audit entry old -> new. A correction
// that changes nothing writes nothing, so a retried step is harmless.
func (t *Tx) CorrectActivityReport(ctx context.Context, r bot.ActivityReport, actorID int64, at time.Time) error {
	var row activityReportRow
	if err := t.q(ctx).Take(&row, r.ID).Error; err != nil {
		return wrapErr("correct activity report", err)
	}
	before := row.toActivityReport()
	after := before
	after.MeetingHeld, after.MeetingOn, after.Attendance, after.Done = r.MeetingHeld, r.MeetingOn, r.Attendance, r.Done
	if err := checkActivityReport(after); err != nil {
		return err
	}
	newRow, err := activityReportToRow(after)
	if err != nil {
		return err
	}
	if newRow.MeetingHeld == row.MeetingHeld && sameTime(newRow.MeetingOn, row.MeetingOn) &&
		newRow.Attendance == row.Attendance && newRow.Activities == row.Activities {
		return nil
	}
	after.UpdatedAt = at
	err = t.q(ctx).Model(&activityReportRow{}).Where("id = ?", r.ID).Updates(map[string]any{
		"meeting_held": newRow.MeetingHeld, "meeting_on": newRow.MeetingOn, "attendance": newRow.Attendance,
		"activities": newRow.Activities, "updated_at": toDB(at)}).Error
	if err != nil {
		return wrapErr("correct activity report", err)
	}
	return t.audit(ctx, actorID, at, entityActivityReport, r.ID, actionCorrect, before, after)
}

// sameTime reports whether two optional times are both absent or equal.
func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Equal(*b)
}

// activityStatsSQL reads the activity reports of the months from :since on,
// for ClubStats.
const activityStatsSQL = `SELECT id, club_id, month, meeting_held, meeting_on, attendance, activities,
	COALESCE(reported_by, 0), source_key, created_at, updated_at
FROM activity_reports WHERE month >= ? AND month <= ? AND club_id BETWEEN ? AND ? ORDER BY club_id, month`

// addActivityReports fills in each club's activity reports of the last
// four months, asOf's month included and none after it (a digest of a
// past day sees what was known then): one query for every club.
func (d *DB) addActivityReports(ctx context.Context, stats []bot.ClubStat, asOf time.Time) error {
	if len(stats) == 0 {
		return nil
	}
	_, month := bot.Month(asOf)
	lo, hi := stats[0].Club.ID, stats[0].Club.ID
	for _, s := range stats {
		lo, hi = min(lo, s.Club.ID), max(hi, s.Club.ID)
	}
	rows, err := d.sql.QueryContext(ctx, d.dialect.rebind(activityStatsSQL), toDB(month.AddDate(0, -bot.QuarterMonths, 0)), toDB(month), lo, hi)
	if err != nil {
		return wrapErr("activity reports", err)
	}
	defer rows.Close()
	byClub := map[int64][]bot.ActivityReport{}
	for rows.Next() {
		var r activityReportRow
		var by int64
		if err := rows.Scan(&r.ID, &r.ClubID, &r.Month, &r.MeetingHeld, &r.MeetingOn, &r.Attendance, &r.Activities,
			&by, &r.SourceKey, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return wrapErr("activity reports", err)
		}
		r.ReportedBy = idPtr(by)
		byClub[r.ClubID] = append(byClub[r.ClubID], r.toActivityReport())
	}
	if err := rows.Err(); err != nil {
		return wrapErr("activity reports", err)
	}
	for i := range stats {
		stats[i].Activity = byClub[stats[i].Club.ID]
	}
	return nil
}

// schemaV13Activity is the monthly activity reports, and the plan's list
// of activities and its full set.
var schemaV13Activity = []string{
	`CREATE TABLE activity_reports (
		id INTEGER PRIMARY KEY,
		club_id INTEGER NOT NULL REFERENCES clubs(id),
		month DATETIME NOT NULL,
		meeting_held BOOLEAN NOT NULL DEFAULT 0,
		meeting_on DATETIME,
		attendance INTEGER NOT NULL DEFAULT 0,
		activities TEXT NOT NULL DEFAULT '[]',
		reported_by INTEGER REFERENCES users(id),
		source_key TEXT NOT NULL DEFAULT '',
		created_at DATETIME NOT NULL,
		updated_at DATETIME NOT NULL)`,
	`CREATE UNIQUE INDEX idx_activity_reports_club_month ON activity_reports(club_id, month)`,
	`CREATE INDEX idx_activity_reports_month ON activity_reports(month)`,
	`CREATE UNIQUE INDEX idx_activity_reports_source_key ON activity_reports(source_key) WHERE source_key <> ''`,
	`ALTER TABLE plans ADD COLUMN activities TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE plans ADD COLUMN full_set TEXT NOT NULL DEFAULT ''`,
	`ALTER TABLE plans ADD COLUMN full_set_target_percent INTEGER NOT NULL DEFAULT 0`,
}
