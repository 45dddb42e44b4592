package xlsx

import (
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// kind is how a column's values are shown.
type kind int

// Kinds of column.
const (
	kindText kind = iota
	kindDate
	kindCount
	kindMoney
	kindPercent
	kindFlag // a norm's flag: "ok", "low", "high", "no_report"
)

// column is one column of the clubs sheet: its header's message key, its
// width in characters, and its value for a club (nil for an empty cell).
type column struct {
	key   string
	width float64
	kind  kind
	value func(s bot.ClubStat, d bot.Digest) any
}

// columns are the clubs sheet's columns, left to right.
var columns = []column{
	{"report.col.club", 28, kindText, func(s bot.ClubStat, _ bot.Digest) any { return s.Club.Name }},
	{"report.col.unit", 20, kindText, func(s bot.ClubStat, _ bot.Digest) any { return s.UnitName }},
	{"report.col.district", 20, kindText, func(s bot.ClubStat, _ bot.Digest) any { return s.DistrictName }},
	{"report.col.founded", 13, kindDate, func(s bot.ClubStat, _ bot.Digest) any { return date(s.Club.FoundedOn) }},
	{"report.col.members", 11, kindCount, func(s bot.ClubStat, _ bot.Digest) any { return s.Members }},
	{"report.col.women", 10, kindPercent, func(s bot.ClubStat, _ bot.Digest) any { return share(s.Women, s.Members) }},
	{"report.col.older", 12, kindPercent, func(s bot.ClubStat, _ bot.Digest) any { return share(s.Older, s.Members) }},
	{"report.col.borrowers", 13, kindPercent, borrowers},
	{"report.col.income", 16, kindMoney, fund(func(r *bot.FundReport) any { return r.IncomeFund })},
	{"report.col.activity", 16, kindMoney, fund(func(r *bot.FundReport) any { return r.ActivityFund })},
	{"report.col.loans", 16, kindMoney, fund(func(r *bot.FundReport) any { return r.LoansOutstanding })},
	{"report.col.last_report", 14, kindDate, fund(func(r *bot.FundReport) any { return date(r.AsOf) })},
	{"report.col.starting_fund", 16, kindMoney, func(s bot.ClubStat, _ bot.Digest) any { return s.Club.StartingFund }},
	{"report.col.norm_members", 13, kindFlag, func(s bot.ClubStat, d bot.Digest) any {
		return within(s.Members, d.Plan.Norms.MinMembers, d.Plan.Norms.MaxMembers)
	}},
	{"report.col.norm_women", 13, kindFlag, func(s bot.ClubStat, d bot.Digest) any {
		return within(messages.Percent(s.Women, s.Members), d.Plan.Norms.MinWomenPercent, d.Plan.Norms.MaxWomenPercent)
	}},
	{"report.col.norm_older", 13, kindFlag, func(s bot.ClubStat, d bot.Digest) any {
		return within(messages.Percent(s.Older, s.Members), d.Plan.Norms.MinOlderPercent, d.Plan.Norms.MaxOlderPercent)
	}},
	{"report.col.norm_loans", 13, kindFlag, loanFlag},
	{"report.col.norm_fund", 13, kindFlag, startingFundFlag},
	{"report.col.meeting_months", 13, kindCount, meetingMonths},
	{"report.col.full_set", 13, kindFlag, fullSetFlag},
}

// meetingMonths is the months with a meeting in the quarter
// (bot.MeetingMonths), empty under a plan that does not measure club life.
func meetingMonths(s bot.ClubStat, d bot.Digest) any {
	if !d.Plan.MeasuresClubLife() {
		return nil
	}
	return bot.MeetingMonths(s.Activity, d.AsOf, d.ReminderDay)
}

// fullSetFlag flags whether the club carried out the plan's full set of
// activities in the quarter (Plan.FullSet).
func fullSetFlag(s bot.ClubStat, d bot.Digest) any {
	switch {
	case !d.Plan.MeasuresClubLife():
		return nil
	case d.Plan.FullSet(s.Activity, d.AsOf, d.ReminderDay):
		return "ok"
	}
	return "not_met"
}

// date is t's day, or nil for an empty cell when t is unknown.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return day(t)
}

// share is part of whole as a fraction for a percent cell, nil when whole is 0.
func share(part, whole int) any {
	if whole == 0 {
		return nil
	}
	return float64(part) / float64(whole)
}

// borrowers is the share of members with loans in the club's latest report.
func borrowers(s bot.ClubStat, _ bot.Digest) any {
	if s.LastFund == nil {
		return nil
	}
	return share(s.LastFund.MembersWithLoans, s.Members)
}

// fund returns a column value taken from the club's latest fund report,
// empty when the club has never reported.
func fund(get func(*bot.FundReport) any) func(bot.ClubStat, bot.Digest) any {
	return func(s bot.ClubStat, _ bot.Digest) any {
		if s.LastFund == nil {
			return nil
		}
		return get(s.LastFund)
	}
}

// within flags v against the norm lo..hi; hi 0 means no upper bound.
func within[T int | int64](v, lo, hi T) any {
	switch {
	case v < lo:
		return "low"
	case hi > 0 && v > hi:
		return "high"
	}
	return "ok"
}

// startingFundFlag flags a club's starting fund against the plan's, by
// the rule the digest counts with (Plan.MeetsStartingFund).
func startingFundFlag(s bot.ClubStat, d bot.Digest) any {
	if d.Plan.MeetsStartingFund(s.Club) {
		return "ok"
	}
	return "low"
}

// loanFlag flags the share of members with loans against its norm.
func loanFlag(s bot.ClubStat, d bot.Digest) any {
	p := d.Plan
	if s.LastFund == nil {
		return "no_report"
	}
	return within(messages.Percent(s.LastFund.MembersWithLoans, s.Members), p.Norms.MinLoanPercent, 0)
}

// writeClubs streams the clubs sheet: a bold, frozen header row with an
// autofilter, then one row per club of d.
func writeClubs(f *excelize.File, sheet string, d bot.Digest, lang string, st styles) error {
	last, err := excelize.CoordinatesToCellName(len(columns), len(d.Stats)+1)
	if err != nil {
		return err
	}
	// Set before streaming: the stream writer keeps the sheet's filter.
	if err := f.AutoFilter(sheet, "A1:"+last, nil); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := startClubs(sw, lang, st); err != nil {
		return err
	}
	flags := flagLabels(lang)
	for i, s := range d.Stats {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, clubRow(s, d, flags, st)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// startClubs sets the column widths, freezes the header row and writes it.
func startClubs(sw *excelize.StreamWriter, lang string, st styles) error {
	header := make([]any, len(columns))
	// Right to left: the stream writer puts each width before the ones
	// already set, and Excel wants them in order.
	for i := len(columns) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, columns[i].width); err != nil {
			return err
		}
		header[i] = excelize.Cell{StyleID: st.header, Value: label(lang, columns[i].key, nil)}
	}
	panes := excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}
	if err := sw.SetPanes(&panes); err != nil {
		return err
	}
	return sw.SetRow("A1", header, excelize.RowOpts{Height: 45})
}

// flagLabels are the words shown for the norms' flags in lang.
func flagLabels(lang string) map[string]string {
	labels := map[string]string{}
	for _, f := range []string{"ok", "low", "high", "no_report", "not_met"} {
		labels[f] = label(lang, "report.flag."+f, nil)
	}
	return labels
}

// clubRow is the cells of one club's row.
func clubRow(s bot.ClubStat, d bot.Digest, flags map[string]string, st styles) []any {
	cells := make([]any, len(columns))
	for i, c := range columns {
		v := c.value(s, d)
		if v == nil {
			continue
		}
		style := st.of(c.kind)
		if c.kind == kindFlag {
			if v != "ok" {
				style = st.flagShort
			}
			v = flags[v.(string)]
		}
		cells[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return cells
}
