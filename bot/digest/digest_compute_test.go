package digest

import (
	"reflect"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// digestZone is Vietnam's time, in which the digest's days are midnights.
var digestZone = time.FixedZone("ICT", 7*3600)

// dday is midnight in Vietnam on a date.
func dday(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, digestZone)
}

// testPlan is Quảng Ninh's plan under Decision 1336/QĐ-TTg.
func testPlan() bot.Plan {
	return bot.Plan{Decision: "1336/QĐ-TTg", PeriodFrom: dday(2021, 1, 1), PeriodTo: dday(2025, 12, 31),
		TargetClubs: 191, TargetNewClubs: 85, TargetNewMembers: 5000, TargetOlderPercent: 60,
		TargetUnitsCovered: 100, MinStartingFund: 20_000_000,
		Norms: bot.Norms{MinMembers: 50, MaxMembers: 70, MinWomenPercent: 60, MaxWomenPercent: 70,
			MinOlderPercent: 60, MaxOlderPercent: 70, MinLoanPercent: 50}}
}

// digestAsOf is the day of the test digests.
var digestAsOf = dday(2025, 8, 15)

// stat is a club's figures: within the norms unless changed by opts.
func stat(id int64, name string, district int64, founded time.Time, opts ...func(*bot.ClubStat)) bot.ClubStat {
	s := bot.ClubStat{Club: bot.Club{ID: id, Name: name, UnitID: 100 + district, FoundedOn: founded, Status: bot.ClubActive,
		StartingFund: 20_000_000},
		UnitName: "Xã " + name, DistrictID: district, Members: 60, Women: 39, Older: 39,
		LastFund:  &bot.FundReport{AsOf: dday(2025, 7, 31), IncomeFund: 20_000_000, ActivityFund: 1_000_000, MembersWithLoans: 35},
		WeekFunds: 21_000_000}
	for _, o := range opts {
		o(&s)
	}
	return s
}

var testDistricts = []bot.Unit{{ID: 1, Name: "Hạ Long", Level: bot.LevelDistrict},
	{ID: 2, Name: "Móng Cái", Level: bot.LevelDistrict}, {ID: 3, Name: "Cô Tô", Level: bot.LevelDistrict}}

func TestComputeDigestTargetsAndWeek(t *testing.T) {
	stats := []bot.ClubStat{
		stat(1, "Hoa Sen", 1, dday(2019, 5, 1)),
		stat(2, "Bình Minh", 2, dday(2022, 3, 1), func(s *bot.ClubStat) { s.Older = 45; s.Joined = 3; s.Left = 1 }),
		stat(3, "Sao Mai", 2, dday(2025, 8, 10), func(s *bot.ClubStat) {
			s.Joined = 60
			s.LastFund.IncomeFund, s.WeekFunds = 25_000_000, 0
		}),
		stat(4, "Cũ", 1, dday(2025, 8, 8), func(s *bot.ClubStat) {
			s.LastFund.IncomeFund, s.Club.StartingFund = 5_000_000, 5_000_000
		}),
	}
	d := Compute(stats, testDistricts, testPlan(), digestAsOf, 60, 25, "tỉnh Quảng Ninh")
	got := []int{d.Clubs, d.NewClubs, d.NewClubMembers, d.NewClubOlder, d.DistrictsCovered, d.DistrictsTotal,
		d.ClubsFundOK, d.NewClubsWeek, d.JoinedWeek, d.LeftWeek}
	want := []int{4, 3, 180, 123, 2, 3, 3, 1, 63, 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("clubs, new, new members, older, covered, districts, fund ok, week new, joined, left\n got %v\nwant %v", got, want)
	}
	if !reflect.DeepEqual(d.UncoveredDistricts, []string{"Cô Tô"}) {
		t.Errorf("uncovered = %v, want [Cô Tô]", d.UncoveredDistricts)
	}
	// 0 + 0 + 26.000.000 (a first report) - 15.000.000 (Cũ fell to 6.000.000).
	if d.FundMovement != 11_000_000 {
		t.Errorf("fund movement = %d, want 11.000.000", d.FundMovement)
	}
	wantUnits := []bot.UnitProgress{{UnitID: 1, Name: "Hạ Long", Clubs: 2, NewClubs: 1, Members: 120},
		{UnitID: 2, Name: "Móng Cái", Clubs: 2, NewClubs: 2, Members: 120}, {UnitID: 3, Name: "Cô Tô"}}
	if !reflect.DeepEqual(d.ByUnit, wantUnits) {
		t.Errorf("by unit = %+v", d.ByUnit)
	}
	if len(d.Stats) != 4 || d.ScopeName != "tỉnh Quảng Ninh" || d.OlderAge != 60 {
		t.Errorf("stats %d, scope %q, older age %d", len(d.Stats), d.ScopeName, d.OlderAge)
	}
}

func TestComputeDigestAttention(t *testing.T) {
	for _, c := range []struct {
		name    string
		change  func(*bot.ClubStat)
		reasons []string
		score   int
	}{
		{"within the norms", func(*bot.ClubStat) {}, nil, 0},
		{"never reported", func(s *bot.ClubStat) { s.LastFund = nil }, []string{ReasonNoReport}, 100},
		// On 15 August, before the reminder day (25), July's report is owed.
		{"report of 1 July", func(s *bot.ClubStat) { s.LastFund.AsOf = dday(2025, 7, 1) }, nil, 0},
		{"report of 30 June", func(s *bot.ClubStat) { s.LastFund.AsOf = dday(2025, 6, 30) }, []string{ReasonNoReport}, 46},
		{"report a year old", func(s *bot.ClubStat) { s.LastFund.AsOf = dday(2024, 8, 15) }, []string{ReasonNoReport}, 100},
		{"25 members", func(s *bot.ClubStat) { s.Members, s.Women, s.Older, s.LastFund.MembersWithLoans = 25, 16, 16, 13 },
			[]string{ReasonMembers}, 50},
		{"77 members", func(s *bot.ClubStat) { s.Members, s.Women, s.Older, s.LastFund.MembersWithLoans = 77, 50, 50, 40 },
			[]string{ReasonMembers}, 10},
		{"too many women", func(s *bot.ClubStat) { s.Women = 48 }, []string{ReasonWomen}, 10},
		{"too few older", func(s *bot.ClubStat) { s.Older = 30 }, []string{ReasonOlder}, 10},
		{"few loans", func(s *bot.ClubStat) { s.LastFund.MembersWithLoans = 24 }, []string{ReasonLoans}, 10},
		{"everything", func(s *bot.ClubStat) { s.Members, s.Women, s.Older, s.LastFund = 10, 10, 0, nil },
			[]string{ReasonNoReport, ReasonMembers, ReasonWomen, ReasonOlder}, 100 + 80 + 30 + 60},
	} {
		d := Compute([]bot.ClubStat{stat(1, "Hoa Sen", 1, dday(2022, 1, 1), c.change)}, testDistricts,
			testPlan(), digestAsOf, 60, 25, "")
		var reasons []string
		score := 0
		if len(d.Attention) == 1 {
			reasons, score = d.Attention[0].Reasons, d.Attention[0].Score
		}
		if !reflect.DeepEqual(reasons, c.reasons) || score != c.score {
			t.Errorf("%s: reasons %v score %d, want %v %d", c.name, reasons, score, c.reasons, c.score)
		}
	}
}

func TestComputeDigestAttentionWorstFirst(t *testing.T) {
	stats := []bot.ClubStat{
		stat(1, "B nhẹ", 1, dday(2022, 1, 1), func(s *bot.ClubStat) { s.Women = 48 }),
		stat(2, "Ổn", 1, dday(2022, 1, 1)),
		stat(3, "Nặng", 1, dday(2022, 1, 1), func(s *bot.ClubStat) { s.LastFund = nil }),
		stat(4, "A nhẹ", 1, dday(2022, 1, 1), func(s *bot.ClubStat) { s.Older = 30 }),
	}
	d := Compute(stats, testDistricts, testPlan(), digestAsOf, 60, 25, "")
	var names []string
	for _, a := range d.Attention {
		names = append(names, a.Stat.Club.Name)
	}
	if want := []string{"Nặng", "A nhẹ", "B nhẹ"}; !reflect.DeepEqual(names, want) {
		t.Errorf("attention order %v, want %v", names, want)
	}
}

func TestComputeDigestOfNothing(t *testing.T) {
	d := Compute(nil, testDistricts, testPlan(), digestAsOf, 60, 25, "Cô Tô")
	if d.Clubs != 0 || d.DistrictsCovered != 0 || len(d.UncoveredDistricts) != 3 || d.Attention != nil {
		t.Errorf("empty digest = %+v", d)
	}
}

func TestStatsInUnit(t *testing.T) {
	hl := int64(1)
	communes := []bot.Unit{{ID: 101, Level: bot.LevelCommune, FormerDistrictIDs: []int64{1}},
		{ID: 102, Level: bot.LevelCommune, FormerDistrictIDs: []int64{2, 1}},
		{ID: 103, Level: bot.LevelCommune, FormerDistrictIDs: []int64{3}}}
	stats := []bot.ClubStat{
		{Club: bot.Club{ID: 1, UnitID: 101}}, {Club: bot.Club{ID: 2, UnitID: 102}},
		{Club: bot.Club{ID: 3, UnitID: 103, FormerDistrictID: &hl}}, {Club: bot.Club{ID: 4, UnitID: 103}},
	}
	ids := func(ss []bot.ClubStat) []int64 {
		var out []int64
		for _, s := range ss {
			out = append(out, s.Club.ID)
		}
		return out
	}
	if got := ids(StatsInUnit(stats, communes, bot.Unit{ID: 1, Level: bot.LevelDistrict})); !reflect.DeepEqual(got, []int64{1, 2, 3}) {
		t.Errorf("district Hạ Long: clubs %v, want [1 2 3]", got)
	}
	if got := ids(StatsInUnit(stats, communes, bot.Unit{ID: 103, Level: bot.LevelCommune})); !reflect.DeepEqual(got, []int64{3, 4}) {
		t.Errorf("commune 103: clubs %v, want [3 4]", got)
	}
}

// TestNewClubsAreOneMeasure checks that the plan's new clubs and the
// week's agree where they used to part: a club founded in the week after
// the plan ended, or in the days before it began, is new in neither; one
// founded in the week within the plan is new in both.
func TestNewClubsAreOneMeasure(t *testing.T) {
	for _, c := range []struct {
		name          string
		asOf, founded time.Time
		plan, week    int
	}{
		{"after the plan ended", dday(2026, 12, 3), dday(2026, 11, 30), 0, 0},
		{"before the plan began", dday(2021, 1, 3), dday(2020, 12, 30), 0, 0},
		{"in the plan's last week", dday(2026, 1, 2), dday(2025, 12, 31), 1, 1},
		{"in a week of the plan", digestAsOf, dday(2025, 8, 12), 1, 1},
		{"earlier in the plan", digestAsOf, dday(2024, 8, 12), 1, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := Compute([]bot.ClubStat{stat(1, "Hoa Sen", 1, c.founded)}, testDistricts, testPlan(), c.asOf, 60, 25, "Quảng Ninh")
			if d.NewClubs != c.plan || d.NewClubsWeek != c.week || d.ByUnit[0].NewClubs != c.plan {
				t.Errorf("new clubs: plan %d, week %d, unit %d; want %d, %d, %d",
					d.NewClubs, d.NewClubsWeek, d.ByUnit[0].NewClubs, c.plan, c.week, c.plan)
			}
		})
	}
}

func TestAPlanEndsAfterItsLastDay(t *testing.T) {
	p := testPlan()
	for _, c := range []struct {
		at    time.Time
		ended bool
	}{
		{dday(2025, 12, 31).Add(23 * time.Hour), false},
		{dday(2026, 1, 1), true},
		{dday(2026, 12, 3).Add(9 * time.Hour), true},
	} {
		if got := p.Ended(c.at); got != c.ended {
			t.Errorf("Ended(%v) = %v, want %v", c.at, got, c.ended)
		}
	}
	// Its final result counts the clubs founded by its last day.
	stats := []bot.ClubStat{stat(1, "Hoa Sen", 1, dday(2019, 5, 1)), stat(2, "Sao Mai", 1, dday(2025, 6, 1)),
		stat(3, "Mới", 2, dday(2026, 11, 30))}
	d := Compute(stats, testDistricts, p, dday(2026, 12, 3), 60, 25, "Quảng Ninh")
	if !d.PlanEnded || d.Clubs != 3 || d.PlanClubs != 2 || d.NewClubs != 1 {
		t.Errorf("ended %v, clubs %d, the plan's clubs %d, new %d; want true, 3, 2, 1", d.PlanEnded, d.Clubs, d.PlanClubs, d.NewClubs)
	}
}
