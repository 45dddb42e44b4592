package engine

import (
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/messages"
)

// commandSpec is one command: how it runs, who may run it, whether it is a
// question, and which menus list it.
type commandSpec struct {
	name string
	run  func(t *turn, args string) error
	// officer: officers' and admins' only; others are told whom it is for.
	officer bool
	// query: an officer's question that changes nothing, answered before
	// the step's write transaction (see isQuery).
	query bool
	// leaderMenu: listed in a club leader's menu, the bot's default menu.
	leaderMenu bool
	// officerMenu: listed in the menu of the officers it returns true for.
	officerMenu func(u *bot.User) bool
}

// commandTable is every command the bot knows, in the order of the menus
// that list them: the one table that routes commands, tells the questions
// and makes the leaders' and officers' menus. It is made anew by each call
// (the engine keeps one) since the commands' functions lead back to it.
func commandTable() []commandSpec {
	return []commandSpec{
		{name: "member", run: startFlow("member"), leaderMenu: true},
		{name: "leave", run: startFlow("leave"), leaderMenu: true},
		{name: "fund", run: startFlow("fund"), leaderMenu: true},
		{name: "activity", run: (*turn).activityArgs, leaderMenu: true},
		{name: "status", run: (*turn).statusCommand, query: true, leaderMenu: true, officerMenu: everyOfficer},
		{name: "area", run: (*turn).areaCommand, officer: true, query: true, officerMenu: everyOfficer},
		{name: "club", run: (*turn).clubCommand, officer: true, query: true, officerMenu: everyOfficer},
		{name: "missing", run: (*turn).missingCommand, officer: true, query: true, officerMenu: everyOfficer},
		{name: "digest", run: (*turn).digestCommand, officer: true, query: true, officerMenu: everyOfficer},
		{name: "export", run: (*turn).exportCommand, officer: true, query: true, officerMenu: everyOfficer},
		{name: "history", run: (*turn).historyCommand, officer: true, query: true, officerMenu: everyOfficer},
		{name: "newclub", run: (*turn).newClubCommand, officer: true, officerMenu: everyOfficer},
		{name: "review", run: (*turn).reviewCommand, officer: true, officerMenu: everyOfficer},
		{name: "editclub", run: (*turn).editClubCommand, officer: true, officerMenu: everyOfficer},
		{name: "announce", run: (*turn).announceCommand, officer: true, officerMenu: everyOfficer},
		{name: "invite", run: (*turn).inviteCommand, officer: true, officerMenu: bot.CanInvite},
		{name: "users", run: (*turn).usersCommand, officer: true, officerMenu: dialogue.IsAdmin},
		{name: "revoke", run: (*turn).revokeCommand, officer: true, officerMenu: dialogue.IsAdmin},
		{name: "members", run: (*turn).membersArgs, leaderMenu: true},
		{name: "fundfix", run: (*turn).fundFixArgs, leaderMenu: true},
		{name: "back", run: (*turn).cancelCommand, leaderMenu: true},
		{name: "cancel", run: (*turn).cancelCommand, leaderMenu: true, officerMenu: everyOfficer},
		{name: "link", run: (*turn).linkArgs, leaderMenu: true, officerMenu: everyOfficer},
		{name: "lang", run: (*turn).setLang, leaderMenu: true, officerMenu: everyOfficer},
		{name: "help", run: (*turn).helpCommand, leaderMenu: true, officerMenu: everyOfficer},
		{name: "start", run: (*turn).startCommand},
		{name: "menu", run: (*turn).menuCommand},
	}
}

// everyOfficer lists a command in every officer's menu.
func everyOfficer(*bot.User) bool { return true }

// startFlow is the command that starts the leader's dialogue of its name.
func startFlow(name string) func(t *turn, args string) error {
	return func(t *turn, _ string) error { return t.start(name) }
}

// findCommand returns the command of this name in cmds.
func findCommand(cmds []commandSpec, name string) (commandSpec, bool) {
	for _, c := range cmds {
		if c.name == name {
			return c, true
		}
	}
	return commandSpec{}, false
}

// command runs a slash command, or a menu choice of the same name.
func (t *turn) command(name, args string) error {
	if c, ok := findCommand(t.e.commands, name); ok {
		if c.officer {
			return t.officerCommand(c.run, args)
		}
		return c.run(t, args)
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

// officerCommand runs an officer's command, or refuses it politely.
func (t *turn) officerCommand(run func(*turn, string) error, args string) error {
	if !bot.IsOfficer(t.user) {
		return t.notOfficer()
	}
	return run(t, args)
}

// helpCommand answers /help: the role's help text, and the role's menu
// again, since a menu set when someone joined lacks the commands added
// since.
func (t *turn) helpCommand(string) error {
	if t.user != nil {
		t.menuCmds = t.chatMenu()
	}
	t.say(t.helpKey(), nil)
	return t.reask()
}

// cancelCommand answers /cancel and /back with no dialogue open (an open
// dialogue takes them as answers).
func (t *turn) cancelCommand(string) error {
	t.say("flow.nothing", nil)
	t.menu("menu.ask")
	return nil
}

// menuCommand shows a leader's menu, or asks the open dialogue's question
// again.
func (t *turn) menuCommand(string) error {
	if !t.s.Idle() {
		return t.reask()
	}
	t.menu("menu.ask")
	return nil
}

// statusCommand answers /status, then asks the open dialogue's question
// again.
func (t *turn) statusCommand(string) error {
	if err := t.status(); err != nil {
		return err
	}
	return t.reask()
}

// membersArgs, fundFixArgs and linkArgs run commands that take no
// arguments.
func (t *turn) membersArgs(string) error { return t.membersCommand() }

func (t *turn) fundFixArgs(string) error { return t.fundFixCommand() }

func (t *turn) linkArgs(string) error { return t.linkCommand() }

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
