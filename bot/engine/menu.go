package engine

import (
	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// LeaderCommands are the commands of a club leader's menu, the bot's
// default menu.
func LeaderCommands() []string {
	var names []string
	for _, c := range commandTable() {
		if c.leaderMenu {
			names = append(names, c.name)
		}
	}
	return names
}

// OfficerCommands are the commands of an officer's menu.
func OfficerCommands(u *bot.User) []string {
	var names []string
	for _, c := range commandTable() {
		if c.officerMenu != nil && c.officerMenu(u) {
			names = append(names, c.name)
		}
	}
	return names
}

// Menu describes commands in lang, for a channel's command menu.
func Menu(names []string, lang string) []bot.MenuCommand {
	menu := make([]bot.MenuCommand, len(names))
	for i, name := range names {
		menu[i] = bot.MenuCommand{Name: name, Description: messages.Plain(lang, "cmd."+name)}
	}
	return menu
}

// chatMenu is the menu of the user's role, set in their chat when they
// join so that an officer sees the officers' commands.
func (t *turn) chatMenu() []bot.MenuCommand {
	if bot.IsOfficer(t.user) {
		return Menu(OfficerCommands(t.user), t.lang)
	}
	return Menu(LeaderCommands(), t.lang)
}
