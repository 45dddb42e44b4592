package engine

import (
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// command runs a slash command, or a menu choice of the same name.
func (t *turn) command(name, args string) error {
	switch name {
	case "start":
		return t.startCommand(args)
	case "help":
		// The role's menu again: a menu set when someone joined lacks the
		// commands added since.
		if t.user != nil {
			t.menuCmds = t.chatMenu()
		}
		t.say(t.helpKey(), nil)
		return t.reask()
	case "lang":
		return t.setLang(args)
	case "cancel", "back":
		t.say("flow.nothing", nil)
		t.menu("menu.ask")
		return nil
	case "menu":
		if !t.s.Idle() {
			return t.reask()
		}
		t.menu("menu.ask")
		return nil
	case "status":
		if err := t.status(); err != nil {
			return err
		}
		return t.reask()
	case "member", "leave", "fund":
		return t.start(name)
	case "members":
		return t.membersCommand()
	case "fundfix":
		return t.fundFixCommand()
	case "link":
		return t.linkCommand()
	}
	if run, ok := officerCommands[name]; ok {
		return t.officerCommand(run, args)
	}
	if strings.HasPrefix(name, "review_") || strings.HasPrefix(name, "recheck_") {
		return t.reviewButtonCommand(name)
	}
	if strings.HasPrefix(name, "club_invite.") {
		return t.clubInviteCommand(name)
	}
	t.say("command.unknown", map[string]any{"help": messages.Key(t.helpKey())})
	return t.reask()
}

// helpKey is the help text for the user's role.
func (t *turn) helpKey() string {
	switch {
	case t.user == nil:
		return "help.guest"
	case t.clubID() != 0:
		return "help.leader"
	case bot.IsOfficer(t.user):
		return officerHelpKey(t.user)
	}
	// Linked once, but to no club or role any more (the club was closed).
	return "help.unassigned"
}

// startCommand handles /start, with an invite code from a deep link or not.
func (t *turn) startCommand(code string) error {
	if code = strings.TrimSpace(code); code != "" {
		// A known user who follows a deep link again keeps their dialogue
		// unless the code links them anew.
		if t.user == nil {
			if !t.s.Idle() {
				t.s = dialogue.Idle(t.s)
			}
			t.s.Flow, t.s.Step = "onboard", "code"
		}
		return t.redeemCode(code)
	}
	if t.user != nil {
		if err := t.noteOpenDialogues(); err != nil {
			return err
		}
		t.menu("menu.welcome_back")
		return nil
	}
	return t.guest()
}

// guest starts the onboarding of someone the bot does not know yet, taking
// a typed invite code as one.
func (t *turn) guest() error {
	if t.in.Kind == bot.InputText && bot.LooksLikeInviteCode(t.in.Text) {
		t.s.Flow, t.s.Step = "onboard", "code"
		return t.redeemCode(t.in.Text)
	}
	f := t.e.flows["onboard"]
	res := dialogue.Enter(f, t.s, "code", &dialogue.Reply{Key: "onboard.welcome"})
	t.s = res.Session
	t.replies = append(t.replies, res.Replies...)
	return nil
}

// setLang switches the user's language.
func (t *turn) setLang(arg string) error {
	lang := ""
	switch bot.Fold(arg) {
	case "vi", "tieng viet", "viet":
		lang = messages.VI
	case "en", "english", "tieng anh", "anh":
		lang = messages.EN
	default:
		t.say("lang.usage", nil)
		return t.reask()
	}
	t.lang, t.s.Lang = lang, lang
	if t.user != nil {
		t.user.Lang = lang
		if err := t.tx.SetUserLang(t.ctx, t.user.ID, lang); err != nil {
			return err
		}
	}
	t.say("lang.set", nil)
	return t.reask()
}
