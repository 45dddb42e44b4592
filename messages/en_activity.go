package messages

// enActivity is the English catalog of the monthly activity report
// (/activity) and of the club-life lines of /status, the digest and the
// reminder. The activities' own names are plan data, not sentences here.
var enActivity = map[string]string{
	"cmd.activity":  "Monthly activity report",
	"menu.activity": "📅 Monthly activities",

	"field.held":       "Regular meeting",
	"field.date":       "Meeting day",
	"field.attendance": "Attendance",
	"field.activities": "Activities",
	"field.counts":     "People",

	"activity.ask_month":            "Which month is the report for?",
	"activity.month_button":         "Month {month}",
	"activity.ask_held":             "In {month}, did the club hold its regular meeting?",
	"activity.ask_date":             "On which day was the meeting? (e.g. {date_example})",
	"activity.invalid_date":         "Please type the meeting's day within {month}, for example: {date_example}.",
	"activity.date_outside":         "The meeting's day must be within {month}, for example: {date_example}.",
	"activity.ask_attendance":       "How many people attended? (e.g. {example})",
	"activity.invalid_attendance":   "Please type the attendance in digits, for example: {example}.",
	"activity.too_many_attending":   "The club has {members} {members|member|members}: please type an attendance from 0 to {members}, for example: {example}.",
	"activity.ask_activities":       "In {month}, which activities did the club carry out? Press each one (press again to unselect), then <b>Done</b>.",
	"activity.ask_activities.typed": "In {month}, which activities did the club carry out? Type their numbers separated by spaces, for example: {list_example}. If none, type: done.",
	"activity.invalid_list":         "Please type the numbers of the activities carried out, separated by spaces, for example: {list_example}.",
	"activity.done":                 "Done",
	"activity.ask_count":            "“{activity}”: the number of {what}? (e.g. {count_example})",
	"activity.invalid_count":        "Please type the number in digits, for example: {count_example}.",
	"activity.too_many_counted":     "The club has {members} {members|member|members}: please type a number from 0 to {members}, for example: {count_example}.",
	"activity.summary":              "Please check the activity report for {month}:\n{report}",
	"activity.line_meeting":         "Regular meeting: <b>{meeting}</b>",
	"activity.line_meeting_held":    "Regular meeting: <b>Yes</b>, on {date}, {attendance} attended",
	"activity.line_activities":      "Activities: {activities}",
	"activity.line_counts":          "People: {counts}",
	"activity.count_item":           "{count} {what}",
	"activity.none":                 "none",
	"activity.existing":             "The club has reported {month}:\n{report}\nCorrect it or keep it?",
	"activity.fix":                  "✏️ Correct",
	"activity.keep":                 "Keep it",
	"activity.saved":                "✅ The activity report for {month} is saved. Thank you!",
	"activity.corrected":            "✅ The activity report for {month} is corrected.",
	"activity.kept":                 "The activity report for {month} is kept as saved.",

	"status.activity":            "{met_ok} Regular meetings: {met}/3 in the last months ({from}–{to})\n{full_ok} Activities: {full}",
	"status.activity_full":       "the full set within 3 months",
	"status.activity_missing":    "missing: {missing}",
	"status.activity_none_done":  "none reported",
	"status.activity_due":        "⚠️ The club has not reported its activities for {month}. Type /activity to report.",
	"status.activity_area":       "{met_ok} Clubs meeting in each of the last 3 months: {met}/{clubs}\n{full_ok} Clubs carrying out the full set of activities: {full}/{clubs} ({pct}%, target at least {target}%)",
	"status.activity_no_meeting": "⚠️ {count|club|clubs} with no meeting reported for 2 months",

	"digest.life":          "{mark} Clubs carrying out the full set of activities: {full}/{clubs} ({pct}%, target at least {target}%) · meeting every month for 3 months: {met}/{clubs}",
	"digest.life_area":     "    {area}: full set {full}/{clubs} ({pct}%) {mark} · meeting for 3 months {met}/{clubs}",
	"attention.no_meeting": "no meeting reported for 2 months",

	"report.col.meeting_months": "Months with a meeting (last 3)",
	"report.sum.full_set":       "Clubs carrying out the full set of activities (last 3 months)",
	"report.col.full_set":       "Full set of activities (3 months)",

	"history.activity_create":     "Activity report of {club} for {month}: {after}",
	"history.activity_correct":    "Activity report of {club} for {month} corrected: {before} → {after}",
	"history.activity_meeting":    "meeting on {date}, {attendance} attended, {count} {count|activity|activities}",
	"history.activity_no_meeting": "no meeting, {count} {count|activity|activities}",

	"reminder.activity":        "The club has not reported its activities for month {month} either: choose Activity report.",
	"reminder.activity_button": "📅 Activity report",
}
