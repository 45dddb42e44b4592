package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// Actions of the officers' flows.
const (
	ActionCreateInvite ActionKind = "create_invite"
	ActionCreateClub   ActionKind = "create_club"
)

// inviteFlow makes an invite for a club leader or an officer: the role,
// the club or the area, a summary, then the code and its deep link.
func inviteFlow() *Flow {
	return &Flow{
		Name: "invite",
		Steps: []Step{
			{Name: "role", Prompt: "invite.ask_role", Kind: KindChoice, Field: "role", Choices: []Choice{
				{Value: string(bot.RoleLeader), Key: "invite.role_leader"},
				{Value: string(bot.RoleOfficer), Key: "invite.role_officer"},
			}, Next: func(d map[string]string) string {
				if d["role"] == string(bot.RoleLeader) {
					return "club_search"
				}
				return "area"
			}},
			{Name: "club_search", Prompt: "invite.ask_club", Kind: KindSearch},
			{Name: "club", Prompt: "search.ask_pick", Kind: KindChoice, Field: "club", Next: toConfirm},
			{Name: "area", Prompt: "invite.ask_area", Kind: KindChoice, Field: "area", Choices: []Choice{
				{Value: string(bot.ScopeProvince), Key: "invite.area_province"},
				{Value: string(bot.ScopeUnit), Key: "invite.area_unit"},
			}, Next: func(d map[string]string) string {
				if d["area"] == string(bot.ScopeUnit) {
					return "unit_search"
				}
				return stepConfirm
			}},
			{Name: "unit_search", Prompt: "invite.ask_unit", Kind: KindSearch},
			{Name: "unit", Prompt: "search.ask_pick", Kind: KindChoice, Field: "unit"},
			{Name: stepConfirm, Prompt: "invite.summary", Kind: KindConfirm},
			{Name: stepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionCreateInvite,
		SummaryArgs: inviteSummary,
	}
}

// toConfirm goes to the summary.
func toConfirm(map[string]string) string { return stepConfirm }

// inviteSummary fills the summary of an invite.
func inviteSummary(d map[string]string, env Env) map[string]any {
	return map[string]any{"role": messages.Key("role." + d["role"]), "target": inviteTarget(d, env)}
}

// inviteTarget names what a drafted invite gives charge of: a club, a unit
// or the whole province.
func inviteTarget(d map[string]string, env Env) any {
	field := "unit"
	switch {
	case d["role"] == string(bot.RoleLeader):
		field = "club"
	case d["area"] != string(bot.ScopeUnit):
		return messages.Key("invite.area_province")
	}
	if o, ok := optionByValue(env.Options, d[field]); ok {
		return o.Label
	}
	return ""
}

// inviteScope is the role and scope a confirmed invite draft gives, and
// false if its club or unit is not among the user's choices any more.
func inviteScope(d map[string]string, env Env) (bot.Role, bot.Scope, bool) {
	if d["role"] != string(bot.RoleLeader) && d["area"] != string(bot.ScopeUnit) {
		return bot.RoleOfficer, bot.Scope{Kind: bot.ScopeProvince}, true
	}
	field, role, kind := "unit", bot.RoleOfficer, bot.ScopeUnit
	if d["role"] == string(bot.RoleLeader) {
		field, role, kind = "club", bot.RoleLeader, bot.ScopeClub
	}
	if _, ok := optionByValue(env.Options, d[field]); !ok {
		return role, bot.Scope{}, false
	}
	id, _ := strconv.ParseInt(d[field], 10, 64)
	if kind == bot.ScopeClub {
		return role, bot.Scope{Kind: kind, ClubID: &id}, true
	}
	return role, bot.Scope{Kind: kind, UnitID: &id}, true
}

// createInvite saves the invite the dialogue described.
func (t *turn) createInvite(env Env) error {
	draft := t.s.Draft
	t.s = idle(t.s)
	if !bot.CanInvite(t.user) {
		t.say("forbidden.province_only", nil)
		return nil
	}
	role, scope, ok := inviteScope(draft, env)
	if !ok {
		t.say("step.stale", nil)
		return nil
	}
	target := inviteTarget(draft, env)
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
		"expires": messages.Date(inv.ExpiresAt), "link": DeepLink(t.e.cfg.BotUsername, code)}
	if t.e.cfg.BotUsername == "" {
		t.say("invite.created_nolink", args)
		return nil
	}
	t.say("invite.created", args)
	return nil
}

// DeepLink is the link that opens the bot with code as the /start payload.
func DeepLink(username, code string) string {
	return "https://t.me/" + strings.TrimPrefix(username, "@") + "?start=" + code
}
