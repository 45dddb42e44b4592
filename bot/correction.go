package bot

import (
	"context"
	"time"
)

// Corrections counts what leaders corrected in a week: members' details,
// departures undone, fund reports corrected and withdrawn.
type Corrections struct {
	MembersEdited   int
	MembersRejoined int
	FundsCorrected  int
	FundsWithdrawn  int
}

// Add returns the sum of c and o.
func (c Corrections) Add(o Corrections) Corrections {
	return Corrections{c.MembersEdited + o.MembersEdited, c.MembersRejoined + o.MembersRejoined,
		c.FundsCorrected + o.FundsCorrected, c.FundsWithdrawn + o.FundsWithdrawn}
}

// Any reports whether anything was corrected.
func (c Corrections) Any() bool { return c != Corrections{} }

// CorrectionReader reads the members a leader may correct.
type CorrectionReader interface {
	// ClubMembers returns every member of the club, those who have left
	// included, in the order of their folded names.
	ClubMembers(ctx context.Context, clubID int64) ([]Member, error)
	// ActiveMembersNamed returns the club's active members with the same
	// name, ignoring case and diacritics, and year of birth.
	ActiveMembersNamed(ctx context.Context, clubID int64, name string, year int) ([]Member, error)
}

// CorrectionWriter corrects members and fund reports already saved.
type CorrectionWriter interface {
	// UpdateMember corrects a member's details (not the club, dates or
	// departure) with an audit entry old -> new, reporting whether anything
	// changed.
	UpdateMember(ctx context.Context, m Member, actorID int64, at time.Time) (bool, error)
	// UndoLeave makes a member who has left active again, with an audit
	// entry; a member who has not left is left as is.
	UndoLeave(ctx context.Context, memberID, actorID int64, at time.Time) error
	// CorrectFundReport replaces the figures of report r.ID with r's, with
	// the reason and an audit entry; ECONFLICT for a withdrawn report.
	CorrectFundReport(ctx context.Context, r FundReport, reason string, actorID int64, at time.Time) error
	// WithdrawFundReport marks a report withdrawn, with the reason and an
	// audit entry: it stays stored but counts nowhere.
	WithdrawFundReport(ctx context.Context, id int64, reason string, actorID int64, at time.Time) error
}
