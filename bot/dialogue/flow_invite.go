package dialogue

import (
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
				return StepConfirm
			}},
			{Name: "unit_search", Prompt: "invite.ask_unit", Kind: KindSearch},
			{Name: "unit", Prompt: "search.ask_pick", Kind: KindChoice, Field: "unit"},
			{Name: StepConfirm, Prompt: "invite.summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionCreateInvite,
		SummaryArgs: inviteSummary,
	}
}

// toConfirm goes to the summary.
func toConfirm(map[string]string) string { return StepConfirm }

// inviteSummary fills the summary of an invite.
func inviteSummary(d map[string]string, env Env) map[string]any {
	return map[string]any{"role": messages.Key("role." + d["role"]), "target": InviteTarget(d, env)}
}

// InviteTarget names what a drafted invite gives charge of: a club, a unit
// or the whole province.
func InviteTarget(d map[string]string, env Env) any {
	field := "unit"
	switch {
	case d["role"] == string(bot.RoleLeader):
		field = "club"
	case d["area"] != string(bot.ScopeUnit):
		return messages.Key("invite.area_province")
	}
	if o, ok := OptionByValue(env.Options, d[field]); ok {
		return o.Label
	}
	return ""
}

// InviteScope is the role and scope a confirmed invite draft gives, and
// false if its club or unit is not among the user's choices any more.
func InviteScope(d map[string]string, env Env) (bot.Role, bot.Scope, bool) {
	if d["role"] != string(bot.RoleLeader) && d["area"] != string(bot.ScopeUnit) {
		return bot.RoleOfficer, bot.Scope{Kind: bot.ScopeProvince}, true
	}
	field, role, kind := "unit", bot.RoleOfficer, bot.ScopeUnit
	if d["role"] == string(bot.RoleLeader) {
		field, role, kind = "club", bot.RoleLeader, bot.ScopeClub
	}
	if _, ok := OptionByValue(env.Options, d[field]); !ok {
		return role, bot.Scope{}, false
	}
	id, _ := strconv.ParseInt(d[field], 10, 64)
	if kind == bot.ScopeClub {
		return role, bot.Scope{Kind: kind, ClubID: &id}, true
	}
	return role, bot.Scope{Kind: kind, UnitID: &id}, true
}

// DeepLink is the link that opens the bot with code as the /start payload.
func DeepLink(username, code string) string {
	return "https://t.me/" + strings.TrimPrefix(username, "@") + "?start=" + code
}
