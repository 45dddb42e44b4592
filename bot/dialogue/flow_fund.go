package dialogue

import (
	"strconv"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// fundFlow records a fund report.
func fundFlow() *Flow {
	return &Flow{
		Name: "fund",
		Steps: []Step{
			{Name: "income", Prompt: "fund.ask_income", Kind: KindMoney, Field: "income",
				Confirm: balanceCheck(func(r bot.FundReport) int64 { return r.IncomeFund })},
			{Name: "activity", Prompt: "fund.ask_activity", Kind: KindMoney, Field: "activity",
				Confirm: balanceCheck(func(r bot.FundReport) int64 { return r.ActivityFund })},
			{Name: "loans", Prompt: "fund.ask_loans", Kind: KindMoney, Field: "loans", Confirm: loansCheck},
			{Name: "borrowers", Prompt: "fund.ask_borrowers", Kind: KindCount, Field: "borrowers",
				Check: notMoreThanMembers, PromptArgs: borrowersArgs, Invalid: "fund.invalid_borrowers",
				Confirm: borrowersCheck},
			{Name: StepConfirm, Prompt: "fund.summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionSaveFund,
		SummaryArgs: fundSummary,
	}
}

// balanceCheck asks "are you sure?" with the figures when a fund drops to
// 0 from a positive balance, or moves by more than half since the last
// report: most such answers are a missing or extra zero.
func balanceCheck(balance func(bot.FundReport) int64) func(string, bot.Session, Env) (string, map[string]any) {
	return func(value string, _ bot.Session, env Env) (string, map[string]any) {
		if env.LastFund == nil {
			return "", nil
		}
		before := balance(*env.LastFund)
		now, _ := strconv.ParseInt(value, 10, 64)
		args := map[string]any{"before": messages.Money(before)}
		switch {
		case bot.DroppedToZero(before, now):
			return "fund.check_zero", args
		case bot.MovedByHalf(before, now):
			return "fund.big_change", args
		}
		return "", nil
	}
}

// loansCheck asks about loans that contradict the members with loans
// already answered (when the leader changes the loans from the summary).
func loansCheck(value string, s bot.Session, _ Env) (string, map[string]any) {
	if _, ok := s.Draft["borrowers"]; !ok {
		return "", nil
	}
	loans, _ := strconv.ParseInt(value, 10, 64)
	return loanQuestion(loans, DraftInt(s.Draft, "borrowers"))
}

// borrowersCheck asks about members with loans that contradict the loans
// outstanding answered before: no loans but borrowers, or loans but no
// borrower.
func borrowersCheck(value string, s bot.Session, _ Env) (string, map[string]any) {
	if _, ok := s.Draft["loans"]; !ok {
		return "", nil
	}
	n, _ := strconv.ParseInt(value, 10, 64)
	return loanQuestion(DraftInt(s.Draft, "loans"), n)
}

// loanQuestion is the "are you sure?" naming both figures, or "".
func loanQuestion(loans, borrowers int64) (string, map[string]any) {
	key := bot.LoanMismatch(loans, borrowers)
	if key == "" {
		return "", nil
	}
	return "fund.check_" + key, map[string]any{"loans": messages.Money(loans), "borrowers": int(borrowers)}
}

// notMoreThanMembers refuses more borrowers than the club has members,
// naming how many it has. Members not loaded (nil) check nothing.
func notMoreThanMembers(value string, _ bot.Session, env Env) (string, map[string]any) {
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
		"income":    messages.Money(DraftInt(d, "income")),
		"activity":  messages.Money(DraftInt(d, "activity")),
		"loans":     messages.Money(DraftInt(d, "loans")),
		"borrowers": int(DraftInt(d, "borrowers")),
		"date":      messages.Date(bot.Day(env.Now)),
	}
}

// FundFromDraft builds the report a confirmed draft describes.
func FundFromDraft(d map[string]string, clubID int64, env Env) bot.FundReport {
	return bot.FundReport{
		ClubID:           clubID,
		AsOf:             bot.Day(env.Now),
		IncomeFund:       DraftInt(d, "income"),
		ActivityFund:     DraftInt(d, "activity"),
		LoansOutstanding: DraftInt(d, "loans"),
		MembersWithLoans: int(DraftInt(d, "borrowers")),
	}
}
