package engine

import (
	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// activityHistory says what a change to an activity report did: the
// month's report, or its correction old -> new; ok is false for other
// changes.
func activityHistory(lang string, c bot.Change) (string, bool) {
	if c.Entity != "activity_report" {
		return "", false
	}
	var before, after bot.ActivityReport
	decodeChange(c.After, &after)
	args := map[string]any{"club": c.Club, "month": after.Month.In(bot.Vietnam()).Format("01/2006"),
		"after": messages.HTML(activityBrief(lang, after))}
	if c.Action != "correct" {
		return messages.Render(lang, "history.activity_create", args), true
	}
	decodeChange(c.Before, &before)
	args["before"] = messages.HTML(activityBrief(lang, before))
	return messages.Render(lang, "history.activity_correct", args), true
}

// activityBrief is a report in a few words: the meeting and how many
// activities.
func activityBrief(lang string, r bot.ActivityReport) string {
	args := messages.Args{"count": len(r.Done), "attendance": r.Attendance}
	if !r.MeetingHeld || r.MeetingOn == nil {
		return messages.Render(lang, "history.activity_no_meeting", args)
	}
	args["date"] = messages.Date(*r.MeetingOn)
	return messages.Render(lang, "history.activity_meeting", args)
}
