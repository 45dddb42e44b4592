package engine

import (
	"fmt"
	"strconv"
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
			{Name: stepConfirm, Prompt: "newclub.summary", Kind: KindConfirm},
			{Name: stepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionCreateClub,
		SummaryArgs: newClubSummary,
	}
}

// newClubSummary fills the summary of a new club.
func newClubSummary(d map[string]string, env Env) map[string]any {
	founded, _ := time.Parse(time.DateOnly, d["founded"])
	unit, _ := optionByValue(env.Options, d["unit"])
	return map[string]any{
		"name":     bot.ClubName(d["club_name"]),
		"unit":     unit.Label,
		"founded":  messages.Date(founded),
		"decision": d["decision"],
		"fund":     messages.Money(draftInt(d, "fund")),
	}
}

// clubFromDraft builds the club a confirmed draft describes, in unit u.
func clubFromDraft(d map[string]string, u bot.Unit, scope bot.Scope, loc *time.Location) bot.Club {
	founded, _ := time.ParseInLocation(time.DateOnly, d["founded"], loc)
	return bot.Club{
		Name:             bot.ClubName(d["club_name"]),
		UnitID:           u.ID,
		FormerDistrictID: bot.FormerDistrict(scope, u),
		FoundedOn:        founded,
		DecisionNo:       d["decision"],
		Status:           bot.ClubActive,
		StartingFund:     draftInt(d, "fund"),
	}
}

// createClub saves the club the dialogue described, unless its unit has
// a club of the same name, and offers an invite for its leader.
func (t *turn) createClub(f *Flow, env Env) error {
	if !bot.IsOfficer(t.user) {
		t.s = idle(t.s)
		return t.notOfficer()
	}
	if _, ok := optionByValue(env.Options, t.s.Draft["unit"]); !ok {
		t.s = idle(t.s)
		t.say("step.stale", nil)
		return nil
	}
	unitID, _ := strconv.ParseInt(t.s.Draft["unit"], 10, 64)
	unit, err := t.tx.Unit(t.ctx, unitID)
	if err != nil {
		return fmt.Errorf("load unit: %w", err)
	}
	if same, err := t.sameNameClub(unitID, bot.ClubName(t.s.Draft["club_name"])); err != nil || same != nil {
		if same != nil {
			t.clubNameTaken(f, env, *same, unit)
		}
		return err
	}
	c := clubFromDraft(t.s.Draft, unit, bot.OfficerScope(t.user), bot.Vietnam())
	if err := t.tx.CreateClub(t.ctx, &c, t.user.ID, t.now); err != nil {
		return fmt.Errorf("create club: %w", err)
	}
	t.s = idle(t.s)
	t.say("newclub.saved", map[string]any{"name": c.Name, "unit": unit.FullName()})
	t.replies = append(t.replies, Reply{Key: "newclub.offer_invite", Choices: []Choice{
		{Value: "menu.club_invite." + strconv.FormatInt(c.ID, 10), Key: "newclub.button_invite"},
	}})
	return nil
}

// sameNameClub returns the club of the unit whose name folds like name.
func (t *turn) sameNameClub(unitID int64, name string) (*bot.Club, error) {
	clubs, err := t.tx.ClubsInUnit(t.ctx, unitID)
	if err != nil {
		return nil, fmt.Errorf("load clubs of unit: %w", err)
	}
	for _, c := range clubs {
		if bot.Fold(bot.ClubName(c.Name)) == bot.Fold(bot.ClubName(name)) {
			return &c, nil
		}
	}
	return nil, nil
}

// clubNameTaken shows the club that already has the name and asks for
// another name, keeping the other answers.
func (t *turn) clubNameTaken(f *Flow, env Env, c bot.Club, u bot.Unit) {
	t.say("newclub.duplicate", map[string]any{"name": c.Name, "unit": u.FullName(),
		"founded": messages.Date(c.FoundedOn), "decision": c.DecisionNo})
	t.s.Draft[fieldEdit] = "1"
	t.s.Step = "name"
	t.s.Seq++
	res := ask(f, t.s, f.step("name"), env, "", nil)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
}
