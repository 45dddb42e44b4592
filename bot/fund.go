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
}
