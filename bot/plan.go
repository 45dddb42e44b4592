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
	// Activities are what a club may carry out, as the plan lists them;
	// FullSetKeys are the keys of those that make the full set, and
	// FullSetTargetPercent the share of clubs that should carry it out
	// (the national project: at least 70%). See bot/activity.go.
	Activities           []Activity
	FullSetKeys          []string
	FullSetTargetPercent int
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

// MeetsStartingFund reports whether club c started with the fund the plan
// asks of each club. Decision 1336/QĐ-TTg speaks of each club's starting
// fund (vốn ban đầu), so what is measured is the starting fund registered
// when the club was founded (Club.StartingFund, from /newclub or the
// import), not the balances of its latest fund report, which rise and fall
// with loans and are shown beside it. The digest, /status, /club, the
// officers' summaries and the spreadsheet all count with this one rule.
func (p Plan) MeetsStartingFund(c Club) bool {
	return c.StartingFund >= p.MinStartingFund
}

// IsNewClub reports whether club c is one of the plan's new clubs: founded
// within the plan's period, its first and last days included. It is the
// one rule behind "CLB thành lập mới" everywhere: the plan's line of the
// digest, its "this week" line (the new clubs founded in the week), the
// chart and the spreadsheet. A club founded after the plan ended is new
// under the next plan, once it is loaded, not under this one.
func (p Plan) IsNewClub(c Club) bool {
	return p.InPeriod(c.FoundedOn)
}

// InPeriod reports whether day t falls in the plan's period, its last day
// counted whole.
func (p Plan) InPeriod(t time.Time) bool {
	return !t.Before(p.PeriodFrom) && t.Before(p.end())
}

// Ended reports whether the plan's period is over at now: its last day has
// passed. An ended plan is shown with its final result.
func (p Plan) Ended(now time.Time) bool {
	return !p.PeriodTo.IsZero() && !now.Before(p.end())
}

// end is the first moment after the plan's period.
func (p Plan) end() time.Time {
	return p.PeriodTo.AddDate(0, 0, 1)
}

// CountedByPlan reports whether club c counts toward the plan's target of
// clubs: one founded by the plan's last day. While the plan runs this is
// every club; once it has ended, the clubs founded since belong to the next
// plan, so the final result stays as it was on the last day (less the
// clubs dissolved since, which are no longer counted).
func (p Plan) CountedByPlan(c Club) bool {
	return p.PeriodTo.IsZero() || c.FoundedOn.Before(p.end())
}
