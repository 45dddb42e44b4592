package engine

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// ActionEditClub carries out an officer's change to a club's life cycle.
const ActionEditClub ActionKind = "edit_club"

// What /editclub does to a club.
const (
	editLeader   = "leader"
	editRename   = "rename"
	editDissolve = "dissolve"
)

// editClubFlow lets an officer change a club of their scope: find it by
// part of its name, then change its leader (the old one unlinked, an
// invite for the new one), rename it, or dissolve it; always confirmed.
func editClubFlow() *Flow {
	return &Flow{
		Name: "editclub",
		Steps: []Step{
			{Name: "search", Prompt: "editclub.ask_name", Kind: KindSearch},
			{Name: "pick", Prompt: "search.ask_pick", Kind: KindChoice, Field: "club"},
			{Name: "action", Prompt: "editclub.ask_action", Kind: KindChoice, Field: "editclub_action", Choices: []Choice{
				{Value: editLeader, Key: "editclub.leader"},
				{Value: editRename, Key: "editclub.rename"},
				{Value: editDissolve, Key: "editclub.dissolve"},
			}, Next: func(d map[string]string) string {
				if d["editclub_action"] == editRename {
					return "name"
				}
				return stepConfirm
			}},
			{Name: "name", Prompt: "editclub.ask_new_name", Kind: KindText, Field: "new_name", Check: clubNameCheck},
			{Name: stepConfirm, Prompt: "editclub.summary", Kind: KindConfirm},
			{Name: stepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionEditClub,
		SummaryArgs: editClubSummary,
	}
}

// editClubSummary asks to confirm the change the draft describes.
func editClubSummary(d map[string]string, env Env) map[string]any {
	club, _ := optionByValue(env.Options, d["club"])
	args := map[string]any{"club": club.Label, "name": bot.ClubName(d["new_name"])}
	return map[string]any{"what": messages.HTML(messages.Render(env.Lang, "editclub.confirm_"+d["editclub_action"], args))}
}

// clubNameCheck refuses a name that is only "CLB".
func clubNameCheck(value string, _ bot.Session, _ Env) (string, map[string]any) {
	if bot.ClubName(value) == "" {
		return "editclub.invalid_name", nil
	}
	return "", nil
}

// editClubCommand starts /editclub; a name after the command is the
// answer to its first question.
func (t *turn) editClubCommand(args string) error {
	if err := t.startOfficerFlow("editclub"); err != nil || strings.TrimSpace(args) == "" || t.s.Flow != "editclub" {
		return err
	}
	t.replies = nil
	return t.advance(bot.Inbound{Kind: bot.InputText, Text: args, Channel: t.in.Channel, ChatID: t.in.ChatID})
}

// editClub carries out a confirmed change to a club in the officer's scope.
func (t *turn) editClub(env Env) error {
	d := t.s.Draft
	t.s = idle(t.s)
	_, ok := optionByValue(env.Options, d["club"])
	id, _ := strconv.ParseInt(d["club"], 10, 64)
	if !bot.IsOfficer(t.user) || !ok {
		t.say("editclub.gone", nil)
		return nil
	}
	club, err := t.tx.Club(t.ctx, id)
	if err != nil {
		return fmt.Errorf("load club: %w", err)
	}
	switch d["editclub_action"] {
	case editLeader:
		return t.changeLeader(club)
	case editRename:
		return t.renameClub(club, d, env)
	case editDissolve:
		if err := t.tx.DissolveClub(t.ctx, id, t.user.ID, t.now); err != nil {
			return fmt.Errorf("dissolve club: %w", err)
		}
		t.say("editclub.dissolved", map[string]any{"club": club.Name})
	}
	return nil
}

// changeLeader unlinks the club's leaders and makes an invite for the new one.
func (t *turn) changeLeader(club bot.Club) error {
	names, err := t.tx.UnlinkClubLeaders(t.ctx, club.ID, t.user.ID, t.now)
	if err != nil {
		return fmt.Errorf("unlink leaders: %w", err)
	}
	if len(names) == 0 {
		t.say("editclub.leader_none", map[string]any{"club": club.Name})
	} else {
		escaped := make([]string, len(names))
		for i, n := range names {
			escaped[i] = html.EscapeString(n)
		}
		t.say("editclub.leader_done", map[string]any{"club": club.Name, "names": messages.HTML(strings.Join(escaped, ", "))})
	}
	id := club.ID
	return t.issueInvite(bot.RoleLeader, bot.Scope{Kind: bot.ScopeClub, ClubID: &id}, club.Name)
}

// renameClub renames the club unless its commune has a club of that
// name: then it asks for another name, keeping the other answers.
func (t *turn) renameClub(club bot.Club, d map[string]string, env Env) error {
	name := bot.ClubName(d["new_name"])
	same, err := t.sameNameClub(club.UnitID, name)
	if err != nil {
		return err
	}
	if same != nil && same.ID != club.ID {
		f := t.e.flows["editclub"]
		t.s.Flow, t.s.Step, t.s.Draft, t.s.Back = f.Name, "name", d, []string{stepConfirm}
		t.s.Draft[fieldEdit] = "1"
		res := ask(f, t.s, f.step("name"), env, "editclub.name_taken", map[string]any{"name": same.Name})
		t.s = res.Session
		t.replies = append(t.replies, res.Replies...)
		return nil
	}
	if err := t.tx.RenameClub(t.ctx, club.ID, name, t.user.ID, t.now); err != nil {
		return fmt.Errorf("rename club: %w", err)
	}
	t.say("editclub.renamed", map[string]any{"old": club.Name, "club": name})
	return nil
}
