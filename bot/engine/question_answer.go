package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
)

// question answers a plain question an officer typed, such as "Móng Cái
// có bao nhiêu CLB?", "Hoa Sen bao nhiêu thành viên", "toàn tỉnh có bao
// nhiêu CLB" or "CLB nào chưa báo cáo?", within the officer's scope. A
// club named gets the club's status; a unit or the province, the figure
// asked, or the area's summary when none is.
func (t *turn) question(text string) error {
	return t.idleCommand(func() error {
		q, asks := ParseQuestion(text)
		stats, err := t.scopeStats()
		if err != nil {
			return err
		}
		units, err := t.r.Units(t.ctx, 0)
		if err != nil {
			return fmt.Errorf("load units: %w", err)
		}
		words := bot.FoldWords(text)
		places := slicesDeleteProvince(units)
		placeHit := placeHits(words, places)
		if clubs := clubHits(words, stats); namesClub(clubs, placeHit) {
			return t.answerClub(stats, clubs, placeHit, places)
		}
		a, named, ok, err := t.namedArea(words, units)
		switch {
		case err != nil || named && !ok:
			return err
		case !named && (!asks || q.Rest != ""):
			names := append(scopeUnitNames(units, bot.OfficerScope(t.user)), clubNames(stats)...)
			t.questionMiss(q, asks, text, names)
			return nil
		case !named:
			if a, err = t.wholeScope(); err != nil {
				return err
			}
		}
		return t.answerArea(q.Metric, a, stats)
	})
}

// maxNameWords is how many words a text without a question may have to be
// read as a mistyped name, for which the closest names are suggested.
const maxNameWords = 3

// questionMiss answers a question that names no unit, club or province in
// the officer's scope: a question that names something unknown gets the
// closest of names, always; text that is no question gets examples, and
// the closest names when it is short enough to be a mistyped name.
func (t *turn) questionMiss(q Question, asks bool, text string, names []string) {
	if asks {
		t.unknownName("officer.name_unknown", q.Rest, Closest(q.Rest, names, 5))
		return
	}
	t.say("officer.question_unknown", nil)
	if len(bot.FoldWords(text)) <= maxNameWords {
		// Every word must fit: "cảm ơn" is no mistyped "Cẩm Phả".
		var found []string
		for _, i := range bot.FuzzyFind(text, names, 5) {
			found = append(found, names[i])
		}
		if len(found) > 0 {
			t.say("officer.suggest", map[string]any{"names": strings.Join(found, "; ")})
		}
	}
}

// namesClub reports whether the words name a club rather than a place: a
// club is named, and not only by the words that name a place (a club
// called after its ward is asked about as "CLB Hạ Long").
func namesClub(clubs, places []nameHit) bool {
	return len(clubs) > 0 && (len(places) == 0 || !clubs[0].within(places[0]))
}

// answerClub shows the status of the club named, or lists the clubs of
// that name when several are, those in the place also named first.
func (t *turn) answerClub(stats []bot.ClubStat, clubs, placeHit []nameHit, places []bot.Unit) error {
	found := make([]bot.ClubStat, len(clubs))
	for i, h := range clubs {
		found[i] = stats[h.index]
	}
	if len(found) > 1 && len(placeHit) > 0 {
		communes, err := t.r.Units(t.ctx, bot.LevelCommune)
		if err != nil {
			return fmt.Errorf("load units: %w", err)
		}
		if in := digest.StatsInUnit(found, communes, places[placeHit[0].index]); len(in) > 0 {
			found = in
		}
	}
	if len(found) == 1 {
		return t.clubStatus(found[0].Club.ID, "officer.club_no_report")
	}
	lines := make([]string, len(found))
	for i, st := range found {
		lines[i] = strconv.Itoa(i+1) + ". " + clubLabel(st)
	}
	t.say("officer.club_choose", map[string]any{"name": found[0].Club.Name, "list": strings.Join(lines, "\n")})
	return nil
}

// answerArea answers the metric asked about an area, or shows the area's
// summary when no metric is asked.
func (t *turn) answerArea(m Metric, a area, stats []bot.ClubStat) error {
	switch m {
	case "":
		return t.sayAreaOf(a, stats)
	case MetricMissing:
		return t.sayMissing(a, stats)
	}
	stats, err := t.statsIn(stats, a)
	if err != nil {
		return err
	}
	t.sayCount(m, a, SumArea(stats, t.now, t.e.cfg.ReminderDay))
	return nil
}

// clubNames are the names of the clubs of stats.
func clubNames(stats []bot.ClubStat) []string {
	names := make([]string, len(stats))
	for i, st := range stats {
		names[i] = st.Club.Name
	}
	return names
}

// sayCount answers how many clubs, members or older members an area has.
func (t *turn) sayCount(m Metric, a area, f AreaFigures) {
	if f.Clubs == 0 {
		t.sayEmptyArea(a)
		return
	}
	switch m {
	case MetricClubs:
		t.say("officer.answer_clubs", map[string]any{"place": a.Name, "count": f.Clubs})
	case MetricMembers:
		t.say("officer.answer_members", map[string]any{"place": a.Name, "count": f.Members, "clubs": f.Clubs})
	case MetricOlder:
		t.say("officer.answer_older", map[string]any{"place": a.Name, "count": f.Older,
			"percent": messages.Percent(f.Older, f.Members), "older_age": t.e.cfg.OlderAge})
	}
}

// clubCommand answers /club NAME with the club's status against the
// norms, for a club within the officer's scope.
func (t *turn) clubCommand(args string) error {
	return t.idleCommand(func() error {
		name := bot.CleanText(args)
		if name == "" {
			t.say("officer.club_usage", nil)
			return nil
		}
		stats, err := t.scopeStats()
		if err != nil {
			return err
		}
		names := clubNames(stats)
		found := bot.FuzzyFind(name, names, dialogue.SearchLimit)
		switch {
		case len(found) == 0:
			t.unknownName("officer.club_unknown", name, Closest(name, names, 5))
			return nil
		case len(found) == 1 || slices.Contains(clubKeys(names[found[0]]), compactKey(name)):
			return t.clubStatus(stats[found[0]].Club.ID, "officer.club_no_report")
		}
		var lines []string
		for i, idx := range found {
			lines = append(lines, strconv.Itoa(i+1)+". "+clubLabel(stats[idx]))
		}
		t.say("officer.club_choose", map[string]any{"name": dialogue.EchoText(name), "list": strings.Join(lines, "\n")})
		return nil
	})
}
