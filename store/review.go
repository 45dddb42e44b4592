package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm/clause"

	"github.com/clubbot/clubbot/bot"
)

// schemaReviews keeps the fund reports that tripped a check until an
// officer approves them or the club's leader answers the officer's
// question (/review).
var schemaReviews = []string{
	`CREATE TABLE fund_reviews (
		id INTEGER PRIMARY KEY,
		fund_report_id INTEGER NOT NULL REFERENCES fund_reports(id),
		club_id INTEGER NOT NULL REFERENCES clubs(id),
		previous_id INTEGER REFERENCES fund_reports(id),
		flags TEXT NOT NULL,
		created_at DATETIME NOT NULL,
		question TEXT NOT NULL DEFAULT '',
		asked_by INTEGER REFERENCES users(id),
		asked_at DATETIME,
		delivered_at DATETIME,
		resolved_at DATETIME,
		resolved_by INTEGER REFERENCES users(id),
		resolution TEXT NOT NULL DEFAULT '')`,
	`CREATE UNIQUE INDEX idx_fund_reviews_report ON fund_reviews(fund_report_id)`,
	`CREATE INDEX idx_fund_reviews_open ON fund_reviews(club_id) WHERE resolved_at IS NULL`,
}

// entityFundReview is the audit log's name for a review's resolution.
const entityFundReview = "fund_review"

// fundReviewRow is a row of fund_reviews.
type fundReviewRow struct {
	ID           int64
	FundReportID int64
	ClubID       int64
	PreviousID   *int64
	Flags        string
	CreatedAt    time.Time
	Question     string
	AskedBy      *int64
	AskedAt      *time.Time
	DeliveredAt  *time.Time
	ResolvedAt   *time.Time
	ResolvedBy   *int64
	Resolution   string
}

// TableName names the table.
func (fundReviewRow) TableName() string { return "fund_reviews" }

// toReview converts a row to a bot.FundReview, without its reports.
func (r fundReviewRow) toReview() bot.FundReview {
	v := bot.FundReview{ID: r.ID, ReportID: r.FundReportID, ClubID: r.ClubID, Created: fromDB(r.CreatedAt),
		Question: r.Question, AskedBy: idOf(r.AskedBy), Resolution: r.Resolution}
	if r.Flags != "" {
		v.Flags = strings.Split(r.Flags, ",")
	}
	for _, p := range []struct {
		to   *time.Time
		from *time.Time
	}{{&v.Asked, r.AskedAt}, {&v.Delivered, r.DeliveredAt}, {&v.Resolved, r.ResolvedAt}} {
		if p.from != nil {
			*p.to = fromDB(*p.from)
		}
	}
	return v
}

// AddFundReview stores a review of r.ReportID and sets r.ID; a report
// already under review keeps its review (a retried step).
func (t *Tx) AddFundReview(ctx context.Context, r *bot.FundReview, at time.Time) error {
	if r == nil || r.ReportID == 0 || len(r.Flags) == 0 {
		return invalid("add fund review: no report or no flag")
	}
	row := fundReviewRow{FundReportID: r.ReportID, ClubID: r.ClubID, Flags: strings.Join(r.Flags, ","),
		CreatedAt: toDB(at)}
	if r.Previous != nil {
		row.PreviousID = idPtr(r.Previous.ID)
	}
	err := t.q(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error
	if err != nil {
		return wrapErr("add fund review", err)
	}
	var stored fundReviewRow
	if err := t.q(ctx).Where("fund_report_id = ?", r.ReportID).Take(&stored).Error; err != nil {
		return wrapErr("add fund review", err)
	}
	r.ID = stored.ID
	return nil
}

// FundReview returns the review with this id and its reports, or ENOTFOUND.
func (t *Tx) FundReview(ctx context.Context, id int64) (bot.FundReview, error) {
	var row fundReviewRow
	if err := t.q(ctx).Take(&row, id).Error; err != nil {
		return bot.FundReview{}, wrapErr("fund review", err)
	}
	out, err := t.withReports(ctx, []fundReviewRow{row})
	if err != nil {
		return bot.FundReview{}, err
	}
	return out[0], nil
}

// reviewedReportCurrent joins a review to its report unless the leader
// withdrew that report (/fundfix): a withdrawn report counts nowhere, so
// there is nothing left for an officer to approve or ask about.
const reviewedReportCurrent = `JOIN fund_reports fr ON fr.id = v.fund_report_id AND fr.withdrawn_at IS NULL`

// notWithdrawn is reviewedReportCurrent for a query of one club's reviews;
// it takes the club's id.
const notWithdrawn = `AND fund_report_id NOT IN (SELECT id FROM fund_reports WHERE club_id = ? AND withdrawn_at IS NOT NULL)`

// OpenReviews returns the unresolved reviews of the clubs in scope, oldest
// first, with their reports and club names.
func (t *Tx) OpenReviews(ctx context.Context, scope bot.Scope) ([]bot.FundReview, error) {
	cond, args, err := t.historyScope(ctx, scope)
	if err != nil {
		return nil, err
	}
	var rows []fundReviewRow
	q := `SELECT v.* FROM fund_reviews v JOIN clubs c ON c.id = v.club_id ` + reviewedReportCurrent + `
		WHERE v.resolved_at IS NULL AND c.status = 'active' ` + cond + ` ORDER BY v.id`
	if err := t.raw(ctx, q, args).Scan(&rows).Error; err != nil {
		return nil, wrapErr("open reviews", err)
	}
	return t.withReports(ctx, rows)
}

// CountOpenReviews counts the unresolved reviews of the active clubs in scope.
func (t *Tx) CountOpenReviews(ctx context.Context, scope bot.Scope) (int, error) {
	cond, args, err := t.historyScope(ctx, scope)
	if err != nil {
		return 0, err
	}
	var n int
	q := `SELECT COUNT(*) FROM fund_reviews v JOIN clubs c ON c.id = v.club_id ` + reviewedReportCurrent + `
		WHERE v.resolved_at IS NULL AND c.status = 'active' ` + cond
	return n, wrapErr("count open reviews", t.raw(ctx, q, args).Scan(&n).Error)
}

// CountOpenReviews counts the unresolved reviews in scope, outside any
// transaction (the digest).
func (d *DB) CountOpenReviews(ctx context.Context, scope bot.Scope) (int, error) {
	return d.direct().CountOpenReviews(ctx, scope)
}

// UndeliveredQuestions returns the club's open reviews whose question has
// not reached its leader.
func (t *Tx) UndeliveredQuestions(ctx context.Context, clubID int64) ([]bot.FundReview, error) {
	var rows []fundReviewRow
	err := t.q(ctx).Where("club_id = ? AND resolved_at IS NULL AND asked_at IS NOT NULL AND delivered_at IS NULL "+notWithdrawn, clubID, clubID).
		Order("id").Find(&rows).Error
	if err != nil {
		return nil, wrapErr("undelivered questions", err)
	}
	return t.withReports(ctx, rows)
}

// DeliveredQuestions returns the club's open reviews whose question
// reached its leader, newest first.
func (t *Tx) DeliveredQuestions(ctx context.Context, clubID int64) ([]bot.FundReview, error) {
	var rows []fundReviewRow
	err := t.q(ctx).Where("club_id = ? AND resolved_at IS NULL AND delivered_at IS NOT NULL "+notWithdrawn, clubID, clubID).
		Order("delivered_at DESC, id DESC").Find(&rows).Error
	if err != nil {
		return nil, wrapErr("delivered questions", err)
	}
	return t.withReports(ctx, rows)
}

// withReports converts rows, adding each one's report, previous report and
// club name.
func (t *Tx) withReports(ctx context.Context, rows []fundReviewRow) ([]bot.FundReview, error) {
	out := make([]bot.FundReview, len(rows))
	for i, r := range rows {
		v := r.toReview()
		var err error
		if v.Report, err = t.fundReport(ctx, r.FundReportID); err != nil {
			return nil, err
		}
		if r.PreviousID != nil {
			prev, err := t.fundReport(ctx, *r.PreviousID)
			if err != nil {
				return nil, err
			}
			v.Previous = &prev
		}
		club, err := t.Club(ctx, r.ClubID)
		if err != nil {
			return nil, err
		}
		v.ClubName = club.Name
		out[i] = v
	}
	return out, nil
}

// fundReport returns the fund report with this id, or ENOTFOUND.
func (t *Tx) fundReport(ctx context.Context, id int64) (bot.FundReport, error) {
	var r fundReportRow
	if err := t.q(ctx).Take(&r, id).Error; err != nil {
		return bot.FundReport{}, wrapErr("fund report", err)
	}
	return r.toFundReport(), nil
}

// AskReview records an officer's question about an open review; it is
// delivered later (MarkReviewDelivered). ENOTFOUND for no open review.
func (t *Tx) AskReview(ctx context.Context, id int64, question string, actorID int64, at time.Time) error {
	res := t.q(ctx).Model(&fundReviewRow{}).Where("id = ? AND resolved_at IS NULL", id).
		Updates(map[string]any{"question": bot.CleanText(question), "asked_by": idPtr(actorID),
			"asked_at": toDB(at), "delivered_at": nil})
	if res.Error != nil {
		return wrapErr("ask review", res.Error)
	}
	if res.RowsAffected == 0 {
		return notFound("open review %d", id)
	}
	return nil
}

// MarkReviewDelivered records that the review's question reached the leader.
func (t *Tx) MarkReviewDelivered(ctx context.Context, id int64, at time.Time) error {
	err := t.q(ctx).Model(&fundReviewRow{}).Where("id = ?", id).Update("delivered_at", toDB(at)).Error
	return wrapErr("mark review delivered", err)
}

// ResolveReview closes an open review with an audit entry and reports
// true; a review resolved already is left as is and reported false.
func (t *Tx) ResolveReview(ctx context.Context, id int64, resolution string, actorID int64, at time.Time) (bool, error) {
	before, err := t.FundReview(ctx, id)
	if err != nil {
		return false, err
	}
	res := t.q(ctx).Model(&fundReviewRow{}).Where("id = ? AND resolved_at IS NULL", id).
		Updates(map[string]any{"resolved_at": toDB(at), "resolved_by": idPtr(actorID), "resolution": resolution})
	if res.Error != nil || res.RowsAffected == 0 {
		return false, wrapErr("resolve review", res.Error)
	}
	after := before
	after.Resolved, after.Resolution = at, resolution
	return true, t.audit(ctx, actorID, at, entityFundReview, id, resolution, before, after)
}

// ClubLeaders returns the club's leaders once per linked, reachable chat
// account: private chats have the user's id as chat id.
func (t *Tx) ClubLeaders(ctx context.Context, clubID int64) ([]bot.Recipient, error) {
	return t.recipients(ctx, "users.role = ? AND users.scope_club_id = ?", string(bot.RoleLeader), clubID)
}

// UserAccounts returns the user's linked, reachable chat accounts.
func (t *Tx) UserAccounts(ctx context.Context, userID int64) ([]bot.Recipient, error) {
	return t.recipients(ctx, "users.id = ?", userID)
}
