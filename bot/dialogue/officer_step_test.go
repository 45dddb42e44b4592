package dialogue

import (
	"reflect"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func TestOfficerFlowSteps(t *testing.T) {
	units := Env{Now: stepNow, Lang: "vi", Options: []Choice{
		{Value: "1", Label: "thành phố Móng Cái"}, {Value: "2", Label: "phường Móng Cái 1"},
		{Value: "3", Label: "phường Móng Cái 2"}, {Value: "4", Label: "đặc khu Cô Tô"},
	}}
	clubs := Env{Now: stepNow, Lang: "vi", Options: []Choice{{Value: "7", Label: "CLB Hoa Sen (Móng Cái 1)"}}}
	leader := map[string]string{"role": "leader"}
	officer := map[string]string{"role": "officer"}
	cases := []stepCase{
		{name: "a leader invite asks for the club", flow: "invite", in: at("invite", "role", 1, nil), input: press(1, "leader"), env: clubs,
			want: at("invite", "club_search", 2, map[string]string{"role": "leader"}, "role"), wantKey: "invite.ask_club"},
		{name: "an officer invite asks for the scope", flow: "invite", in: at("invite", "role", 1, nil), input: text("can bo hoi"), env: units,
			want: at("invite", "area", 2, map[string]string{"role": "officer"}, "role"), wantKey: "invite.ask_area", wantChoices: 2},
		{name: "the whole province goes to the summary", flow: "invite", in: at("invite", "area", 2, officer), input: press(2, "province"), env: units,
			want: at("invite", "confirm", 3, map[string]string{"role": "officer", "area": "province"}, "area"), wantKey: "invite.summary", wantChoices: 3},
		{name: "one area asks which", flow: "invite", in: at("invite", "area", 2, officer), input: text("2"), env: units,
			want: at("invite", "unit_search", 3, map[string]string{"role": "officer", "area": "unit"}, "area"), wantKey: "invite.ask_unit"},
		{name: "part of a name without diacritics lists the matches", flow: "invite", in: at("invite", "unit_search", 3, officer), input: text("mong cai"), env: units,
			want: at("invite", "unit", 4, map[string]string{"role": "officer", fieldMatches: "1,2,3"}, "unit_search"), wantKey: "search.ask_pick", wantChoices: 3},
		{name: "a name that matches nothing asks again", flow: "invite", in: at("invite", "unit_search", 3, officer), input: text("Hà Nội"), env: units,
			want: at("invite", "unit_search", 3, officer), wantLead: "search.notfound", wantKey: "invite.ask_unit"},
		{name: "a match by number", flow: "invite", in: at("invite", "unit", 4, map[string]string{"role": "officer", fieldMatches: "1,2,3"}), input: text("2"), env: units,
			want: at("invite", "confirm", 5, map[string]string{"role": "officer", fieldMatches: "1,2,3", "unit": "2"}, "unit"), wantKey: "invite.summary", wantChoices: 3},
		{name: "a forged unit is refused", flow: "invite", in: at("invite", "unit", 4, map[string]string{"role": "officer", fieldMatches: "1"}), input: press(4, "4"), env: units,
			want: at("invite", "unit", 4, map[string]string{"role": "officer", fieldMatches: "1"}), wantLead: "choice.invalid", wantKey: "search.ask_pick", wantChoices: 1},
		{name: "a club is picked", flow: "invite", in: at("invite", "club", 3, map[string]string{"role": "leader", fieldMatches: "7"}), input: press(3, "7"), env: clubs,
			want: at("invite", "confirm", 4, map[string]string{"role": "leader", fieldMatches: "7", "club": "7"}, "club"), wantKey: "invite.summary", wantChoices: 3},
		{name: "saving an invite asks the engine", flow: "invite", in: at("invite", "confirm", 4, leader), input: press(4, "save"), env: clubs,
			want: at("invite", "confirm", 4, leader), wantAct: ActionCreateInvite},
		{name: "a club name moves to its unit", flow: "newclub", in: at("newclub", "name", 1, nil), input: text(" CLB  Bình An "), env: units,
			want: at("newclub", "unit_search", 2, map[string]string{"club_name": "CLB Bình An"}, "name"), wantKey: "newclub.ask_unit"},
		{name: "a founding date in the future is refused", flow: "newclub", in: at("newclub", "founded", 4, nil), input: text("1/1/2030"), env: units,
			want: at("newclub", "founded", 4, nil), wantLead: "invalid.date", wantKey: "newclub.ask_founded"},
		{name: "a starting fund in words of money", flow: "newclub", in: at("newclub", "fund", 6, nil), input: text("20tr"), env: units,
			want: at("newclub", "confirm", 7, map[string]string{"fund": "20000000"}, "fund"), wantKey: "newclub.summary", wantChoices: 3},
		{name: "saving a club asks the engine", flow: "newclub", in: at("newclub", "confirm", 7, nil), input: text("luu"), env: units,
			want: at("newclub", "confirm", 7, nil), wantAct: ActionCreateClub},
	}
	runStepCases(t, cases)
}

// runStepCases runs a step table through Advance.
func runStepCases(t *testing.T, cases []stepCase) {
	flows := Flows()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := c.in.Clone()
			res := Advance(flows[c.flow], c.in, c.input, c.env)
			if !reflect.DeepEqual(c.in, before) {
				t.Errorf("Advance changed its argument: %+v", c.in)
			}
			got := res.Session
			got.Back = append([]string(nil), got.Back...)
			c.want.Back = append([]string(nil), c.want.Back...)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("session:\n got %+v\nwant %+v", got, c.want)
			}
			if res.Action != c.wantAct {
				t.Errorf("action %q, want %q", res.Action, c.wantAct)
			}
			if c.wantAct != ActionNone {
				return
			}
			if len(res.Replies) != 1 {
				t.Fatalf("replies %+v, want one", res.Replies)
			}
			r := res.Replies[0]
			if r.Lead != c.wantLead || r.Key != c.wantKey || len(r.Choices) != c.wantChoices {
				t.Errorf("reply lead=%q key=%q choices=%d, want %q %q %d", r.Lead, r.Key, len(r.Choices), c.wantLead, c.wantKey, c.wantChoices)
			}
		})
	}
}

func TestInviteSummaryAndScope(t *testing.T) {
	env := Env{Options: []Choice{{Value: "7", Label: "CLB Hoa Sen (Móng Cái 1)"}, {Value: "4", Label: "đặc khu Cô Tô"}}}
	id7, id4 := int64(7), int64(4)
	for _, c := range []struct {
		draft  map[string]string
		role   bot.Role
		scope  bot.Scope
		ok     bool
		target any
	}{
		{map[string]string{"role": "leader", "club": "7"}, bot.RoleLeader, bot.Scope{Kind: bot.ScopeClub, ClubID: &id7}, true, "CLB Hoa Sen (Móng Cái 1)"},
		{map[string]string{"role": "officer", "area": "province"}, bot.RoleOfficer, bot.Scope{Kind: bot.ScopeProvince}, true, nil},
		{map[string]string{"role": "officer", "area": "unit", "unit": "4"}, bot.RoleOfficer, bot.Scope{Kind: bot.ScopeUnit, UnitID: &id4}, true, "đặc khu Cô Tô"},
		{map[string]string{"role": "leader", "club": "99"}, bot.RoleLeader, bot.Scope{}, false, ""},
	} {
		role, scope, ok := InviteScope(c.draft, env)
		if role != c.role || !reflect.DeepEqual(scope, c.scope) || ok != c.ok {
			t.Errorf("inviteScope(%v) = %v %+v %v", c.draft, role, scope, ok)
		}
		if got := InviteTarget(c.draft, env); c.target != nil && got != c.target {
			t.Errorf("inviteTarget(%v) = %v, want %v", c.draft, got, c.target)
		}
	}
}
