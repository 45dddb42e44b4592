package engine

import (
	"fmt"
	"strconv"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// createClub saves the club the dialogue described, unless its unit has
// a club of the same name, and offers an invite for its leader.
func (t *turn) createClub(f *dialogue.Flow, env dialogue.Env) error {
	if !bot.IsOfficer(t.user) {
		t.s = dialogue.Idle(t.s)
		return t.notOfficer()
	}
	if _, ok := dialogue.OptionByValue(env.Options, t.s.Draft["unit"]); !ok {
		t.s = dialogue.Idle(t.s)
		t.say("step.stale", nil)
		return nil
	}
	unitID, _ := strconv.ParseInt(t.s.Draft["unit"], 10, 64)
	unit, err := t.r.Unit(t.ctx, unitID)
	if err != nil {
		return fmt.Errorf("load unit: %w", err)
	}
	if same, err := t.sameNameClub(unitID, bot.ClubName(t.s.Draft["club_name"])); err != nil || same != nil {
		if same != nil {
			t.clubNameTaken(f, env, *same, unit)
		}
		return err
	}
	c := dialogue.ClubFromDraft(t.s.Draft, unit, bot.OfficerScope(t.user), bot.Vietnam())
	if err := t.tx.CreateClub(t.ctx, &c, t.user.ID, t.now); err != nil {
		return fmt.Errorf("create club: %w", err)
	}
	t.s = dialogue.Idle(t.s)
	t.say("newclub.saved", map[string]any{"name": c.Name, "unit": unit.FullName()})
	t.replies = append(t.replies, dialogue.Reply{Key: "newclub.offer_invite", Choices: []dialogue.Choice{
		{Value: "menu.club_invite." + strconv.FormatInt(c.ID, 10), Key: "newclub.button_invite"},
	}})
	return nil
}

// sameNameClub returns the club of the unit whose name folds like name.
func (t *turn) sameNameClub(unitID int64, name string) (*bot.Club, error) {
	clubs, err := t.r.ClubsInUnit(t.ctx, unitID)
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
func (t *turn) clubNameTaken(f *dialogue.Flow, env dialogue.Env, c bot.Club, u bot.Unit) {
	t.say("newclub.duplicate", map[string]any{"name": c.Name, "unit": u.FullName(),
		"founded": messages.Date(c.FoundedOn), "decision": c.DecisionNo})
	t.s.Draft[dialogue.FieldEdit] = "1"
	t.s.Step = "name"
	t.s.Seq++
	res := dialogue.Ask(f, t.s, f.Step("name"), env, "", nil)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
}
