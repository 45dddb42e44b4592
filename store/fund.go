package store

import (
	"context"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// fundReportRow is a row of fund_reports.
type fundReportRow struct {
	ID               int64
	ClubID           int64
	AsOf             time.Time
	IncomeFund       int64
	ActivityFund     int64
	LoansOutstanding int64
	MembersWithLoans int
	ReportedBy       *int64
	SourceKey        string
	WithdrawnAt      *time.Time
	Note             string
}

// TableName names the table.
func (fundReportRow) TableName() string { return "fund_reports" }

// toFundReport converts a row to a bot.FundReport.
func (r fundReportRow) toFundReport() bot.FundReport {
	return bot.FundReport{
		ID: r.ID, ClubID: r.ClubID, AsOf: fromDB(r.AsOf),
		IncomeFund: r.IncomeFund, ActivityFund: r.ActivityFund,
		LoansOutstanding: r.LoansOutstanding, MembersWithLoans: r.MembersWithLoans,
		ReportedBy: idOf(r.ReportedBy), SourceKey: r.SourceKey,
		WithdrawnAt: fromDBPtr(r.WithdrawnAt), Note: r.Note,
	}
}

// fundReportToRow converts a bot.FundReport to a row.
func fundReportToRow(f bot.FundReport) fundReportRow {
	return fundReportRow{
		ID: f.ID, ClubID: f.ClubID, AsOf: toDB(f.AsOf),
		IncomeFund: f.IncomeFund, ActivityFund: f.ActivityFund,
		LoansOutstanding: f.LoansOutstanding, MembersWithLoans: f.MembersWithLoans,
		ReportedBy: idPtr(f.ReportedBy), SourceKey: f.SourceKey,
		WithdrawnAt: toDBPtr(f.WithdrawnAt), Note: f.Note,
	}
}

// LastFundReport returns the club's report with the latest date (the
// latest stored among reports of the same date), or ENOTFOUND. Withdrawn
// reports do not count.
func (t *Tx) LastFundReport(ctx context.Context, clubID int64) (bot.FundReport, error) {
	var r fundReportRow
	err := t.q(ctx).Where("club_id = ? AND withdrawn_at IS NULL", clubID).Order("as_of DESC, id DESC").Take(&r).Error
	if err != nil {
		return bot.FundReport{}, wrapErr("last fund report", err)
	}
	return r.toFundReport(), nil
}

// AddFundReport stores r with an audit entry and sets r.ID, once per
// non-empty SourceKey: if the key is stored, r gets that report's id and
// nothing is written. A zero ReportedBy is taken as actorID.
func (t *Tx) AddFundReport(ctx context.Context, r *bot.FundReport, actorID int64, at time.Time) error {
	if r == nil {
		return invalid("add fund report: no report")
	}
	if id, err := t.idBySourceKey(ctx, "fund_reports", r.SourceKey); err != nil || id != 0 {
		if id != 0 {
			r.ID = id
		}
		return err
	}
	switch {
	case r.AsOf.IsZero():
		return invalid("add fund report: no date")
	case r.IncomeFund < 0 || r.ActivityFund < 0 || r.LoansOutstanding < 0 || r.MembersWithLoans < 0:
		return invalid("add fund report: negative amount")
	}
	if r.ReportedBy == 0 {
		r.ReportedBy = actorID
	}
	// The audit entry's "before" is the club's latest report until now,
	// so that the log shows how the funds moved.
	var before any
	if last, err := t.LastFundReport(ctx, r.ClubID); err == nil {
		before = last
	} else if bot.ErrorCode(err) != bot.ENOTFOUND {
		return err
	}
	row := fundReportToRow(*r)
	row.ID = 0
	if err := t.q(ctx).Create(&row).Error; err != nil {
		return wrapErr("add fund report", err)
	}
	r.ID = row.ID
	return t.audit(ctx, actorID, at, entityFundReport, row.ID, actionCreate, before, row.toFundReport())
}
