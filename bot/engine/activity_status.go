package engine

import (
	"fmt"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
)

// sayClubLife adds a club's status lines on its life (bot/activity.go):
// the months with a meeting in the quarter and the activities of the full
// set carried out or missing; warnDue (for the club's leader) adds, with
// /activity, that the month owed is not reported.
func (t *turn) sayClubLife(clubID int64, plan bot.Plan, warnDue bool) error {
	if !plan.MeasuresClubLife() {
		return nil
	}
	first, last := bot.QuarterOf(t.now, t.e.cfg.ReminderDay)
	reports, err := t.r.ActivityReports(t.ctx, clubID, first)
	if err != nil {
		return fmt.Errorf("load activity reports: %w", err)
	}
	met := bot.MeetingMonths(reports, t.now, t.e.cfg.ReminderDay)
	full := messages.Render(t.lang, "status.activity_full", nil)
	missing := plan.FullSetMissing(reports, t.now, t.e.cfg.ReminderDay)
	if len(missing) == len(plan.FullSetKeys) {
		full = messages.Render(t.lang, "status.activity_none_done", nil)
	} else if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, a := range missing {
			names[i] = a.Name(t.lang)
		}
		full = messages.Render(t.lang, "status.activity_missing", messages.Args{"missing": strings.Join(names, "; ")})
	}
	t.say("status.activity", map[string]any{"met_ok": digest.Mark(met == bot.QuarterMonths), "met": met,
		"from": first.Format("01/2006"), "to": last.Format("01/2006"),
		"full_ok": digest.Mark(len(missing) == 0), "full": messages.HTML(full)})
	if _, ok := bot.ReportOf(reports, last); warnDue && !ok {
		t.say("status.activity_due", map[string]any{"month": last.Format("01/2006")})
	}
	return nil
}

// lifeLines are an officer's summary's lines on club life, as the digest
// counts them (Digest.Life): clubs meeting every month of the quarter, the
// share carrying out the full set against the target, and the clubs
// without a meeting for two months.
func lifeLines(d bot.Digest, lang string) string {
	l := d.Life
	if l.Clubs == 0 {
		return ""
	}
	out := messages.Render(lang, "status.activity_area", messages.Args{"met_ok": digest.Mark(l.MetEveryMonth == l.Clubs),
		"met": l.MetEveryMonth, "clubs": l.Clubs, "full_ok": digest.Mark(l.FullSetOK()), "full": l.FullSet,
		"pct": l.FullSetPercent(), "target": l.TargetPercent})
	if l.NoMeeting > 0 {
		out += "\n" + messages.Render(lang, "status.activity_no_meeting", messages.Args{"count": l.NoMeeting})
	}
	return out
}
