package engine

import (
	"github.com/clubbot/clubbot/bot"
)

// isQuery reports whether the event is an idle officer's question: typed
// text, or a command that changes nothing (commandSpec.query). Questions
// are answered before the step's write transaction: at national scale one
// takes a few hundred milliseconds, which would otherwise hold up every
// other chat's commit.
func isQuery(cmds []commandSpec, in bot.Inbound, s bot.Session, u *bot.User) bool {
	if !bot.IsOfficer(u) || !s.Idle() {
		return false
	}
	switch in.Kind {
	case bot.InputText:
		return true
	case bot.InputCommand:
		c, ok := findCommand(cmds, in.Command)
		return ok && c.query
	}
	return false
}
