package dialogue

import (
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// newClubFlow records a newly founded club: its name, its commune-level
// unit, the founding date and decision, and the starting fund.
func newClubFlow() *Flow {
	return &Flow{
		Name: "newclub",
		Steps: []Step{
			{Name: "name", Prompt: "newclub.ask_name", Kind: KindText, Field: "club_name", Invalid: "newclub.invalid_name"},
			{Name: "unit_search", Prompt: "newclub.ask_unit", Kind: KindSearch},
			{Name: "unit", Prompt: "search.ask_pick", Kind: KindChoice, Field: "unit"},
			{Name: "founded", Prompt: "newclub.ask_founded", Kind: KindDate, Field: "founded"},
			{Name: "decision", Prompt: "newclub.ask_decision", Kind: KindText, Field: "decision",
				Invalid: "newclub.invalid_decision"},
			{Name: "fund", Prompt: "newclub.ask_fund", Kind: KindMoney, Field: "fund"},
			{Name: StepConfirm, Prompt: "newclub.summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionCreateClub,
		SummaryArgs: newClubSummary,
	}
}

// newClubSummary fills the summary of a new club.
func newClubSummary(d map[string]string, env Env) map[string]any {
	founded, _ := time.Parse(time.DateOnly, d["founded"])
	unit, _ := OptionByValue(env.Options, d["unit"])
	return map[string]any{
		"name":     bot.ClubName(d["club_name"]),
		"unit":     unit.Label,
		"founded":  messages.Date(founded),
		"decision": d["decision"],
		"fund":     messages.Money(DraftInt(d, "fund")),
	}
}

// ClubFromDraft builds the club a confirmed draft describes, in unit u.
func ClubFromDraft(d map[string]string, u bot.Unit, scope bot.Scope, loc *time.Location) bot.Club {
	founded, _ := time.ParseInLocation(time.DateOnly, d["founded"], loc)
	return bot.Club{
		Name:             bot.ClubName(d["club_name"]),
		UnitID:           u.ID,
		FormerDistrictID: bot.FormerDistrict(scope, u),
		FoundedOn:        founded,
		DecisionNo:       d["decision"],
		Status:           bot.ClubActive,
		StartingFund:     DraftInt(d, "fund"),
	}
}
