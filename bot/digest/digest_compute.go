package digest

import (
	"sort"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// Attention reasons, which are also the message keys that explain them.
const (
	ReasonNoReport = "attention.no_report" // the fund report is late (Reporting), or there never was one
	ReasonMembers  = "attention.members"   // members outside the norm's range
	ReasonWomen    = "attention.women"     // share of women outside the norm's range
	ReasonOlder    = "attention.older"     // share of older people outside the norm's range
	ReasonLoans    = "attention.loans"     // share of members with loans under the norm
	// ReasonNoMeeting: no regular meeting for two months (bot.NoMeetingTwoMonths).
	ReasonNoMeeting = "attention.no_meeting"
)

// noMeetingScore is what two months without a meeting adds to a club's
// score: a club that has stopped meeting is worth a look, after those far
// off the norms.
const noMeetingScore = 20

// digestWeek is the span of the digest's "this week" figures.
const digestWeek = 7 * 24 * time.Hour

// Compute measures the clubs of a scope against the plan on day
// asOf: clubs and new clubs against the targets, coverage of the
// district-level units (districts are those of the scope), the week's
// changes, the clubs that need attention (worst first) and the progress in
// each district. It is pure: stats come from the store's ClubStats.
func Compute(stats []bot.ClubStat, districts []bot.Unit, plan bot.Plan, asOf time.Time, olderAge, reminderDay int, scopeName string) bot.Digest {
	asOf = asOf.In(bot.Vietnam()) // the digest is dated by Vietnam's day
	d := bot.Digest{ScopeName: scopeName, AsOf: asOf, Plan: plan, OlderAge: olderAge, ReminderDay: reminderDay,
		Clubs: len(stats), DistrictsTotal: len(districts), Stats: stats}
	d.PlanEnded = plan.Ended(asOf)
	for _, s := range stats {
		if plan.CountedByPlan(s.Club) {
			d.PlanClubs++
			if plan.MeetsStartingFund(s.Club) {
				d.ClubsFundOK++
			}
		}
		if plan.IsNewClub(s.Club) {
			d.NewClubs++
			d.NewClubMembers += s.Members
			d.NewClubOlder += s.Older
			if foundedInWeek(s.Club, asOf) {
				d.NewClubsWeek++
			}
		}
		d.JoinedWeek += s.Joined
		d.LeftWeek += s.Left
		d.FundMovement += s.FundTotal() - s.WeekFunds
		if a, ok := attention(s, plan, asOf, reminderDay); ok {
			d.Attention = append(d.Attention, a)
		}
	}
	sortAttention(d.Attention)
	d.Life = plan.ClubLifeOf(stats, asOf, reminderDay)
	d.ByUnit = progressByUnit(stats, districts, plan, asOf, reminderDay)
	for _, u := range d.ByUnit {
		if u.Clubs > 0 {
			d.DistrictsCovered++
		} else {
			d.UncoveredDistricts = append(d.UncoveredDistricts, u.Name)
		}
	}
	return d
}

// foundedInWeek reports whether club c was founded in the week ending at
// asOf. The digest counts the week's new clubs as the plan's new clubs
// (Plan.IsNewClub) founded in it, so that "this week" and the plan's line
// never disagree.
func foundedInWeek(c bot.Club, asOf time.Time) bool {
	return c.FoundedOn.After(asOf.Add(-digestWeek)) && !c.FoundedOn.After(asOf)
}

// attention returns why club s needs attention, if it does, with a score
// that adds up how far it is from the norms: the percentage points outside
// each range (members counted as a percentage of the nearest bound), and
// for a late fund report the days since the last one, or 100 when there
// has been none; and noMeetingScore for two months without a meeting.
func attention(s bot.ClubStat, plan bot.Plan, asOf time.Time, reminderDay int) (bot.Attention, bool) {
	a, n := bot.Attention{Stat: s}, plan.Norms
	add := func(reason string, score int) {
		if score > 0 {
			a.Reasons = append(a.Reasons, reason)
			a.Score += score
		}
	}
	if s.LastFund == nil {
		add(ReasonNoReport, 100)
	} else if !bot.Reporting(s, asOf, reminderDay) {
		// Older is worse: a point a day since the last report.
		add(ReasonNoReport, min(100, int(asOf.Sub(s.LastFund.AsOf).Hours()/24)))
	}
	add(ReasonMembers, membersOff(s.Members, n))
	add(ReasonWomen, outside(percent(s.Women, s.Members), n.MinWomenPercent, n.MaxWomenPercent))
	add(ReasonOlder, outside(percent(s.Older, s.Members), n.MinOlderPercent, n.MaxOlderPercent))
	if s.LastFund != nil {
		add(ReasonLoans, max(0, n.MinLoanPercent-percent(s.LastFund.MembersWithLoans, s.Members)))
	}
	if plan.NoMeeting(s, asOf, reminderDay) {
		add(ReasonNoMeeting, noMeetingScore)
	}
	return a, len(a.Reasons) > 0
}

// membersOff is how far a club's member count is outside the norm, as a
// percentage of the bound it misses.
func membersOff(members int, n bot.Norms) int {
	switch {
	case members < n.MinMembers:
		return percent(n.MinMembers-members, n.MinMembers)
	case n.MaxMembers > 0 && members > n.MaxMembers:
		return max(1, percent(members-n.MaxMembers, n.MaxMembers))
	}
	return 0
}

// outside is how many points v lies outside [lo, hi]; a zero hi means no
// upper bound.
func outside(v, lo, hi int) int {
	switch {
	case v < lo:
		return lo - v
	case hi > 0 && v > hi:
		return v - hi
	}
	return 0
}

// percent is part of whole as a rounded whole percentage, 0 of nothing. It
// rounds as messages.Percent does, so that the digest's figures and its
// verdicts agree.
func percent(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return (part*100 + whole/2) / whole
}

// sortAttention orders clubs worst first, then by name and id.
func sortAttention(as []bot.Attention) {
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		if a.Stat.Club.Name != b.Stat.Club.Name {
			return a.Stat.Club.Name < b.Stat.Club.Name
		}
		return a.Stat.Club.ID < b.Stat.Club.ID
	})
}

// progressByUnit counts clubs, new clubs and members in each district, in
// the order of districts. Clubs with no known district are left out, and
// so are those founded after the plan ended (Plan.CountedByPlan).
func progressByUnit(stats []bot.ClubStat, districts []bot.Unit, plan bot.Plan, asOf time.Time, reminderDay int) []bot.UnitProgress {
	out := make([]bot.UnitProgress, len(districts))
	byUnit := make([][]bot.ClubStat, len(districts))
	index := make(map[int64]int, len(districts))
	for i, u := range districts {
		out[i] = bot.UnitProgress{UnitID: u.ID, Name: u.Name}
		index[u.ID] = i
	}
	for _, s := range stats {
		i, ok := index[s.DistrictID]
		if !ok || !plan.CountedByPlan(s.Club) {
			continue
		}
		out[i].Clubs++
		out[i].Members += s.Members
		if plan.IsNewClub(s.Club) {
			out[i].NewClubs++
		}
		byUnit[i] = append(byUnit[i], s)
	}
	for i := range out {
		out[i].Life = plan.ClubLifeOf(byUnit[i], asOf, reminderDay)
	}
	return out
}

// StatsInUnit returns the stats of the clubs in a district-level or
// commune-level unit, by the rule the store's ClubStats uses: for a
// district, the clubs formerly in it or in a commune-level unit formed from
// it; for a commune, the clubs in it. communes are the commune-level units,
// with their former districts.
func StatsInUnit(stats []bot.ClubStat, communes []bot.Unit, unit bot.Unit) []bot.ClubStat {
	fromDistrict := map[int64]bool{}
	if unit.Level == bot.LevelDistrict {
		for _, c := range communes {
			for _, id := range c.FormerDistrictIDs {
				if id == unit.ID {
					fromDistrict[c.ID] = true
				}
			}
		}
	}
	var out []bot.ClubStat
	for _, s := range stats {
		c := s.Club
		switch {
		case unit.Level == bot.LevelCommune && c.UnitID == unit.ID,
			unit.Level == bot.LevelDistrict && (fromDistrict[c.UnitID] || c.FormerDistrictID != nil && *c.FormerDistrictID == unit.ID):
			out = append(out, s)
		}
	}
	return out
}

// DistrictDigests computes the digest of each district-level unit from
// the stats of the whole province, without asking the store again: the
// clubs of each are chosen as StatsInUnit does.
func DistrictDigests(stats []bot.ClubStat, districts, communes []bot.Unit, plan bot.Plan, asOf time.Time, olderAge, reminderDay int) []bot.Digest {
	out := make([]bot.Digest, len(districts))
	for i, u := range districts {
		out[i] = Compute(StatsInUnit(stats, communes, u), districts[i:i+1], plan, asOf, olderAge, reminderDay, u.FullName())
	}
	return out
}
