package bot

import (
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/messages"
)

// question answers a plain question an officer typed, such as "Móng Cái
// có bao nhiêu CLB?", within the officer's scope.
func (t *turn) question(text string) error {
	return t.idleCommand(func() error {
		q, ok := ParseQuestion(text)
		if !ok {
			t.say("officer.question_unknown", nil)
			return nil
		}
		a, ok, err := t.findArea(text, q.Rest)
		if !ok || err != nil {
			return err
		}
		if q.Metric == MetricMissing {
			return t.sayMissing(a)
		}
		stats, err := t.areaStats(a)
		if err != nil {
			return err
		}
		t.sayCount(q.Metric, a, SumArea(stats, t.now))
		return nil
	})
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
		name := CleanText(args)
		if name == "" {
			t.say("officer.club_usage", nil)
			return nil
		}
		stats, err := t.scopeStats()
		if err != nil {
			return err
		}
		names := make([]string, len(stats))
		for i, st := range stats {
			names[i] = st.Club.Name
		}
		found := FuzzyFind(name, names, searchLimit)
		switch {
		case len(found) == 0:
			t.unknownName("officer.club_unknown", name, Suggest(name, names, 5))
			return nil
		case len(found) == 1 || Fold(names[found[0]]) == Fold(name):
			return t.clubStatus(stats[found[0]].Club.ID, "officer.club_no_report")
		}
		var lines []string
		for i, idx := range found {
			lines = append(lines, strconv.Itoa(i+1)+". "+clubLabel(stats[idx]))
		}
		t.say("officer.club_choose", map[string]any{"name": echoText(name), "list": strings.Join(lines, "\n")})
		return nil
	})
}
