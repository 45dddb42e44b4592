package engine

import (
	"slices"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// TestMenusFromTheCommandTable checks the menus the command table makes,
// in the order users see them in their chat's command menu.
func TestMenusFromTheCommandTable(t *testing.T) {
	officerCmds := []string{"status", "area", "club", "missing", "digest", "export", "history", "newclub", "review", "editclub", "announce"}
	tail := []string{"cancel", "link", "lang", "help"}
	area := &bot.User{Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeUnit, UnitID: new(int64(2))}}
	province := &bot.User{Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	admin := &bot.User{Role: bot.RoleAdmin, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	for _, c := range []struct {
		name string
		got  []string
		want []string
	}{
		{"leader", LeaderCommands(), []string{"member", "leave", "fund", "activity", "status", "members", "fundfix", "back", "cancel", "link", "lang", "help"}},
		{"area officer", OfficerCommands(area), slices.Concat(officerCmds, tail)},
		{"provincial officer", OfficerCommands(province), slices.Concat(officerCmds, []string{"invite"}, tail)},
		{"admin", OfficerCommands(admin), slices.Concat(officerCmds, []string{"invite", "users", "revoke"}, tail)},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s's menu: %v, want %v", c.name, c.got, c.want)
		}
	}
}
