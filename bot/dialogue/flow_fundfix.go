package dialogue

import (
	"strconv"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// FundFields are the draft fields of a fund report's figures.
var FundFields = []string{"income", "activity", "loans", "borrowers"}

// fundFixFlow corrects or withdraws the club's latest fund report, with a
// reason. The figures are asked by the fund flow's own steps, with its
// parsers and checks. The first step, "what", comes after the summary so
// that it is not among the answers the summary offers to change.
func fundFixFlow() *Flow {
	steps := fundFigureSteps()
	steps = append(steps,
		Step{Name: "reason", Prompt: "fundfix.ask_reason", Kind: KindText, Field: "reason"},
		Step{Name: StepConfirm, Prompt: "fundfix.summary", Kind: KindConfirm},
		Step{Name: StepEdit, Prompt: "fundfix.ask_figure", Kind: KindEdit},
		Step{Name: "what", Prompt: "fundfix.what", Kind: KindCard, PromptArgs: fundFixArgs, Choices: []Choice{
			{Value: StepEdit, Key: "fundfix.correct"},
			{Value: "withdraw_reason", Key: "fundfix.withdraw"},
		}},
		Step{Name: "withdraw_reason", Prompt: "fundfix.ask_withdraw_reason", Kind: KindText, Field: "reason"},
		Step{Name: "withdraw", Prompt: "fundfix.withdraw_ask", Kind: KindYesNo, Field: "withdraw", PromptArgs: fundFixArgs,
			Action: func(d map[string]string) ActionKind {
				if d["withdraw"] == "yes" {
					return ActionWithdrawFund
				}
				return ActionNone
			},
			Next: func(map[string]string) string { return "what" }},
	)
	return &Flow{Name: "fundfix", Steps: steps, Action: ActionCorrectFund, SummaryArgs: fundFixSummary}
}

// FundFixFirst is the step a correction starts at.
const FundFixFirst = "what"

// fundFigureSteps are the fund flow's questions of the figures; each goes
// on to the reason, once, then back to the summary.
func fundFigureSteps() []Step {
	var out []Step
	for _, st := range fundFlow().Steps {
		for _, field := range FundFields {
			if st.Field == field {
				// "Moved by more than half?" would compare with the very
				// figure being corrected; the summary shows old -> new.
				st.Confirm = nil
				st.Next = func(d map[string]string) string {
					if d["reason"] == "" {
						return "reason"
					}
					return StepConfirm
				}
				out = append(out, st)
			}
		}
	}
	return out
}

// FundDraft is a report's figures as the fund flow's draft holds them, with
// the same kept as they were, and the report's id.
func FundDraft(r bot.FundReport) map[string]string {
	d := map[string]string{"report": strconv.FormatInt(r.ID, 10)}
	for k, v := range map[string]int64{"income": r.IncomeFund, "activity": r.ActivityFund,
		"loans": r.LoansOutstanding, "borrowers": int64(r.MembersWithLoans)} {
		d[k] = strconv.FormatInt(v, 10)
		d[oldPrefix+k] = d[k]
	}
	return d
}

// FundValue renders a draft value of a report's figure.
func FundValue(field, value string) any {
	n, _ := strconv.ParseInt(value, 10, 64)
	if field == "borrowers" {
		return int(n)
	}
	return messages.Money(n)
}

// fundFixArgs fills the questions about the report as it is stored.
func fundFixArgs(d map[string]string, env Env) map[string]any {
	if env.LastFund == nil {
		return map[string]any{}
	}
	r := *env.LastFund
	return map[string]any{"date": messages.Date(r.AsOf), "income": messages.Money(r.IncomeFund),
		"activity": messages.Money(r.ActivityFund), "loans": messages.Money(r.LoansOutstanding),
		"borrowers": r.MembersWithLoans, "reason": d["reason"]}
}

// fundFixSummary shows each figure, old -> new where it changed, and the
// reason.
func fundFixSummary(d map[string]string, env Env) map[string]any {
	args := fundFixArgs(d, env)
	args["changes"] = changeLines(FundFields, d, env.Lang, FundValue)
	return args
}

// FundCorrected is the report a confirmed correction describes.
func FundCorrected(d map[string]string, r bot.FundReport) bot.FundReport {
	r.IncomeFund, r.ActivityFund = DraftInt(d, "income"), DraftInt(d, "activity")
	r.LoansOutstanding, r.MembersWithLoans = DraftInt(d, "loans"), int(DraftInt(d, "borrowers"))
	return r
}
