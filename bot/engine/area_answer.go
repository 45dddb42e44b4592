package engine

import (
	"fmt"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
)

// areaDigest measures the clubs of area a (stats, in districts) against
// the plan in force: the one computation behind the digest, /status,
// /area and the spreadsheet, so that their figures agree.
func (t *turn) areaDigest(a area, stats []bot.ClubStat, districts []bot.Unit) (bot.Digest, error) {
	plan, err := t.r.CurrentPlan(t.ctx, t.now)
	if err != nil {
		return bot.Digest{}, fmt.Errorf("load plan: %w", err)
	}
	d := digest.Compute(stats, districts, plan, t.now, t.e.cfg.OlderAge, t.e.cfg.ReminderDay, a.Name)
	d.Area = a.Unit != nil || bot.OfficerScope(t.user).Kind != bot.ScopeProvince
	return d, nil
}

// sayEmptyArea says that an area has no club yet, instead of a row of
// zeros.
func (t *turn) sayEmptyArea(a area) {
	t.say("area.empty", map[string]any{"place": a.Name})
}

// areaPlanLines are an officer's summary's lines on the plan: the clubs
// whose starting fund reaches the plan's (counted as the digest counts
// them), and the plan's progress, or its final result once it has ended.
func areaPlanLines(d bot.Digest, lang string) string {
	lines := digest.PlanLine(d, lang)
	if d.Plan.MinStartingFund > 0 { // a plan that sets none shows none, as the digest
		lines = messages.Render(lang, "plan.fund", messages.Args{"mark": digest.Mark(d.ClubsFundOK >= d.PlanClubs),
			"min_fund": messages.Money(d.Plan.MinStartingFund), "value": d.ClubsFundOK, "clubs": d.PlanClubs}) + "\n" + lines
	}
	if life := lifeLines(d, lang); life != "" {
		lines += "\n" + life
	}
	return lines
}
