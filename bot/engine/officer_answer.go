package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
)

// missingListMax is how many clubs /missing lists by name.
const missingListMax = 30

// area is the part of an officer's scope a question is about: one unit in
// it, or the whole scope (Unit nil).
type area struct {
	Name string
	Unit *bot.Unit
}

// AreaFigures are the counts an officer sees for an area.
type AreaFigures struct {
	Clubs, Members, Women, Older, Reporting int
}

// areaStats loads the clubs of the user's scope that lie in a, by the
// store's rule (see StatsInUnit).
func (t *turn) areaStats(a area) ([]bot.ClubStat, error) {
	stats, err := t.scopeStats()
	if err != nil {
		return nil, err
	}
	return t.statsIn(stats, a)
}

// statsIn keeps the stats of the clubs that lie in a.
func (t *turn) statsIn(stats []bot.ClubStat, a area) ([]bot.ClubStat, error) {
	if a.Unit == nil {
		return stats, nil
	}
	communes, err := t.r.Units(t.ctx, bot.LevelCommune)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	return digest.StatsInUnit(stats, communes, *a.Unit), nil
}

// SumArea adds up the figures of clubs; Reporting counts those whose fund
// report is up to date at now (see Reporting).
func SumArea(stats []bot.ClubStat, now time.Time, reminderDay int) AreaFigures {
	var f AreaFigures
	for _, st := range stats {
		f.Clubs++
		f.Members += st.Members
		f.Women += st.Women
		f.Older += st.Older
		if bot.Reporting(st, now, reminderDay) {
			f.Reporting++
		}
	}
	return f
}

// wholeScope is the area of the user's whole scope.
func (t *turn) wholeScope() (area, error) {
	s := bot.OfficerScope(t.user)
	if s.Kind == bot.ScopeUnit && s.UnitID != nil {
		u, err := t.r.Unit(t.ctx, *s.UnitID)
		if err != nil {
			return area{}, fmt.Errorf("load unit: %w", err)
		}
		return area{Name: u.FullName()}, nil
	}
	units, err := t.r.Units(t.ctx, bot.LevelProvince)
	if err != nil || len(units) == 0 {
		return area{}, fmt.Errorf("load province: %w", err)
	}
	return area{Name: units[0].FullName()}, nil
}

// findArea reads the place named in text. rest holds the words left for
// the place once a question's words are removed: when no unit is named
// and nothing is left, the area is the whole scope. ok is false when the
// user was told the place is unknown or outside their scope.
func (t *turn) findArea(text, rest string) (a area, ok bool, err error) {
	units, err := t.r.Units(t.ctx, 0)
	if err != nil {
		return area{}, false, fmt.Errorf("load units: %w", err)
	}
	a, named, ok, err := t.namedArea(bot.FoldWords(text), units)
	if named || err != nil {
		return a, ok, err
	}
	if strings.TrimSpace(rest) == "" {
		a, err := t.wholeScope()
		return a, err == nil, err
	}
	t.unknownName("officer.place_unknown", rest, Closest(rest, scopeUnitNames(units, bot.OfficerScope(t.user)), 5))
	return area{}, false, nil
}

// namedArea is the area words name: a unit, by its name written with or
// without diacritics and spaces, or the province, by its name or as "toàn
// tỉnh", which is the officer's whole scope (an officer of a part of the
// province is told that the answer is for that part). named is false when
// words name neither; ok is false when the unit named is outside the
// officer's scope, which the officer was told.
func (t *turn) namedArea(words []string, units []bot.Unit) (a area, named, ok bool, err error) {
	scope := bot.OfficerScope(t.user)
	places := slicesDeleteProvince(units)
	if hits := placeHits(words, places); len(hits) > 0 {
		found := make([]bot.Unit, len(hits))
		for i, h := range hits {
			found[i] = places[h.index]
		}
		u := PreferPlace(found, scope)
		if !bot.UnitInScope(scope, u) {
			t.say("officer.out_of_scope", map[string]any{"place": u.FullName()})
			return area{}, true, false, nil
		}
		return area{Name: u.FullName(), Unit: &u}, true, true, nil
	}
	if !namesProvince(words, units) {
		return area{}, false, false, nil
	}
	a, err = t.wholeScope()
	if err == nil && scope.Kind != bot.ScopeProvince {
		t.say("officer.scope_note", map[string]any{"scope": a.Name})
	}
	return a, true, err == nil, err
}

// scopeUnitNames are the full names of the units within scope, but the
// province itself.
func scopeUnitNames(units []bot.Unit, scope bot.Scope) []string {
	var names []string
	for _, u := range units {
		if u.Level != bot.LevelProvince && bot.UnitInScope(scope, u) {
			names = append(names, u.FullName())
		}
	}
	return names
}

// slicesDeleteProvince drops the province itself from units.
func slicesDeleteProvince(units []bot.Unit) []bot.Unit {
	out := units[:0:0]
	for _, u := range units {
		if u.Level != bot.LevelProvince {
			out = append(out, u)
		}
	}
	return out
}

// unknownName says that name matches nothing, with the closest names.
func (t *turn) unknownName(key, name string, suggestions []string) {
	t.say(key, map[string]any{"name": dialogue.EchoText(name)})
	if len(suggestions) > 0 {
		t.say("officer.suggest", map[string]any{"names": strings.Join(suggestions, "; ")})
	}
}

// scopeStatus shows an officer the figures of their whole scope, and an
// admin also the scheduled messages that reached no one lately.
func (t *turn) scopeStatus() error {
	a, err := t.wholeScope()
	if err != nil {
		return err
	}
	if err := t.sayArea(a); err != nil || !dialogue.IsAdmin(t.user) {
		return err
	}
	return t.sayUndelivered()
}

// undeliveredWindow is how far back an admin's /status counts the
// scheduled messages that were not delivered.
const undeliveredWindow = 7 * 24 * time.Hour

// sayUndelivered tells how many scheduled messages were not delivered in
// the last week, if any.
func (t *turn) sayUndelivered() error {
	n, err := t.r.UndeliveredSince(t.ctx, t.now.Add(-undeliveredWindow))
	if err != nil {
		return fmt.Errorf("count undelivered: %w", err)
	}
	if n > 0 {
		t.say("status.undelivered", map[string]any{"count": n})
	}
	return nil
}

// sayArea shows the figures of an area and where it stands against the
// plan; an area with no club says so.
func (t *turn) sayArea(a area) error {
	stats, err := t.scopeStats()
	if err != nil {
		return err
	}
	return t.sayAreaOf(a, stats)
}

// sayAreaOf is sayArea with the scope's stats already loaded.
func (t *turn) sayAreaOf(a area, scopeStats []bot.ClubStat) error {
	stats, err := t.statsIn(scopeStats, a)
	if err != nil {
		return err
	}
	if len(stats) == 0 {
		t.sayEmptyArea(a)
		return nil
	}
	d, err := t.areaDigest(a, stats, nil)
	if err != nil {
		return err
	}
	f := SumArea(stats, t.now, t.e.cfg.ReminderDay)
	t.say("officer.summary", map[string]any{
		"place": a.Name, "clubs": f.Clubs, "members": f.Members,
		"women": messages.Percent(f.Women, f.Members), "older": messages.Percent(f.Older, f.Members),
		"older_age": t.e.cfg.OlderAge, "reporting": f.Reporting, "since": t.reportsDueSince(), "plan": messages.HTML(areaPlanLines(d, t.lang)),
	})
	return nil
}

// areaCommand answers /area NAME with the figures of that unit.
func (t *turn) areaCommand(args string) error {
	return t.idleCommand(func() error {
		if bot.CleanText(args) == "" {
			t.say("officer.area_usage", nil)
			return nil
		}
		a, ok, err := t.findArea(args, args)
		if !ok || err != nil {
			return err
		}
		return t.sayArea(a)
	})
}

// missingCommand answers /missing: the clubs of the scope whose fund
// report is late (see Reporting).
func (t *turn) missingCommand(string) error {
	return t.idleCommand(func() error {
		a, err := t.wholeScope()
		if err != nil {
			return err
		}
		stats, err := t.scopeStats()
		if err != nil {
			return err
		}
		return t.sayMissing(a, stats)
	})
}

// sayMissing lists the clubs of an area, among those of the scope's
// stats, with no recent fund report.
func (t *turn) sayMissing(a area, stats []bot.ClubStat) error {
	stats, err := t.statsIn(stats, a)
	if err != nil {
		return err
	}
	if len(stats) == 0 { // not "every club has reported"
		t.sayEmptyArea(a)
		return nil
	}
	var lines []string
	count := 0
	for _, st := range stats {
		if bot.Reporting(st, t.now, t.e.cfg.ReminderDay) {
			continue
		}
		if count++; count <= missingListMax {
			lines = append(lines, missingLine(t.lang, st))
		}
	}
	if count == 0 {
		t.say("officer.missing_none", map[string]any{"place": a.Name, "since": t.reportsDueSince()})
		return nil
	}
	if count > missingListMax {
		lines = append(lines, messages.Render(t.lang, "officer.more", map[string]any{"count": count - missingListMax}))
	}
	t.say("officer.missing", map[string]any{"place": a.Name, "count": count, "since": t.reportsDueSince(),
		"list": messages.HTML(strings.Join(lines, "\n"))})
	return nil
}

// reportsDueSince is the day from which a club's fund report is up to
// date (FundReportDueSince), as officers' answers name it.
func (t *turn) reportsDueSince() messages.Date {
	return messages.Date(bot.FundReportDueSince(t.now, t.e.cfg.ReminderDay))
}

// missingLine is one line of /missing: the club, its unit and its last
// report, if any.
func missingLine(lang string, st bot.ClubStat) string {
	args := map[string]any{"club": st.Club.Name, "unit": st.UnitName}
	if st.LastFund == nil {
		return messages.Render(lang, "officer.missing_never", args)
	}
	args["date"] = messages.Date(st.LastFund.AsOf)
	return messages.Render(lang, "officer.missing_line", args)
}
