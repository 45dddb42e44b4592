package engine

import (
	"fmt"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
)

// activityArgs answers /activity, which takes no arguments.
func (t *turn) activityArgs(string) error { return t.activityCommand() }

// activityCommand starts the monthly activity report: at the choice of
// this month or the previous one while the month is young (before the
// reminder's day), else at this month's report, or, when the month is
// already reported, at what was saved, to correct or keep.
func (t *turn) activityCommand() error {
	if busy, err := t.busy(); busy {
		return err
	}
	if t.clubID() == 0 {
		return t.refuse()
	}
	f := t.e.flows["activity"]
	env, err := t.activityEnv(dialogue.Env{Now: t.now, Lang: t.lang, OlderAge: t.e.cfg.OlderAge}, t.clubID())
	if err != nil {
		return err
	}
	if err := t.noteOpenDialogues(); err != nil {
		return err
	}
	first, draft := dialogue.ActivityMonthStep, map[string]string{}
	if bot.Day(t.now).Day() >= t.e.cfg.ReminderDay {
		_, month := bot.Month(t.now)
		first, draft = "held", map[string]string{"month": dialogue.MonthValue(month)}
		if r, ok := dialogue.SavedActivity(month, env); ok {
			first, draft = dialogue.ActivityExistingStep, dialogue.ActivityDraft(r)
		}
	}
	t.openAt(f, first, draft, env)
	return nil
}

// activityEnv loads what the activity flow looks at: the club's active
// members, the plan's activities and the club's reports of this month and
// the one before.
func (t *turn) activityEnv(env dialogue.Env, clubID int64) (dialogue.Env, error) {
	var err error
	if env.Members, err = t.r.ActiveMembers(t.ctx, clubID); err != nil {
		return env, fmt.Errorf("load members: %w", err)
	}
	plan, err := t.r.CurrentPlan(t.ctx, t.now)
	if err != nil {
		return env, fmt.Errorf("load plan: %w", err)
	}
	env.Activities = plan.Activities
	_, month := bot.Month(t.now)
	if env.ActivityReports, err = t.r.ActivityReports(t.ctx, clubID, month.AddDate(0, -1, 0)); err != nil {
		return env, fmt.Errorf("load activity reports: %w", err)
	}
	return env, nil
}

// saveActivity saves a confirmed activity report, or corrects the month's
// report already saved (the one the dialogue began from, or one saved
// meanwhile from another chat), so that a month never has two.
func (t *turn) saveActivity(clubID int64, env dialogue.Env) error {
	r := dialogue.ActivityFromDraft(t.s.Draft, clubID, env)
	key := "activity.saved"
	saved, err := t.r.ActivityReports(t.ctx, clubID, r.Month)
	if err != nil {
		return fmt.Errorf("load activity reports: %w", err)
	}
	if len(saved) > 0 && saved[0].Month.Equal(r.Month) {
		r.ID, key = saved[0].ID, "activity.corrected"
		if err := t.tx.CorrectActivityReport(t.ctx, r, t.user.ID, t.now); err != nil {
			return fmt.Errorf("correct activity report: %w", err)
		}
	} else {
		r.ReportedBy, r.SourceKey = t.user.ID, t.sourceKey()
		if err := t.tx.AddActivityReport(t.ctx, &r, t.user.ID, t.now); err != nil {
			return fmt.Errorf("add activity report: %w", err)
		}
	}
	t.say(key, map[string]any{"month": r.Month.In(bot.Vietnam()).Format("01/2006")})
	return nil
}

// keepActivity ends the dialogue with the month's report as it was saved.
func (t *turn) keepActivity(env dialogue.Env) error {
	month := dialogue.ActivityMonthOf(t.s.Draft, env)
	t.s = dialogue.Idle(t.s)
	t.say("activity.kept", map[string]any{"month": month.In(bot.Vietnam()).Format("01/2006")})
	return nil
}
