package bot

import (
	"context"
	"time"
)

// Checks a fund report can trip. Each is a reason for an officer to look
// at the report (/review), even when the leader confirmed the figures.
const (
	CheckNoLoans     = "no_loans"     // no loans outstanding, yet members with loans
	CheckNoBorrowers = "no_borrowers" // loans outstanding, yet no member with a loan
	CheckIncomeZero  = "income_zero"  // the income fund dropped to 0
	CheckActivZero   = "activity_zero"
	CheckBigChange   = "big_change" // a fund moved by more than half
)

// Ways a review is resolved.
const (
	ResolvedApproved  = "approved"  // an officer approved the figures
	ResolvedConfirmed = "confirmed" // the leader, asked, said they are right
	ResolvedCorrected = "corrected" // the leader, asked, reported again
)

// FundReview is a fund report that tripped a check, waiting for an
// officer: approved, or asked about and answered by the club's leader.
type FundReview struct {
	ID       int64
	ReportID int64
	ClubID   int64
	ClubName string // filled when read
	Flags    []string
	Report   FundReport
	Previous *FundReport // the club's report before this one, if any
	Created  time.Time
	// Question is what an officer asked the leader; AskedBy who, at Asked.
	Question string
	AskedBy  int64
	Asked    time.Time
	// Delivered is when the question reached the leader: a leader in the
	// middle of a dialogue gets it when the dialogue ends.
	Delivered  time.Time
	Resolved   time.Time
	Resolution string
}

// ReviewReader reads the fund reports under review and whom to ask.
type ReviewReader interface {
	// OpenReviews returns the unresolved reviews of the clubs in scope,
	// oldest first.
	OpenReviews(ctx context.Context, scope Scope) ([]FundReview, error)
	// FundReview returns one review, or ENOTFOUND.
	FundReview(ctx context.Context, id int64) (FundReview, error)
	// UndeliveredQuestions returns the open reviews of a club whose
	// question has not reached its leader yet.
	UndeliveredQuestions(ctx context.Context, clubID int64) ([]FundReview, error)
	// DeliveredQuestions returns the open reviews of a club whose question
	// reached its leader, newest first.
	DeliveredQuestions(ctx context.Context, clubID int64) ([]FundReview, error)
	// ClubLeaders returns the club's leaders once per linked chat account.
	ClubLeaders(ctx context.Context, clubID int64) ([]Recipient, error)
	// UserAccounts returns a user's reachable chat accounts.
	UserAccounts(ctx context.Context, userID int64) ([]Recipient, error)
	// CountOpenReviews counts the unresolved reviews of the clubs in scope.
	CountOpenReviews(ctx context.Context, scope Scope) (int, error)
}

// ReviewWriter stores, asks and resolves the reviews of fund reports.
type ReviewWriter interface {
	// AddFundReview stores a review of r.ReportID, once per report.
	AddFundReview(ctx context.Context, r *FundReview, at time.Time) error
	// AskReview records the officer's question to the leader.
	AskReview(ctx context.Context, id int64, question string, actorID int64, at time.Time) error
	// MarkReviewDelivered records that the question reached the leader.
	MarkReviewDelivered(ctx context.Context, id int64, at time.Time) error
	// ResolveReview closes a review with an audit entry; a review already
	// resolved is left as is and reported false.
	ResolveReview(ctx context.Context, id int64, resolution string, actorID int64, at time.Time) (bool, error)
}

// FundChecks returns the checks report r trips against the club's
// previous report (nil if none): the one definition used both by the
// questions of the fund dialogue and by the review flags.
func FundChecks(r FundReport, previous *FundReport) []string {
	var flags []string
	if key := LoanMismatch(r.LoansOutstanding, int64(r.MembersWithLoans)); key != "" {
		flags = append(flags, key)
	}
	if previous == nil {
		return flags
	}
	if DroppedToZero(previous.IncomeFund, r.IncomeFund) {
		flags = append(flags, CheckIncomeZero)
	}
	if DroppedToZero(previous.ActivityFund, r.ActivityFund) {
		flags = append(flags, CheckActivZero)
	}
	if MovedByHalf(previous.IncomeFund, r.IncomeFund) || MovedByHalf(previous.ActivityFund, r.ActivityFund) {
		flags = append(flags, CheckBigChange)
	}
	return flags
}

// LoanMismatch names the check that loans outstanding and members with
// loans contradict each other, or "".
func LoanMismatch(loans, borrowers int64) string {
	switch {
	case loans == 0 && borrowers > 0:
		return CheckNoLoans
	case loans > 0 && borrowers == 0:
		return CheckNoBorrowers
	}
	return ""
}

// DroppedToZero reports a balance that was positive and is now 0.
func DroppedToZero(before, now int64) bool { return before > 0 && now == 0 }

// MovedByHalf reports a balance that moved by more than half of what it
// was: most such answers are a missing or extra zero.
func MovedByHalf(before, now int64) bool {
	diff := now - before
	if diff < 0 {
		diff = -diff
	}
	return before > 0 && diff*2 > before
}
