package engine

import (
	"fmt"
	"strconv"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// act carries out what a step asked for.
func (t *turn) act(f *dialogue.Flow, action dialogue.ActionKind, env dialogue.Env) error {
	switch action {
	case dialogue.ActionRedeemCode:
		return t.redeemCode(t.s.Draft["code"])
	case dialogue.ActionRedeemPhone:
		return t.redeemPhone(t.s.Draft["phone"], t.s.Draft["own"] == "true")
	case dialogue.ActionCreateInvite:
		return t.createInvite(env)
	case dialogue.ActionCreateClub:
		return t.createClub(f, env)
	case dialogue.ActionRevokeUser:
		return t.revokeUser(env)
	case dialogue.ActionAskReview:
		return t.askReview(env)
	case dialogue.ActionEditClub:
		return t.editClub(env)
	case dialogue.ActionSendAnnouncement:
		return t.sendAnnouncement()
	}
	clubID := t.clubID()
	if clubID == 0 { // the role changed since the dialogue began
		t.s = dialogue.Idle(t.s)
		return t.refuse()
	}
	var err error
	switch action {
	case dialogue.ActionSaveMember:
		err = t.saveMember(clubID, env)
	case dialogue.ActionMemberLeft:
		err = t.memberLeft(env)
	case dialogue.ActionSaveFund:
		err = t.saveFund(clubID, env)
	case dialogue.ActionSaveActivity:
		err = t.saveActivity(clubID, env)
	case dialogue.ActionKeepActivity:
		err = t.keepActivity(env)
	case dialogue.ActionUpdateMember, dialogue.ActionUndoLeave, dialogue.ActionCorrectFund, dialogue.ActionWithdrawFund:
		err = t.correct(action, env)
	}
	if err != nil {
		return err
	}
	return t.afterSave(f, env)
}

// sourceKey names the step that saves, so a save is never stored twice.
func (t *turn) sourceKey() string {
	return t.s.Channel + "/" + t.s.ChatID + "/" + strconv.Itoa(t.s.Seq)
}

func (t *turn) saveMember(clubID int64, env dialogue.Env) error {
	m := dialogue.MemberFromDraft(t.s.Draft, clubID, env)
	m.SourceKey = t.sourceKey()
	if err := t.tx.AddMember(t.ctx, &m, t.user.ID, t.now); err != nil {
		return fmt.Errorf("add member: %w", err)
	}
	t.say("member.saved", map[string]any{"name": m.FullName})
	return nil
}

func (t *turn) memberLeft(env dialogue.Env) error {
	id, _ := strconv.ParseInt(t.s.Draft["member"], 10, 64)
	var name string
	for _, m := range env.Members { // only the leader's own club's members
		if m.ID == id {
			name = m.FullName
		}
	}
	if name == "" {
		t.s = dialogue.Idle(t.s)
		t.say("leave.gone", nil)
		return nil
	}
	reason := dialogue.LeaveReason(t.s.Draft)
	if err := t.tx.MemberLeft(t.ctx, id, bot.Day(t.now), reason, t.user.ID, t.now); err != nil {
		return fmt.Errorf("record departure: %w", err)
	}
	t.say("leave.saved", map[string]any{"name": name})
	return nil
}

func (t *turn) saveFund(clubID int64, env dialogue.Env) error {
	r := dialogue.FundFromDraft(t.s.Draft, clubID, env)
	r.ReportedBy, r.SourceKey = t.user.ID, t.sourceKey()
	if err := t.tx.AddFundReport(t.ctx, &r, t.user.ID, t.now); err != nil {
		return fmt.Errorf("add fund report: %w", err)
	}
	if err := t.flagFund(r, env); err != nil {
		return err
	}
	t.say("fund.saved", map[string]any{"date": messages.Date(r.AsOf)})
	return nil
}

// afterSave moves a saved flow on: to its follow-up question, or idle.
func (t *turn) afterSave(f *dialogue.Flow, env dialogue.Env) error {
	if t.s.Flow == "" { // the action ended the dialogue itself
		return nil
	}
	if f.AfterSave == "" {
		t.s = dialogue.Idle(t.s)
		return nil
	}
	t.s.Draft, t.s.Back = map[string]string{}, nil
	t.s.Step = f.AfterSave
	t.s.Seq++
	res := dialogue.Ask(f, t.s, f.Step(f.AfterSave), env, "", nil)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
	return nil
}

// within reports whether t is before deadline; a zero deadline never passes.
func within(t, deadline time.Time) bool {
	return deadline.IsZero() || t.Before(deadline)
}
