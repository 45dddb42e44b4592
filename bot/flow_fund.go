package bot

import (
	"strconv"

	"github.com/clubbot/clubbot/messages"
)

// fundFlow records a fund report.
func fundFlow() *Flow {
	return &Flow{
		Name: "fund",
		Steps: []Step{
			{Name: "income", Prompt: "fund.ask_income", Kind: KindMoney, Field: "income",
				Confirm: bigChange(func(r FundReport) int64 { return r.IncomeFund })},
			{Name: "activity", Prompt: "fund.ask_activity", Kind: KindMoney, Field: "activity",
				Confirm: bigChange(func(r FundReport) int64 { return r.ActivityFund })},
			{Name: "loans", Prompt: "fund.ask_loans", Kind: KindMoney, Field: "loans"},
			{Name: "borrowers", Prompt: "fund.ask_borrowers", Kind: KindCount, Field: "borrowers",
				Check: notMoreThanMembers, PromptArgs: borrowersArgs, Invalid: "fund.invalid_borrowers"},
			{Name: stepConfirm, Prompt: "fund.summary", Kind: KindConfirm},
			{Name: stepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionSaveFund,
		SummaryArgs: fundSummary,
	}
}

// bigChange asks "are you sure?" when a balance moves by more than half
// since the last report: most such answers are a missing or extra zero.
func bigChange(balance func(FundReport) int64) func(string, Session, Env) string {
	return func(value string, _ Session, env Env) string {
		if env.LastFund == nil {
			return ""
		}
		before := balance(*env.LastFund)
		now, _ := strconv.ParseInt(value, 10, 64)
		diff := now - before
		if diff < 0 {
			diff = -diff
		}
		if before > 0 && diff*2 > before {
			return "fund.big_change"
		}
		return ""
	}
}

// notMoreThanMembers refuses more borrowers than the club has members,
// naming how many it has. Members not loaded (nil) check nothing.
func notMoreThanMembers(value string, _ Session, env Env) (string, map[string]any) {
	n, _ := strconv.Atoi(value)
	switch {
	case env.Members == nil || n <= len(env.Members):
		return "", nil
	case len(env.Members) == 0:
		return "fund.borrowers_no_members", nil
	}
	return "fund.too_many_borrowers", borrowersArgs(nil, env)
}

// borrowersArgs are the club's member count and an example of borrowers
// that fits it: half the members, rounded up, as the norm asks at least.
func borrowersArgs(_ map[string]string, env Env) map[string]any {
	n := len(env.Members)
	return map[string]any{"members": n, "example": (n + 1) / 2}
}

// fundSummary fills the summary of a fund report.
func fundSummary(d map[string]string, env Env) map[string]any {
	return map[string]any{
		"income":    messages.Money(draftInt(d, "income")),
		"activity":  messages.Money(draftInt(d, "activity")),
		"loans":     messages.Money(draftInt(d, "loans")),
		"borrowers": int(draftInt(d, "borrowers")),
		"date":      messages.Date(day(env.Now)),
	}
}

// fundFromDraft builds the report a confirmed draft describes.
func fundFromDraft(d map[string]string, clubID int64, env Env) FundReport {
	return FundReport{
		ClubID:           clubID,
		AsOf:             day(env.Now),
		IncomeFund:       draftInt(d, "income"),
		ActivityFund:     draftInt(d, "activity"),
		LoansOutstanding: draftInt(d, "loans"),
		MembersWithLoans: int(draftInt(d, "borrowers")),
	}
}
