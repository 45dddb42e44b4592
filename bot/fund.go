package bot

import "time"

// FundReport is a club's fund balances on a day. Money is in đồng.
type FundReport struct {
	ID               int64
	ClubID           int64
	AsOf             time.Time
	IncomeFund       int64 // Quỹ tăng thu nhập
	ActivityFund     int64 // Quỹ hoạt động
	LoansOutstanding int64
	MembersWithLoans int
	ReportedBy       int64 // user id
	SourceKey        string
	// WithdrawnAt is when the leader withdrew the report: it is kept for
	// the audit log but counts nowhere.
	WithdrawnAt *time.Time `json:",omitempty"`
	// Note is the reason given for the latest correction or withdrawal.
	Note string `json:",omitempty"`
}
