package xlsx

import (
	"html"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
)

// sheetWriter writes a small sheet row by row from column A, keeping the
// first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	row   int
	err   error
}

// put writes cells on the next row; a cell without a value is left empty.
func (w *sheetWriter) put(cells ...excelize.Cell) {
	w.row++
	for i, c := range cells {
		if w.err != nil || c.Value == nil {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(i+1, w.row)
		if w.err = w.f.SetCellValue(w.sheet, ref, c.Value); w.err == nil && c.StyleID != 0 {
			w.err = w.f.SetCellStyle(w.sheet, ref, ref, c.StyleID)
		}
	}
}

// skip leaves a blank row.
func (w *sheetWriter) skip() { w.row++ }

// indicator is one of the plan's targets against what was done. Target and
// actual are counts, or fractions when percent is set.
type indicator struct {
	key            string
	args           messages.Args
	target, actual float64
	percent        bool
	met            bool
}

// indicators lists d's plan targets against its figures.
func indicators(d bot.Digest) []indicator {
	p := d.Plan
	out := []indicator{
		{key: "report.sum.clubs", target: float64(p.TargetClubs), actual: float64(d.PlanClubs),
			met: d.PlanClubs >= p.TargetClubs},
		{key: "report.sum.new_clubs", target: float64(p.TargetNewClubs), actual: float64(d.NewClubs),
			met: d.NewClubs >= p.TargetNewClubs},
		{key: "report.sum.new_members", target: float64(p.TargetNewMembers), actual: float64(d.NewClubMembers),
			met: d.NewClubMembers >= p.TargetNewMembers},
		{key: "report.sum.new_older", percent: true,
			target: float64(p.TargetOlderPercent) / 100, actual: fraction(d.NewClubOlder, d.NewClubMembers),
			met: d.NewClubOlder*100 > p.TargetOlderPercent*d.NewClubMembers},
		{key: "report.sum.units_covered", percent: true,
			target: float64(p.TargetUnitsCovered) / 100, actual: fraction(d.DistrictsCovered, d.DistrictsTotal),
			met: d.DistrictsCovered*100 >= p.TargetUnitsCovered*d.DistrictsTotal},
		{key: "report.sum.fund_ok", args: messages.Args{"min": messages.Money(d.Plan.MinStartingFund)},
			target: float64(d.PlanClubs), actual: float64(d.ClubsFundOK), met: d.ClubsFundOK >= d.PlanClubs},
	}
	if l := d.Life; l.Clubs > 0 { // the share of clubs carrying out the full set (bot.ClubLife)
		out = append(out, indicator{key: "report.sum.full_set", percent: true, target: float64(l.TargetPercent) / 100,
			actual: fraction(l.FullSet, l.Clubs), met: l.FullSetOK()})
	}
	return out
}

// fraction is part of whole, 0 when whole is 0.
func fraction(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return float64(part) / float64(whole)
}

// writeSummary writes the summary sheet: the scope and plan, the targets
// against the figures, the past week and the progress by unit.
func writeSummary(f *excelize.File, sheet string, d bot.Digest, lang string, st styles) error {
	if err := f.SetColWidth(sheet, "A", "A", 46); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "E", 14); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: sheet}
	text := func(s string, style int) excelize.Cell { return excelize.Cell{Value: s, StyleID: style} }
	w.put(text(label(lang, "report.sum.title", messages.Args{"scope": d.ScopeName, "date": messages.Date(d.AsOf)}), st.title))
	w.put(text(label(lang, "report.sum.plan", messages.Args{
		"plan": d.Plan.Name, "decision": d.Plan.Decision,
		"from": messages.Date(d.Plan.PeriodFrom), "to": messages.Date(d.Plan.PeriodTo),
	}), st.text))
	if d.PlanEnded {
		w.put(text(html.UnescapeString(digest.PlanLine(d, lang)), st.bold))
	}
	w.skip()
	w.headers(lang, st, "report.sum.indicator", "report.sum.target", "report.sum.actual", "report.sum.ratio", "report.sum.status")
	for _, ind := range indicators(d) {
		w.indicator(ind, lang, st)
	}
	w.put(text(label(lang, "report.sum.uncovered", nil), st.bold), text(strings.Join(d.UncoveredDistricts, ", "), st.flagShort))
	w.skip()
	w.week(d, lang, st)
	w.skip()
	w.units(d.ByUnit, lang, st)
	return w.err
}

// headers writes a header row of the labels of keys.
func (w *sheetWriter) headers(lang string, st styles, keys ...string) {
	cells := make([]excelize.Cell, len(keys))
	for i, k := range keys {
		cells[i] = excelize.Cell{Value: label(lang, k, nil), StyleID: st.header}
	}
	w.put(cells...)
}

// indicator writes one target against its figure, its share of the target
// and whether it is met.
func (w *sheetWriter) indicator(ind indicator, lang string, st styles) {
	style := st.count
	if ind.percent {
		style = st.percent
	}
	var ratio any
	if ind.target > 0 {
		ratio = ind.actual / ind.target
	}
	status, statusStyle := label(lang, "report.flag.ok", nil), st.flagOK
	if !ind.met {
		status, statusStyle = label(lang, "report.flag.not_met", nil), st.flagShort
	}
	w.put(
		excelize.Cell{Value: label(lang, ind.key, ind.args), StyleID: st.text},
		excelize.Cell{Value: ind.target, StyleID: style},
		excelize.Cell{Value: ind.actual, StyleID: style},
		excelize.Cell{Value: ratio, StyleID: st.percent},
		excelize.Cell{Value: status, StyleID: statusStyle},
	)
}

// week writes what changed in the week before the digest's day.
func (w *sheetWriter) week(d bot.Digest, lang string, st styles) {
	w.put(excelize.Cell{Value: label(lang, "report.sum.week", nil), StyleID: st.bold})
	for _, r := range []struct {
		key   string
		value any
		style int
	}{
		{"report.sum.week_new", d.NewClubsWeek, st.count},
		{"report.sum.week_joined", d.JoinedWeek, st.count},
		{"report.sum.week_left", d.LeftWeek, st.count},
		{"report.sum.week_funds", d.FundMovement, st.money},
	} {
		w.put(excelize.Cell{Value: label(lang, r.key, nil)}, excelize.Cell{Value: r.value, StyleID: r.style})
	}
}

// units writes the progress by district-level unit; a unit without a
// club is in red and says so.
func (w *sheetWriter) units(units []bot.UnitProgress, lang string, st styles) {
	w.put(excelize.Cell{Value: label(lang, "report.sum.by_unit", nil), StyleID: st.bold})
	w.headers(lang, st, "report.sum.unit", "report.sum.unit_clubs", "report.sum.unit_new", "report.sum.unit_members")
	for _, u := range units {
		if u.Clubs == 0 { // "No clubs yet" rather than a row of zeros
			w.put(excelize.Cell{Value: u.Name, StyleID: st.flagShort},
				excelize.Cell{Value: label(lang, "digest.no_clubs", nil), StyleID: st.flagShort})
			continue
		}
		name := st.text
		w.put(
			excelize.Cell{Value: u.Name, StyleID: name},
			excelize.Cell{Value: u.Clubs, StyleID: st.count},
			excelize.Cell{Value: u.NewClubs, StyleID: st.count},
			excelize.Cell{Value: u.Members, StyleID: st.count},
		)
	}
}
