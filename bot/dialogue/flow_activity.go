package dialogue

import (
	"strconv"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// Draft fields of the activity report besides the answers: the month
// ("2026-11") and the activity whose count is being asked.
const (
	fieldMonth   = "month"
	fieldCountAt = "_count_at"
)

// ActivityFields are the draft fields of a report's answers, in the order
// the summary shows them.
var ActivityFields = []string{"held", "date", "attendance", "activities", "counts"}

// activityFlow records what a club did in a month: the regular meeting
// (held? its day and attendance), the activities carried out (several
// choices) and the counts of those that have one. A report of a month
// already reported corrects it. The "already reported" step comes after
// the summary's edit step, so that the summary does not offer
// to change them; the month, first, is kept by its Store, not as a field,
// for the same reason.
func activityFlow() *Flow {
	return &Flow{
		Name: "activity",
		Steps: []Step{
			{Name: ActivityMonthStep, Prompt: "activity.ask_month", Kind: KindChoice, Options: monthOptions,
				Store: storeMonth, Next: afterMonth},
			{Name: "held", Prompt: "activity.ask_held", Kind: KindYesNo, Field: "held", PromptArgs: activityArgs, Next: afterHeld},
			{Name: "date", Prompt: "activity.ask_date", Kind: KindDate, Field: "date", PromptArgs: activityArgs,
				Invalid: "activity.invalid_date", Check: meetingInMonth, Next: afterDate},
			{Name: "attendance", Prompt: "activity.ask_attendance", Kind: KindCount, Field: "attendance", PromptArgs: activityArgs,
				Invalid: "activity.invalid_attendance", Check: notMoreThanMembersCount("activity.too_many_attending"), Next: afterAttendance},
			{Name: "activities", Prompt: "activity.ask_activities", Kind: KindMulti, Field: "activities", PromptArgs: activityArgs,
				Options: activityOptions, Next: afterActivities},
			{Name: "counts", Prompt: "activity.ask_count", Kind: KindCount, Field: "counts", PromptArgs: countArgs,
				Invalid: "activity.invalid_count", Check: notMoreThanMembersCount("activity.too_many_counted"),
				Store: storeCount, Next: afterCount},
			{Name: StepConfirm, Prompt: "activity.summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
			{Name: ActivityExistingStep, Prompt: "activity.existing", Kind: KindChoice, Field: "existing", PromptArgs: existingArgs,
				Choices: []Choice{{Value: "edit", Key: "activity.fix"}, {Value: "keep", Key: "activity.keep"}},
				Action: func(d map[string]string) ActionKind {
					if d["existing"] == "keep" {
						return ActionKeepActivity
					}
					return ActionNone
				},
				Next: func(map[string]string) string { return StepEdit }},
		},
		Action:      ActionSaveActivity,
		SummaryArgs: activitySummary,
	}
}

// The steps an activity report may start at besides the first.
const (
	ActivityMonthStep    = "month"
	ActivityExistingStep = "existing"
)

// editing reports whether one answer is being changed from the summary.
func editing(d map[string]string) bool { return d[FieldEdit] != "" }

// afterHeld asks the meeting's day when there was one, else the
// activities; changing the answer from the summary asks only what is
// missing.
func afterHeld(d map[string]string) string {
	switch {
	case d["held"] == "yes" && (d["date"] == "" || d["attendance"] == ""):
		return "date"
	case editing(d):
		return StepConfirm
	case d["held"] == "yes":
		return "date"
	}
	return "activities"
}

func afterDate(d map[string]string) string {
	if d["attendance"] == "" || !editing(d) {
		return "attendance"
	}
	return StepConfirm
}

func afterAttendance(d map[string]string) string {
	if editing(d) {
		return StepConfirm
	}
	return "activities"
}

// afterActivities asks the counts of the chosen activities that have one.
func afterActivities(d map[string]string) string {
	if d[fieldCountAt] != "" {
		return "counts"
	}
	return StepConfirm
}

// afterCount asks the next count, or shows the summary.
func afterCount(d map[string]string) string {
	if d[fieldCountAt] != "" {
		return "counts"
	}
	return StepConfirm
}

// afterMonth shows a report already saved for the month, or asks about
// the meeting.
func afterMonth(d map[string]string) string {
	if d["report"] != "" {
		return ActivityExistingStep
	}
	return "held"
}

// ActivityMonthOf is the month the draft reports on: its "month", else
// the month of env.Now.
func ActivityMonthOf(d map[string]string, env Env) time.Time {
	if t, err := time.ParseInLocation("2006-01", d[fieldMonth], bot.Vietnam()); err == nil {
		return t
	}
	_, m := bot.Month(env.Now)
	return m
}

// MonthValue is a month as the draft keeps it.
func MonthValue(m time.Time) string { return m.In(bot.Vietnam()).Format("2006-01") }

// monthLabel is a month as questions show it: "11/2026".
func monthLabel(m time.Time) string { return m.In(bot.Vietnam()).Format("01/2006") }

// monthOptions are the month before and this month: the question is
// asked while the month is young, when the one before is still owed.
func monthOptions(_ bot.Session, env Env) []Choice {
	_, this := bot.Month(env.Now)
	var out []Choice
	for _, m := range []time.Time{this.AddDate(0, -1, 0), this} {
		out = append(out, Choice{Value: MonthValue(m),
			Label: messages.Render(env.Lang, "activity.month_button", messages.Args{"month": monthLabel(m)})})
	}
	return out
}

// storeMonth keeps the month chosen, with the month's saved report to
// correct, if there is one, and nothing of another month's answers.
func storeMonth(d map[string]string, value string, env Env) {
	for k := range d {
		if !strings.HasPrefix(k, "_") {
			delete(d, k)
		}
	}
	d[fieldMonth] = value
	if r, ok := SavedActivity(ActivityMonthOf(d, env), env); ok {
		for k, v := range ActivityDraft(r) {
			d[k] = v
		}
	}
}

// SavedActivity is the club's saved report of month m, if any.
func SavedActivity(m time.Time, env Env) (bot.ActivityReport, bool) {
	return bot.ReportOf(env.ActivityReports, m)
}

// activityArgs fill the questions: the month, the club's member count and
// examples that fit them.
func activityArgs(d map[string]string, env Env) map[string]any {
	m := ActivityMonthOf(d, env)
	n := len(env.Members)
	example := max(n*3/4, min(n, 1)) // three in four came: fits the club
	if n == 0 {                      // no member registered yet: nothing to check against
		example = 20
	}
	return map[string]any{"month": monthLabel(m), "members": n, "example": example,
		"date_example": dateExample(m, env), "list_example": listExample(len(env.Activities))}
}

// dateExample is a meeting day of month m that is not to come: the 15th,
// or today in a month not yet at its 15th.
func dateExample(m time.Time, env Env) string {
	d := 15
	if today := bot.Day(env.Now); today.Year() == m.Year() && today.Month() == m.Month() {
		d = min(d, today.Day())
	}
	return strconv.Itoa(d) + "/" + strconv.Itoa(int(m.Month()))
}

// meetingInMonth refuses a meeting day outside the month reported.
func meetingInMonth(value string, s bot.Session, env Env) (string, map[string]any) {
	day, err := time.ParseInLocation(time.DateOnly, value, bot.Vietnam())
	m := ActivityMonthOf(s.Draft, env)
	if err == nil && day.Year() == m.Year() && day.Month() == m.Month() {
		return "", nil
	}
	return "activity.date_outside", activityArgs(s.Draft, env)
}

// notMoreThanMembersCount refuses more people than the club has members,
// with the refusal key; a club without members registered checks nothing.
func notMoreThanMembersCount(key string) func(string, bot.Session, Env) (string, map[string]any) {
	return func(value string, s bot.Session, env Env) (string, map[string]any) {
		n, _ := strconv.Atoi(value)
		if len(env.Members) == 0 || n <= len(env.Members) {
			return "", nil
		}
		args := activityArgs(s.Draft, env)
		for k, v := range countArgs(s.Draft, env) {
			args[k] = v
		}
		return key, args
	}
}

// existingArgs show the report saved for the month.
func existingArgs(d map[string]string, env Env) map[string]any {
	args := activityArgs(d, env)
	args["report"] = activityLines(d, env)
	return args
}

// activitySummary fills the summary: the answers, or for a correction
// each answer old -> new.
func activitySummary(d map[string]string, env Env) map[string]any {
	args := activityArgs(d, env)
	args["report"] = activityLines(d, env)
	if d["report"] != "" {
		args["report"] = changeLines(ActivityFields, d, env.Lang, func(field, v string) any {
			return activityValue(field, v, env)
		})
	}
	return args
}

// ActivityFromDraft builds the report a confirmed draft describes.
func ActivityFromDraft(d map[string]string, clubID int64, env Env) bot.ActivityReport {
	r := bot.ActivityReport{ClubID: clubID, Month: ActivityMonthOf(d, env), MeetingHeld: d["held"] == "yes"}
	if r.MeetingHeld {
		if day, err := time.ParseInLocation(time.DateOnly, d["date"], bot.Vietnam()); err == nil {
			r.MeetingOn = &day
		}
		r.Attendance = int(DraftInt(d, "attendance"))
	}
	counts := draftCounts(d["counts"])
	for _, key := range chosen(d) {
		done := bot.ActivityDone{Key: key}
		if a, ok := activityOf(key, env); ok && a.Counted() {
			n := counts[key]
			done.Count = &n
		}
		r.Done = append(r.Done, done)
	}
	return r
}

// ActivityDraft is a saved report as the flow's draft holds it, with the
// same kept as they were, and the report's id.
func ActivityDraft(r bot.ActivityReport) map[string]string {
	d := map[string]string{"report": strconv.FormatInt(r.ID, 10), fieldMonth: MonthValue(r.Month), "held": "no"}
	if r.MeetingHeld {
		d["held"] = "yes"
		if r.MeetingOn != nil {
			d["date"] = r.MeetingOn.In(bot.Vietnam()).Format(time.DateOnly)
		}
		d["attendance"] = strconv.Itoa(r.Attendance)
	}
	var keys, counts []string
	for _, x := range r.Done {
		keys = append(keys, x.Key)
		if x.Count != nil {
			counts = append(counts, x.Key+"="+strconv.Itoa(*x.Count))
		}
	}
	d["activities"], d["counts"] = strings.Join(keys, ","), strings.Join(counts, ",")
	for _, f := range ActivityFields {
		d[oldPrefix+f] = d[f]
	}
	return d
}
