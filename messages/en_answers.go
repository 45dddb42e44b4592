package messages

// enAnswers is the English catalog of the answers that must agree with
// each other: the plan's progress and end, empty areas, a leader's late
// fund report.
var enAnswers = map[string]string{
	"plan.running":             "📋 Plan to {to}: {clubs}/{target} clubs, {new_clubs}/{target_new} new clubs.",
	"plan.running_area":        "📋 Plan to {to}: {clubs} clubs, {new_clubs} new clubs (province's targets: {target} clubs, {target_new} new clubs).",
	"plan.ended":               "🏁 The plan to {to} has ended: {clubs}/{target} clubs, {new_clubs}/{target_new} new clubs.",
	"plan.ended_area":          "🏁 The plan to {to} has ended: {clubs} clubs, {new_clubs} new clubs (province's targets: {target} clubs, {target_new} new clubs).",
	"plan.next":                "ℹ️ To follow the next plan (Decision 1648/QĐ-TTg, to 2035), an admin sets <code>CLUBBOT_PLAN_FILE</code> to the path of the plan's file (in the format of the 1336 plan) and restarts the bot.",
	"plan.fund":                "{mark} Clubs with a starting fund of {min_fund} or more: {value}/{clubs}",
	"area.empty":               "<b>{^place}</b>\nNo clubs yet.",
	"digest.no_clubs":          "No clubs yet.",
	"status.fund_late":         "⚠️ The club has not reported its funds since the start of {month}. Type /fund to report.",
	"report.chart.title_ended": "Result of the plan to {to} (ended) — {date}",
}
