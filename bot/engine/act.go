package engine

import (
	"fmt"
	"strconv"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// act carries out what a step asked for.
func (t *turn) act(f *Flow, action ActionKind, env Env) error {
	switch action {
	case ActionRedeemCode:
		return t.redeemCode(t.s.Draft["code"])
	case ActionRedeemPhone:
		return t.redeemPhone(t.s.Draft["phone"], t.s.Draft["own"] == "true")
	case ActionCreateInvite:
		return t.createInvite(env)
	case ActionCreateClub:
		return t.createClub(f, env)
	case ActionRevokeUser:
		return t.revokeUser(env)
	case ActionAskReview:
		return t.askReview(env)
	case ActionEditClub:
		return t.editClub(env)
	}
	clubID := t.clubID()
	if clubID == 0 { // the role changed since the dialogue began
		t.s = idle(t.s)
		return t.refuse()
	}
	var err error
	switch action {
	case ActionSaveMember:
		err = t.saveMember(clubID, env)
	case ActionMemberLeft:
		err = t.memberLeft(env)
	case ActionSaveFund:
		err = t.saveFund(clubID, env)
	case ActionUpdateMember, ActionUndoLeave, ActionCorrectFund, ActionWithdrawFund:
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

func (t *turn) saveMember(clubID int64, env Env) error {
	m := memberFromDraft(t.s.Draft, clubID, env)
	m.SourceKey = t.sourceKey()
	if err := t.tx.AddMember(t.ctx, &m, t.user.ID, t.now); err != nil {
		return fmt.Errorf("add member: %w", err)
	}
	t.say("member.saved", map[string]any{"name": m.FullName})
	return nil
}

func (t *turn) memberLeft(env Env) error {
	id, _ := strconv.ParseInt(t.s.Draft["member"], 10, 64)
	var name string
	for _, m := range env.Members { // only the leader's own club's members
		if m.ID == id {
			name = m.FullName
		}
	}
	if name == "" {
		t.s = idle(t.s)
		t.say("leave.gone", nil)
		return nil
	}
	reason := leaveReason(t.s.Draft)
	if err := t.tx.MemberLeft(t.ctx, id, bot.Day(t.now), reason, t.user.ID, t.now); err != nil {
		return fmt.Errorf("record departure: %w", err)
	}
	t.say("leave.saved", map[string]any{"name": name})
	return nil
}

func (t *turn) saveFund(clubID int64, env Env) error {
	r := fundFromDraft(t.s.Draft, clubID, env)
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
func (t *turn) afterSave(f *Flow, env Env) error {
	if t.s.Flow == "" { // the action ended the dialogue itself
		return nil
	}
	if f.AfterSave == "" {
		t.s = idle(t.s)
		return nil
	}
	t.s.Draft, t.s.Back = map[string]string{}, nil
	t.s.Step = f.AfterSave
	t.s.Seq++
	res := ask(f, t.s, f.step(f.AfterSave), env, "", nil)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
	return nil
}

// within reports whether t is before deadline; a zero deadline never passes.
func within(t, deadline time.Time) bool {
	return deadline.IsZero() || t.Before(deadline)
}
