package digest

import (
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// AttentionShown is how many clubs the digest lists by name; the
// rest are counted.
const AttentionShown = 5

// digestUncoveredShown is how many uncovered districts the digest names.
const digestUncoveredShown = 5

// Keys lists the message keys the digest uses, for tests and for
// whoever renders it elsewhere.
var Keys = []string{
	"digest.title", "digest.as_of", "digest.clubs", "digest.new_clubs", "digest.new_members",
	"digest.clubs_area", "digest.new_clubs_area", "digest.new_members_area",
	"digest.older", "digest.districts", "digest.uncovered", "digest.fund", "digest.week_title",
	"digest.week", "digest.week_fund", "digest.attention_title", "digest.attention_item",
	"digest.attention_more", "digest.attention_none", ReasonNoReport, "attention.stale_report",
	ReasonMembers, ReasonWomen, ReasonOlder, ReasonLoans, ReasonNoMeeting, "digest.life", "digest.life_area", "digest.no_clubs",
	"plan.running", "plan.running_area", "plan.ended", "plan.ended_area", "plan.next",
}

// Render renders the digest as a Telegram HTML message in lang:
// a line per plan target marked ✅ or ⚠️, the week's changes, and the
// clubs that need attention, worst first, at most AttentionShown of
// them by name. A scope with no club says so instead of rows of zeros. Once
// the plan has ended its final result comes first, and the last line tells
// how the next plan is loaded.
func Render(d bot.Digest, lang string) string {
	r := func(key string, args messages.Args) string { return messages.Render(lang, key, args) }
	lines := []string{
		r("digest.title", messages.Args{"scope": d.ScopeName}),
		r("digest.as_of", messages.Args{"date": messages.Date(d.AsOf), "decision": d.Plan.Decision}),
		"",
	}
	if d.PlanEnded {
		lines = append(lines, PlanLine(d, lang))
	}
	if d.Clubs == 0 {
		lines = append(lines, r("digest.no_clubs", nil))
	} else {
		lines = append(lines, digestTargetLines(d, r)...)
		lines = append(lines, LifeLines(d, lang)...)
		lines = append(lines, "", r("digest.week_title", nil),
			r("digest.week", messages.Args{"new_clubs": d.NewClubsWeek, "joined": d.JoinedWeek, "left": d.LeftWeek}),
			r("digest.week_fund", messages.Args{"movement": signedMoney(d.FundMovement)}))
		lines = append(lines, digestCorrectionLines(d, r)...)
		lines = append(lines, "")
		lines = append(lines, digestAttentionLines(d, lang)...)
	}
	if d.PlanEnded {
		lines = append(lines, "", r("plan.next", nil))
	}
	return strings.Join(lines, "\n")
}

// PlanLine renders in one line where d stands against its plan: the clubs
// and new clubs against the targets while the plan runs, its final result
// once it has ended. For a part of the province the targets are the
// province's, shown for reference.
func PlanLine(d bot.Digest, lang string) string {
	key := "plan.running"
	if d.PlanEnded {
		key = "plan.ended"
	}
	if d.Area {
		key += "_area"
	}
	return messages.Render(lang, key, messages.Args{"to": messages.Date(d.Plan.PeriodTo),
		"clubs": d.PlanClubs, "target": d.Plan.TargetClubs,
		"new_clubs": d.NewClubs, "target_new": d.Plan.TargetNewClubs})
}

// renderFunc renders a key with arguments in the digest's language.
type renderFunc func(key string, args messages.Args) string

// digestTargetLines are the headline lines, one per target of the plan
// that is set.
func digestTargetLines(d bot.Digest, r renderFunc) []string {
	p := d.Plan
	var lines []string
	count := func(key string, value, target int) {
		switch {
		case target > 0 && d.Area: // the province's target: no mark for the area
			lines = append(lines, r(key+"_area", messages.Args{"value": value, "target": target}))
		case target > 0:
			lines = append(lines, r(key, messages.Args{"mark": Mark(value >= target), "value": value,
				"target": target, "pct": messages.Percent(value, target)}))
		}
	}
	count("digest.clubs", d.PlanClubs, p.TargetClubs)
	count("digest.new_clubs", d.NewClubs, p.TargetNewClubs)
	count("digest.new_members", d.NewClubMembers, p.TargetNewMembers)
	if p.TargetOlderPercent > 0 {
		older := messages.Percent(d.NewClubOlder, d.NewClubMembers)
		lines = append(lines, r("digest.older", messages.Args{"mark": Mark(older > p.TargetOlderPercent),
			"pct": older, "older_age": d.OlderAge, "target": p.TargetOlderPercent}))
	}
	if d.DistrictsTotal > 0 {
		covered := messages.Percent(d.DistrictsCovered, d.DistrictsTotal)
		lines = append(lines, r("digest.districts", messages.Args{"mark": Mark(covered >= p.TargetUnitsCovered),
			"value": d.DistrictsCovered, "total": d.DistrictsTotal, "target": p.TargetUnitsCovered}))
	}
	if len(d.UncoveredDistricts) > 0 {
		lines = append(lines, r("digest.uncovered", messages.Args{"names": listNames(d.UncoveredDistricts)}))
	}
	if p.MinStartingFund > 0 {
		lines = append(lines, r("digest.fund", messages.Args{"mark": Mark(d.ClubsFundOK >= d.PlanClubs),
			"min_fund": messages.Money(p.MinStartingFund), "value": d.ClubsFundOK, "clubs": d.PlanClubs,
			"pct": messages.Percent(d.ClubsFundOK, d.PlanClubs)}))
	}
	return lines
}

// listNames joins up to digestUncoveredShown names, ending with "…" if
// there are more.
func listNames(names []string) string {
	if len(names) <= digestUncoveredShown {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:digestUncoveredShown], ", ") + ", …"
}

// signedMoney renders an amount with its sign: "+1.500.000 đ".
func signedMoney(amount int64) string {
	if amount > 0 {
		return "+" + messages.FormatMoney(amount)
	}
	return messages.FormatMoney(amount)
}

// digestAttentionLines lists the clubs that need attention, worst first.
func digestAttentionLines(d bot.Digest, lang string) []string {
	if len(d.Attention) == 0 {
		return []string{messages.Render(lang, "digest.attention_none", nil)}
	}
	lines := []string{messages.Render(lang, "digest.attention_title", messages.Args{"count": len(d.Attention)})}
	for _, a := range d.Attention[:min(len(d.Attention), AttentionShown)] {
		lines = append(lines, messages.Render(lang, "digest.attention_item", messages.Args{
			"club": a.Stat.Club.Name, "unit": a.Stat.UnitName,
			"reasons": messages.HTML(attentionReasons(a, d.Plan.Norms, lang))}))
	}
	if rest := len(d.Attention) - AttentionShown; rest > 0 {
		lines = append(lines, messages.Render(lang, "digest.attention_more", messages.Args{"count": rest}))
	}
	return lines
}

// attentionReasons renders why a club needs attention, with its figures.
func attentionReasons(a bot.Attention, n bot.Norms, lang string) string {
	s := a.Stat
	parts := make([]string, 0, len(a.Reasons))
	for _, reason := range a.Reasons {
		args := messages.Args{}
		switch reason {
		case ReasonNoReport:
			if s.LastFund != nil {
				reason, args["date"] = "attention.stale_report", messages.Date(s.LastFund.AsOf)
			}
		case ReasonMembers:
			args = messages.Args{"value": s.Members, "min": n.MinMembers, "max": n.MaxMembers}
		case ReasonWomen:
			args = messages.Args{"value": messages.Percent(s.Women, s.Members), "min": n.MinWomenPercent, "max": n.MaxWomenPercent}
		case ReasonOlder:
			args = messages.Args{"value": messages.Percent(s.Older, s.Members), "min": n.MinOlderPercent, "max": n.MaxOlderPercent}
		case ReasonLoans:
			args = messages.Args{"value": messages.Percent(s.LastFund.MembersWithLoans, s.Members), "min": n.MinLoanPercent}
		}
		parts = append(parts, messages.Render(lang, reason, args))
	}
	return strings.Join(parts, "; ")
}

// Mark is the sign beside a figure: within the norm or not.
func Mark(ok bool) messages.HTML {
	if ok {
		return "✅"
	}
	return "⚠️"
}
