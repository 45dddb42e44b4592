package bot

import "time"

// ClubStat is one club's figures on a day, counted in SQL: the unit of
// every digest, status answer and export. Member counts are of active
// members; the fund figures are those of the latest report on or before
// the day.
type ClubStat struct {
	Club         Club
	UnitName     string // commune-level unit
	DistrictID   int64  // former district-level unit, 0 if unknown
	DistrictName string

	Members   int
	Women     int
	Older     int // aged OlderAge or more in the day's year
	Joined    int // members who joined in the week before the day
	Left      int // members who left in the week before the day
	LastFund  *FundReport
	WeekFunds int64 // income + activity fund a week before the day, from the latest report then
	// Corrections are what the club's leader corrected in the week before the day.
	Corrections Corrections
	// Activity is the club's activity reports of the last four months, by
	// month, for the club-life rules (bot/activity.go).
	Activity []ActivityReport
}

// FundTotal is the club's income and activity funds from its latest
// report: what the club holds now, for the week's movement of funds. The
// plan's starting fund is measured by Plan.MeetsStartingFund instead.
func (c ClubStat) FundTotal() int64 {
	if c.LastFund == nil {
		return 0
	}
	return c.LastFund.IncomeFund + c.LastFund.ActivityFund
}

// Attention is a club the officers should look at, and why.
type Attention struct {
	Stat    ClubStat
	Reasons []string // message keys: "attention.no_report", "attention.members", ...
	Score   int      // how far from the norms; higher is worse
}

// UnitProgress is the plan's progress in one district-level unit, for the
// digest's chart.
type UnitProgress struct {
	UnitID   int64
	Name     string
	Clubs    int
	NewClubs int
	Members  int
	Life     ClubLife // meetings and the full set of activities (bot/activity.go)
}

// Digest is where a scope stands against the plan on a day, what changed in
// the week before, and which clubs need attention. It is data: messages/
// renders it as text, the chart and the spreadsheet draw it.
type Digest struct {
	ScopeName string
	// Area is true for the digest of a part of the province: the plan's
	// counts are the province's, so they are shown for reference, not as
	// the area's own targets.
	Area     bool
	AsOf     time.Time
	Plan     Plan
	OlderAge int
	// ReminderDay is the monthly reminder's day, by which the rules of
	// late reports and of club life count (bot/fund_due.go, bot/activity.go).
	ReminderDay int

	Clubs              int // active clubs
	PlanClubs          int // active clubs the plan's target counts (Plan.CountedByPlan)
	PlanEnded          bool
	NewClubs           int // the plan's new clubs (Plan.IsNewClub)
	NewClubMembers     int
	NewClubOlder       int
	DistrictsCovered   int
	DistrictsTotal     int
	UncoveredDistricts []string
	ClubsFundOK        int // of PlanClubs, those whose starting fund reaches the plan's (Plan.MeetsStartingFund)

	NewClubsWeek int // the plan's new clubs founded in the week
	JoinedWeek   int
	LeftWeek     int
	FundMovement int64 // change of all clubs' funds over the week

	// Life is the clubs' meetings and full set of activities
	// (Plan.ClubLifeOf).
	Life ClubLife

	Attention []Attention // worst first
	ByUnit    []UnitProgress
	Stats     []ClubStat // every club in scope, for the spreadsheet
}

// WeekCorrections sums what the leaders of the digest's clubs corrected in
// the week.
func (d Digest) WeekCorrections() Corrections {
	var sum Corrections
	for _, s := range d.Stats {
		sum = sum.Add(s.Corrections)
	}
	return sum
}
