package engine

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

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
func (t *turn) editClub(env dialogue.Env) error {
	d := t.s.Draft
	t.s = dialogue.Idle(t.s)
	_, ok := dialogue.OptionByValue(env.Options, d["club"])
	id, _ := strconv.ParseInt(d["club"], 10, 64)
	if !bot.IsOfficer(t.user) || !ok {
		t.say("editclub.gone", nil)
		return nil
	}
	club, err := t.r.Club(t.ctx, id)
	if err != nil {
		return fmt.Errorf("load club: %w", err)
	}
	switch d["editclub_action"] {
	case dialogue.EditLeader:
		return t.changeLeader(club)
	case dialogue.EditRename:
		return t.renameClub(club, d, env)
	case dialogue.EditDissolve:
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
func (t *turn) renameClub(club bot.Club, d map[string]string, env dialogue.Env) error {
	name := bot.ClubName(d["new_name"])
	same, err := t.sameNameClub(club.UnitID, name)
	if err != nil {
		return err
	}
	if same != nil && same.ID != club.ID {
		f := t.e.flows["editclub"]
		t.s.Flow, t.s.Step, t.s.Draft, t.s.Back = f.Name, "name", d, []string{dialogue.StepConfirm}
		t.s.Draft[dialogue.FieldEdit] = "1"
		res := dialogue.Ask(f, t.s, f.Step("name"), env, "editclub.name_taken", map[string]any{"name": same.Name})
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
