package engine

import (
	"fmt"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// redeemCode links the user through an invite code, or explains why not.
func (t *turn) redeemCode(code string) error {
	locked, err := t.codesLocked()
	if err != nil || locked {
		return err
	}
	inv, err := t.r.InviteByCodeHash(t.ctx, bot.HashInviteCode(code))
	switch {
	case bot.ErrorCode(err) == bot.ENOTFOUND || !bot.LooksLikeInviteCode(code):
		return t.codeFailed("code.wrong")
	case err != nil:
		return fmt.Errorf("find invite: %w", err)
	case inv.UsedAt != nil:
		return t.codeFailed(codeKey(inv, "used"))
	case !within(t.now, inv.ExpiresAt):
		return t.codeFailed(codeKey(inv, "expired"))
	case inv.LinkUserID != nil:
		return t.linkAccount(inv)
	}
	return t.link(inv)
}

// codesLocked tells the user, and reports true, after too many wrong codes.
func (t *turn) codesLocked() (bool, error) {
	since := t.now.Add(-time.Hour)
	n, err := t.r.FailedCodesSince(t.ctx, t.in.Channel, t.in.ChannelUserID, since)
	if err != nil {
		return false, fmt.Errorf("count failed codes: %w", err)
	}
	if n < t.e.cfg.CodeTries {
		return false, nil
	}
	t.say("code.locked", nil)
	if t.user != nil {
		return true, t.reask()
	}
	t.s = dialogue.Idle(t.s)
	return true, nil
}

// codeFailed counts a wrong code and asks again.
func (t *turn) codeFailed(key string) error {
	if err := t.tx.RecordFailedCode(t.ctx, t.in.Channel, t.in.ChannelUserID, t.now); err != nil {
		return fmt.Errorf("record failed code: %w", err)
	}
	return t.onboardAgain(key)
}

// onboardAgain puts the guest back at the code question after lead. A
// known user is only told, and asked their own question again.
func (t *turn) onboardAgain(lead string) error {
	if t.user != nil {
		t.say(lead, nil)
		return t.reask()
	}
	t.s.Flow, t.s.Step, t.s.Draft = "onboard", "code", map[string]string{}
	t.s.Seq++
	t.replies = append(t.replies, dialogue.Reply{Lead: lead, Key: "onboard.ask_code", Phone: true})
	return nil
}

// redeemPhone links the user through a phone number an admin registered.
func (t *turn) redeemPhone(phone string, own bool) error {
	if !own {
		return t.onboardAgain("onboard.not_own_phone")
	}
	normal, err := dialogue.ParsePhone(phone)
	if err != nil {
		return t.onboardAgain("onboard.phone_unknown")
	}
	inv, err := t.r.InviteByPhone(t.ctx, normal, t.now)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return t.onboardAgain("onboard.phone_unknown")
	} else if err != nil {
		return fmt.Errorf("find invite by phone: %w", err)
	}
	return t.link(inv)
}

// link redeems the invite for this account and welcomes the user.
func (t *turn) link(inv bot.Invite) error {
	u := bot.User{Name: bot.CleanText(t.in.Name), Lang: t.lang, Role: inv.Role, Scope: inv.Scope, Phone: inv.Phone}
	acct := bot.Account{Channel: t.in.Channel, ChannelUserID: t.in.ChannelUserID}
	user, err := t.tx.RedeemInvite(t.ctx, inv.ID, u, acct, t.now)
	if bot.ErrorCode(err) == bot.ECONFLICT {
		return t.codeFailed("code.used")
	} else if err != nil {
		return fmt.Errorf("redeem invite: %w", err)
	}
	t.user = &user
	t.s = dialogue.Idle(t.s)
	return t.welcome()
}

// welcome greets a newly linked user with where they belong.
func (t *turn) welcome() error {
	t.menuCmds = t.chatMenu()
	if id := t.clubID(); id != 0 {
		club, err := t.r.Club(t.ctx, id)
		if err != nil {
			return fmt.Errorf("load club: %w", err)
		}
		t.say("onboard.linked_leader", map[string]any{"club": club.Name})
		t.menu("menu.ask")
		return nil
	}
	t.say("onboard.linked_officer", map[string]any{"role": messages.Key("role." + string(t.user.Role))})
	return nil
}

// createInvite saves the invite the dialogue described.
func (t *turn) createInvite(env dialogue.Env) error {
	draft := t.s.Draft
	t.s = dialogue.Idle(t.s)
	if !bot.CanInvite(t.user) {
		t.say("forbidden.province_only", nil)
		return nil
	}
	role, scope, ok := dialogue.InviteScope(draft, env)
	if !ok {
		t.say("step.stale", nil)
		return nil
	}
	target := dialogue.InviteTarget(draft, env)
	name, _ := target.(string)
	if name == "" {
		name = messages.Plain(t.lang, "invite.area_province")
	}
	return t.issueInvite(role, scope, name)
}

// issueInvite stores a fresh single-use invite and shows its code and deep
// link, to forward to the invitee.
func (t *turn) issueInvite(role bot.Role, scope bot.Scope, target string) error {
	code, hash, err := bot.NewInviteCode()
	if err != nil {
		return err
	}
	by := t.user.ID
	inv := bot.Invite{CodeHash: hash, Role: role, Scope: scope, ExpiresAt: t.now.Add(t.e.cfg.InviteTTL), CreatedBy: &by}
	if err := t.tx.CreateInvite(t.ctx, &inv); err != nil {
		return fmt.Errorf("create invite: %w", err)
	}
	args := map[string]any{"role": messages.Key("role." + string(role)), "target": target, "code": code,
		"expires": messages.Date(inv.ExpiresAt), "link": dialogue.DeepLink(t.e.cfg.BotUsername, code)}
	if t.e.cfg.BotUsername == "" {
		t.say("invite.created_nolink", args)
		return nil
	}
	t.say("invite.created", args)
	return nil
}
