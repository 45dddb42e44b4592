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

// usersCommand lists everyone who can use the bot, for an admin.
func (t *turn) usersCommand(string) error {
	if !dialogue.IsAdmin(t.user) {
		t.say("forbidden.admin_only", nil)
		return t.reask()
	}
	users, err := t.r.Users(t.ctx)
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	var lines []string
	for i, u := range users {
		if i == 50 {
			lines = append(lines, messages.Render(t.lang, "users.more", map[string]any{"n": len(users) - i}))
			break
		}
		lines = append(lines, "• "+html.EscapeString(t.userLabel(u)))
	}
	t.say("users.list", map[string]any{"n": len(users), "lines": messages.HTML(strings.Join(lines, "\n"))})
	return nil
}

// revokeCommand starts the revoke dialogue for an admin.
func (t *turn) revokeCommand(string) error {
	if !dialogue.IsAdmin(t.user) {
		t.say("forbidden.admin_only", nil)
		return t.reask()
	}
	return t.startOfficerFlow("revoke")
}

// userOptions are the users an admin may revoke: everyone but themselves.
func (t *turn) userOptions() ([]dialogue.Choice, error) {
	users, err := t.r.Users(t.ctx)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	var out []dialogue.Choice
	for _, u := range users {
		if u.ID != t.user.ID {
			out = append(out, dialogue.Choice{Value: strconv.FormatInt(u.ID, 10), Label: t.userLabel(u)})
		}
	}
	return out, nil
}

// userLabel names a user with their role and where it applies, as plain
// text: escape it before it goes into HTML.
func (t *turn) userLabel(u bot.User) string {
	where := ""
	switch {
	case u.Scope.ClubID != nil:
		if c, err := t.r.Club(t.ctx, *u.Scope.ClubID); err == nil {
			where = c.Name
		}
	case u.Scope.UnitID != nil:
		if unit, err := t.r.Unit(t.ctx, *u.Scope.UnitID); err == nil {
			where = unit.FullName()
		}
	}
	label := u.Name + " — " + messages.Plain(t.lang, "role."+string(u.Role))
	if where != "" {
		label += ", " + where
	}
	return label
}

// revokeUser carries out a confirmed revoke.
func (t *turn) revokeUser(env dialogue.Env) error {
	o, ok := dialogue.OptionByValue(env.Options, t.s.Draft["user"])
	id, _ := strconv.ParseInt(t.s.Draft["user"], 10, 64)
	t.s = dialogue.Idle(t.s)
	if !ok || id == t.user.ID {
		t.say("revoke.gone", nil)
		return nil
	}
	if err := t.tx.RevokeUser(t.ctx, id, t.user.ID, t.now); err != nil {
		return fmt.Errorf("revoke user: %w", err)
	}
	t.say("revoke.done", map[string]any{"user": o.Label})
	return nil
}
