package dialogue

import (
	"github.com/clubbot/clubbot/bot"
)

// ActionRevokeUser takes a user's access away.
const ActionRevokeUser ActionKind = "revoke_user"

// revokeFlow lets an admin take someone's access away: find them by
// name, choose, confirm. Their history stays; their chat accounts are
// unlinked, so the bot treats them as a guest until a new invite.
func revokeFlow() *Flow {
	return &Flow{
		Name: "revoke",
		Steps: []Step{
			{Name: "search", Prompt: "revoke.ask_name", Kind: KindSearch},
			{Name: "pick", Prompt: "search.ask_pick", Kind: KindChoice, Field: "user"},
			{Name: StepConfirm, Prompt: "revoke.summary", Kind: KindConfirm},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action: ActionRevokeUser,
		SummaryArgs: func(d map[string]string, env Env) map[string]any {
			o, _ := OptionByValue(env.Options, d["user"])
			return map[string]any{"user": o.Label}
		},
	}
}

// IsAdmin reports whether the user may manage users.
func IsAdmin(u *bot.User) bool { return u != nil && u.Role == bot.RoleAdmin }
