package store

import (
	"context"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// schemaCorrections lets a leader withdraw a fund report (the row stays, for
// the audit log, but counts nowhere) and give a reason for a correction. The
// partial index serves the "latest report that counts" of every club; the
// one on the audit log, the week's corrections the digest counts.
var schemaCorrections = []string{
	`ALTER TABLE fund_reports ADD COLUMN withdrawn_at DATETIME`,
	`ALTER TABLE fund_reports ADD COLUMN note TEXT NOT NULL DEFAULT ''`,
	`CREATE INDEX idx_fund_reports_current ON fund_reports(club_id, as_of) WHERE withdrawn_at IS NULL`,
	`CREATE INDEX idx_audit_log_corrections ON audit_log(at) WHERE action IN ('update', 'rejoin', 'correct', 'withdraw')`,
}

// Actions of corrections in the audit log. correctionActionsSQL lists them
// as idx_audit_log_corrections does, so that SQLite uses that index.
const (
	actionUpdate   = "update"   // a member's details corrected
	actionRejoin   = "rejoin"   // a departure undone
	actionCorrect  = "correct"  // a fund report's figures corrected
	actionWithdraw = "withdraw" // a fund report withdrawn

	correctionActionsSQL = `('update', 'rejoin', 'correct', 'withdraw')`
)

// CorrectFundReport replaces the figures of the stored report r.ID with
// r's, keeping its date and who reported it, and records the reason and an
// audit entry with the figures before and after. The report is corrected in
// place: it stays the one the club reported that day. ENOTFOUND for no such
// report, ECONFLICT for a withdrawn one; nothing is written when no figure
// changes.
func (t *Tx) CorrectFundReport(ctx context.Context, r bot.FundReport, reason string, actorID int64, at time.Time) error {
	var row fundReportRow
	if err := t.q(ctx).Take(&row, r.ID).Error; err != nil {
		return wrapErr("correct fund report", err)
	}
	switch {
	case row.WithdrawnAt != nil:
		return bot.Errorf(bot.ECONFLICT, "correct fund report: report %d was withdrawn", r.ID)
	case r.IncomeFund < 0 || r.ActivityFund < 0 || r.LoansOutstanding < 0 || r.MembersWithLoans < 0:
		return invalid("correct fund report: negative amount")
	}
	before := row.toFundReport()
	if before.IncomeFund == r.IncomeFund && before.ActivityFund == r.ActivityFund &&
		before.LoansOutstanding == r.LoansOutstanding && before.MembersWithLoans == r.MembersWithLoans {
		return nil
	}
	after := before
	after.IncomeFund, after.ActivityFund = r.IncomeFund, r.ActivityFund
	after.LoansOutstanding, after.MembersWithLoans = r.LoansOutstanding, r.MembersWithLoans
	after.Note = strings.TrimSpace(reason)
	err := t.q(ctx).Model(&fundReportRow{}).Where("id = ?", r.ID).Updates(map[string]any{
		"income_fund": after.IncomeFund, "activity_fund": after.ActivityFund,
		"loans_outstanding": after.LoansOutstanding, "members_with_loans": after.MembersWithLoans,
		"note": after.Note}).Error
	if err != nil {
		return wrapErr("correct fund report", err)
	}
	return t.audit(ctx, actorID, at, entityFundReport, r.ID, actionCorrect, before, after)
}

// WithdrawFundReport marks the report withdrawn, for a reason, with an audit
// entry: the row stays, but no figure, reminder or spreadsheet counts it any
// more. A report already withdrawn is left as is, so a retried step is
// harmless. ENOTFOUND for no such report.
func (t *Tx) WithdrawFundReport(ctx context.Context, id int64, reason string, actorID int64, at time.Time) error {
	var row fundReportRow
	if err := t.q(ctx).Take(&row, id).Error; err != nil {
		return wrapErr("withdraw fund report", err)
	}
	if row.WithdrawnAt != nil {
		return nil
	}
	before := row.toFundReport()
	after := before
	when := toDB(at)
	after.WithdrawnAt, after.Note = fromDBPtr(&when), strings.TrimSpace(reason)
	err := t.q(ctx).Model(&fundReportRow{}).Where("id = ?", id).
		Updates(map[string]any{"withdrawn_at": when, "note": after.Note}).Error
	if err != nil {
		return wrapErr("withdraw fund report", err)
	}
	return t.audit(ctx, actorID, at, entityFundReport, id, actionWithdraw, before, after)
}
