package dialogue

import (
	"strconv"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// Reasons a member leaves a club.
var leaveReasons = []Choice{
	{Value: "moved", Key: "reason.moved"},
	{Value: "died", Key: "reason.died"},
	{Value: "withdrew", Key: "reason.withdrew"},
	{Value: "other", Key: "reason.other"},
}

// leaveFlow records a member leaving the club.
func leaveFlow() *Flow {
	return &Flow{
		Name: "leave",
		Steps: []Step{
			{Name: "search", Prompt: "leave.ask_name", Kind: KindSearch},
			{Name: "pick", Prompt: "leave.ask_pick", Kind: KindChoice, Field: "member"},
			{Name: "reason", Prompt: "leave.ask_reason", Kind: KindChoice, Field: "reason", Choices: leaveReasons,
				Next: func(d map[string]string) string {
					if d["reason"] == "other" {
						return "reason_text"
					}
					return StepConfirm
				}},
			{Name: "reason_text", Prompt: "leave.ask_reason_text", Kind: KindText, Field: "reason_text"},
			{Name: StepConfirm, Prompt: "leave.summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionMemberLeft,
		SummaryArgs: leaveSummary,
	}
}

// leaveSummary fills the summary of a departure.
func leaveSummary(d map[string]string, env Env) map[string]any {
	args := map[string]any{"reason": messages.Key("reason." + d["reason"]), "date": messages.Date(bot.Day(env.Now))}
	if d["reason"] == "other" {
		args["reason"] = d["reason_text"]
	}
	id, _ := strconv.ParseInt(d["member"], 10, 64)
	for _, m := range env.Members {
		if m.ID == id {
			args["name"] = m.FullName
			args["year"] = strconv.Itoa(m.BirthYear)
		}
	}
	return args
}

// LeaveReason is the reason a confirmed draft gives, in words.
func LeaveReason(d map[string]string) string {
	if d["reason"] == "other" {
		return d["reason_text"]
	}
	return d["reason"]
}

// LeftReason names a reason for leaving: one of the dialogue's choices,
// or the text an import brought.
func LeftReason(lang, reason string) any {
	if reason != "" && messages.Has(lang, "reason."+reason) {
		return messages.Key("reason." + reason)
	}
	return reason
}
