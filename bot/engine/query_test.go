package engine

import (
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestIsQuery(t *testing.T) {
	officer := &bot.User{Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	leader := &bot.User{Role: bot.RoleLeader}
	busy := bot.Session{Flow: "newclub", Step: "name", Draft: map[string]string{}}
	for _, c := range []struct {
		in   bot.Inbound
		s    bot.Session
		u    *bot.User
		want bool
	}{
		{bot.Inbound{Kind: bot.InputCommand, Command: "status"}, bot.Session{}, officer, true},
		{bot.Inbound{Kind: bot.InputCommand, Command: "digest"}, bot.Session{}, officer, true},
		{bot.Inbound{Kind: bot.InputText, Text: "mong cai bao nhieu clb"}, bot.Session{}, officer, true},
		{bot.Inbound{Kind: bot.InputCommand, Command: "newclub"}, bot.Session{}, officer, false},
		{bot.Inbound{Kind: bot.InputCommand, Command: "lang", Text: "en"}, bot.Session{}, officer, false},
		{bot.Inbound{Kind: bot.InputText, Text: "CLB Hoa Sen"}, busy, officer, false},
		{bot.Inbound{Kind: bot.InputButton, Data: "1:menu.status"}, bot.Session{}, officer, false},
		{bot.Inbound{Kind: bot.InputCommand, Command: "status"}, bot.Session{}, leader, false},
		{bot.Inbound{Kind: bot.InputCommand, Command: "status"}, bot.Session{}, nil, false},
	} {
		if got := isQuery(commandTable(), c.in, c.s, c.u); got != c.want {
			t.Errorf("isQuery(%+v, flow %q, %v) = %v, want %v", c.in, c.s.Flow, c.u, got, c.want)
		}
	}
}

// stepNow is the time the engine's table tests run at.
var stepNow = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
