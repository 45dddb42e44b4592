package bot

import "time"

// Plan is a province's targets under a national decision. It is data: the
// 2021-2025 plan under Decision 1336/QĐ-TTg ships embedded, and later plans
// (Decision 1648/QĐ-TTg, to 2035) are loaded from a file.
type Plan struct {
	ID                 int64
	Name               string
	Decision           string // "1336/QĐ-TTg"
	ProvinceUnitID     int64
	PeriodFrom         time.Time
	PeriodTo           time.Time
	TargetClubs        int   // clubs in operation at the end of the period
	TargetNewClubs     int   // new clubs founded in the period
	TargetNewMembers   int   // members of new clubs
	TargetOlderPercent int   // share of older people among new members, more than
	TargetUnitsCovered int   // percent of district-level units with a club
	MinStartingFund    int64 // đồng per club
	Norms              Norms
}

// Norms are the standards a club is measured against.
type Norms struct {
	MinMembers      int
	MaxMembers      int
	MinWomenPercent int
	MaxWomenPercent int
	MinOlderPercent int
	MaxOlderPercent int
	MinLoanPercent  int // members with loans, at least
}
