package engine

import (
	"fmt"
	"strconv"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// membersCommand answers /members: the club's members, paged and
// searchable, each opening its card.
func (t *turn) membersCommand() error {
	return t.startCorrection("members", "list", "members.none", func(env dialogue.Env) (map[string]string, bool) {
		return map[string]string{}, len(env.Members) > 0
	})
}

// fundFixCommand answers /fundfix: correct or withdraw the club's latest
// fund report.
func (t *turn) fundFixCommand() error {
	return t.startCorrection("fundfix", dialogue.FundFixFirst, "fundfix.none", func(env dialogue.Env) (map[string]string, bool) {
		if env.LastFund == nil {
			return nil, false
		}
		return dialogue.FundDraft(*env.LastFund), true
	})
}

// startCorrection begins flow name at step first with the draft that
// prepare makes from the flow's data, or says none when there is nothing
// to correct.
func (t *turn) startCorrection(name, first, none string, prepare func(dialogue.Env) (map[string]string, bool)) error {
	if busy, err := t.busy(); busy {
		return err
	}
	if t.clubID() == 0 {
		return t.refuse()
	}
	f := t.e.flows[name]
	env, err := t.correctionEnv(f, dialogue.Env{Now: t.now, Lang: t.lang, OlderAge: t.e.cfg.OlderAge}, t.clubID())
	if err != nil {
		return err
	}
	draft, ok := prepare(env)
	if !ok {
		t.say(none, nil)
		return nil
	}
	if err := t.noteOpenDialogues(); err != nil {
		return err
	}
	t.openAt(f, first, draft, env)
	return nil
}

// openAt opens dialogue f at step first with a draft (see
// dialogue.EnterAt) and asks it.
func (t *turn) openAt(f *dialogue.Flow, first string, draft map[string]string, env dialogue.Env) {
	res := dialogue.EnterAt(f, t.s, first, draft, env)
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
}

// loadsCorrectionEnv reports whether flow f at step loads its data with
// correctionEnv: the correction flows, and the member flow where it asks
// whether a new member is already in the club.
func loadsCorrectionEnv(f *dialogue.Flow, step string) bool {
	return f.Name == "members" || f.Name == "fundfix" ||
		f.Name == "member" && (step == dialogue.StepConfirm || step == "duplicate")
}

// correctionEnv loads what the correction flows look at: every member for
// /members; the active members and the latest report for /fundfix; for
// the member flow's duplicate question, the active members with the new
// member's name and year (one indexed query, however big the club).
func (t *turn) correctionEnv(f *dialogue.Flow, env dialogue.Env, clubID int64) (dialogue.Env, error) {
	var err error
	switch f.Name {
	case "members":
		env.Members, err = t.r.ClubMembers(t.ctx, clubID)
		return env, err
	case "member":
		env.Members, err = t.r.ActiveMembersNamed(t.ctx, clubID, t.s.Draft["name"], int(dialogue.DraftInt(t.s.Draft, "year")))
		return env, err
	}
	if env.Members, err = t.r.ActiveMembers(t.ctx, clubID); err != nil || f.Name != "fundfix" {
		return env, err
	}
	last, err := t.r.LastFundReport(t.ctx, clubID)
	if err == nil {
		env.LastFund = &last
	} else if bot.ErrorCode(err) != bot.ENOTFOUND {
		return env, fmt.Errorf("load last fund report: %w", err)
	}
	return env, nil
}

// correct carries out a correction the leader confirmed.
func (t *turn) correct(action dialogue.ActionKind, env dialogue.Env) error {
	switch action {
	case dialogue.ActionUpdateMember, dialogue.ActionUndoLeave:
		m, ok := dialogue.ChosenMember(t.s.Draft, env) // only the leader's own club's members
		if !ok {
			t.s = dialogue.Idle(t.s)
			t.say("leave.gone", nil)
			return nil
		}
		if action == dialogue.ActionUndoLeave {
			return t.undoLeave(m)
		}
		return t.updateMember(m)
	}
	id, _ := strconv.ParseInt(t.s.Draft["report"], 10, 64)
	if env.LastFund == nil || env.LastFund.ID != id { // another report came, or this one went
		t.s = dialogue.Idle(t.s)
		t.say("fundfix.gone", nil)
		return nil
	}
	if action == dialogue.ActionWithdrawFund {
		return t.withdrawFund(*env.LastFund)
	}
	return t.correctFund(*env.LastFund)
}

func (t *turn) updateMember(m bot.Member) error {
	changed, err := t.tx.UpdateMember(t.ctx, dialogue.MemberEdited(t.s.Draft, m), t.user.ID, t.now)
	if err != nil {
		return fmt.Errorf("update member: %w", err)
	}
	key := "members.updated"
	if !changed {
		key = "members.unchanged"
	}
	t.say(key, map[string]any{"name": t.s.Draft["name"]})
	return nil
}

func (t *turn) undoLeave(m bot.Member) error {
	if err := t.tx.UndoLeave(t.ctx, m.ID, t.user.ID, t.now); err != nil {
		return fmt.Errorf("undo leave: %w", err)
	}
	t.say("members.rejoined", map[string]any{"name": m.FullName})
	return nil
}

func (t *turn) correctFund(r bot.FundReport) error {
	if err := t.tx.CorrectFundReport(t.ctx, dialogue.FundCorrected(t.s.Draft, r), t.s.Draft["reason"], t.user.ID, t.now); err != nil {
		return fmt.Errorf("correct fund report: %w", err)
	}
	t.say("fundfix.corrected", map[string]any{"date": messages.Date(r.AsOf)})
	return nil
}

func (t *turn) withdrawFund(r bot.FundReport) error {
	if err := t.tx.WithdrawFundReport(t.ctx, r.ID, t.s.Draft["reason"], t.user.ID, t.now); err != nil {
		return fmt.Errorf("withdraw fund report: %w", err)
	}
	t.say("fundfix.withdrawn", map[string]any{"date": messages.Date(r.AsOf)})
	return nil
}
