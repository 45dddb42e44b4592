package dialogue

import (
	"github.com/clubbot/clubbot/messages"
)

// ActionAskReview sends an officer's question about a fund report to the
// club's leader.
const ActionAskReview ActionKind = "ask_review"

// FieldReview keeps, in a fund dialogue opened by "Correct", the review
// the new report answers.
const FieldReview = "_review"

// reviewAskFlow is an officer's question to a club's leader about a fund
// report under review: the ready question or one of their own, confirmed.
func reviewAskFlow() *Flow {
	return &Flow{
		Name: "reviewask",
		Steps: []Step{
			{Name: "pick", Prompt: "review.ask_question", Kind: KindChoice, Field: "pick", Choices: []Choice{
				{Value: "default", Key: "review.default_question"},
				{Value: "own", Key: "review.own_question"},
			}, Next: func(d map[string]string) string {
				if d["pick"] == "own" {
					return "own"
				}
				return StepConfirm
			}},
			{Name: "own", Prompt: "review.ask_own", Kind: KindText, Field: "question"},
			{Name: StepConfirm, Prompt: "review.ask_summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action: ActionAskReview,
		SummaryArgs: func(d map[string]string, env Env) map[string]any {
			return map[string]any{"club": d["club"], "question": ReviewQuestion(d, env.Lang)}
		},
	}
}

// ReviewQuestion is the question a reviewask draft holds.
func ReviewQuestion(d map[string]string, lang string) string {
	if d["pick"] == "own" && d["question"] != "" {
		return d["question"]
	}
	return messages.Plain(lang, "review.default_question")
}
