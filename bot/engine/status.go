package engine

import (
	"fmt"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
)

// status shows a leader their club against the norms of the plan, and an
// officer the figures of their scope.
func (t *turn) status() error {
	clubID := t.clubID()
	switch {
	case clubID != 0:
		return t.showClub(clubID, "status.no_report", true)
	case t.user == nil:
		return t.guest()
	case bot.IsOfficer(t.user):
		return t.scopeStatus()
	}
	t.say("status.officer_pending", nil)
	return nil
}

// clubStatus shows an officer a club against the norms of the plan;
// noReport is the line shown when the club has no fund report yet.
func (t *turn) clubStatus(clubID int64, noReport string) error {
	return t.showClub(clubID, noReport, false)
}

// showClub shows a club against the norms of the plan; noReport is the
// line shown when the club has no fund report yet. warnLate (for the club's
// leader) adds a warning, with /fund, when the latest report is late by the
// monthly reminder's rule (FundReportLate).
func (t *turn) showClub(clubID int64, noReport string, warnLate bool) error {
	club, err := t.r.Club(t.ctx, clubID)
	if err != nil {
		return fmt.Errorf("load club: %w", err)
	}
	fig, err := t.r.ClubFigures(t.ctx, clubID, t.now.Year(), t.e.cfg.OlderAge)
	if err != nil {
		return fmt.Errorf("count members: %w", err)
	}
	plan, err := t.r.CurrentPlan(t.ctx, t.now)
	if err != nil {
		return fmt.Errorf("load plan: %w", err)
	}
	args := clubStatusArgs(club, fig, plan.Norms, t.e.cfg.OlderAge)
	args["starting_fund"] = messages.Money(club.StartingFund)
	args["min_fund"] = messages.Money(plan.MinStartingFund)
	args["fund_ok"] = digest.Mark(plan.MeetsStartingFund(club))
	last, err := t.r.LastFundReport(t.ctx, clubID)
	switch {
	case bot.ErrorCode(err) == bot.ENOTFOUND:
		args["funds"] = messages.Key(noReport)
	case err != nil:
		return fmt.Errorf("load last fund report: %w", err)
	default:
		args["funds"] = messages.HTML(t.fundLines(last, fig, plan.Norms, warnLate))
	}
	t.say("status.club", args)
	return t.sayClubLife(clubID, plan, warnLate)
}

// fundLines are the lines of a club's status on its latest fund report;
// warnLate adds the warning that the report is late, if it is.
func (t *turn) fundLines(last bot.FundReport, fig bot.ClubFigures, n bot.Norms, warnLate bool) string {
	funds := messages.Render(t.lang, "status.funds", fundStatusArgs(last, fig, n))
	if since, late := bot.FundReportLate(last.AsOf, t.now, t.e.cfg.ReminderDay); late && warnLate {
		funds += "\n" + messages.Render(t.lang, "status.fund_late", messages.Args{"month": since.Format("01/2006")})
	}
	return funds
}

// clubStatusArgs fills the member lines of a club's status.
func clubStatusArgs(c bot.Club, fig bot.ClubFigures, n bot.Norms, olderAge int) map[string]any {
	women := messages.Percent(fig.Women, fig.Members)
	older := messages.Percent(fig.Older, fig.Members)
	return map[string]any{
		"club":       c.Name,
		"members":    fig.Members,
		"members_ok": digest.Mark(fig.Members >= n.MinMembers && fig.Members <= n.MaxMembers),
		"min":        n.MinMembers,
		"max":        n.MaxMembers,
		"women":      women,
		"women_ok":   digest.Mark(women >= n.MinWomenPercent && women <= n.MaxWomenPercent),
		"women_min":  n.MinWomenPercent,
		"women_max":  n.MaxWomenPercent,
		"older":      older,
		"older_age":  olderAge,
		"older_ok":   digest.Mark(older >= n.MinOlderPercent && older <= n.MaxOlderPercent),
		"older_min":  n.MinOlderPercent,
		"older_max":  n.MaxOlderPercent,
	}
}

// fundStatusArgs fills the fund lines of a club's status.
func fundStatusArgs(r bot.FundReport, fig bot.ClubFigures, n bot.Norms) map[string]any {
	loans := messages.Percent(r.MembersWithLoans, fig.Members)
	return map[string]any{
		"income":    messages.Money(r.IncomeFund),
		"activity":  messages.Money(r.ActivityFund),
		"loans":     messages.Money(r.LoansOutstanding),
		"borrowers": r.MembersWithLoans,
		"loan_pct":  loans,
		"loans_ok":  digest.Mark(loans >= n.MinLoanPercent),
		"loan_min":  n.MinLoanPercent,
		"date":      messages.Date(r.AsOf),
	}
}
