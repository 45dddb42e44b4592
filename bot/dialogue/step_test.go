package dialogue

import (
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

var stepNow = time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)

func text(s string) bot.Inbound { return bot.Inbound{Kind: bot.InputText, Text: s} }
func press(seq int, v string) bot.Inbound {
	return bot.Inbound{Kind: bot.InputButton, Data: bot.EncodeButton(seq, v)}
}
func cmd(name string) bot.Inbound { return bot.Inbound{Kind: bot.InputCommand, Command: name} }
func at(flow, step string, seq int, draft map[string]string, back ...string) bot.Session {
	if draft == nil {
		draft = map[string]string{}
	}
	return bot.Session{Flow: flow, Step: step, Seq: seq, Draft: draft, Back: back}
}

// stepCase is one row of a step table: a session and an input, and what the
// next session and the first reply must be.
type stepCase struct {
	name        string
	flow        string
	in          bot.Session
	input       bot.Inbound
	env         Env
	want        bot.Session
	wantLead    string
	wantKey     string
	wantAct     ActionKind
	wantChoices int
}

func TestAdvance(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60}
	members := []bot.Member{
		{ID: 7, FullName: "Nguyễn Thị Hoa", BirthYear: 1950},
		{ID: 8, FullName: "Trần Văn Hùng", BirthYear: 1962},
		{ID: 9, FullName: "Nguyễn Thị Hòa", BirthYear: 1971},
	}
	envMembers := env
	envMembers.Members = members
	last := bot.FundReport{IncomeFund: 20_000_000, ActivityFund: 2_000_000}
	envFund := env
	envFund.LastFund = &last
	envFund.Members = members
	cases := []stepCase{
		{name: "a name moves to gender", flow: "member", in: at("member", "name", 1, nil), input: text("  nguyen thi  hoa "), env: env,
			want: at("member", "gender", 2, map[string]string{"name": "Nguyen Thi Hoa"}, "name"), wantKey: "member.ask_gender", wantChoices: 2},
		{name: "digits are not a name", flow: "member", in: at("member", "name", 1, nil), input: text("12345"), env: env,
			want: at("member", "name", 1, nil), wantLead: "invalid.name", wantKey: "member.ask_name"},
		{name: "gender by button", flow: "member", in: at("member", "gender", 2, nil, "name"), input: press(2, "female"), env: env,
			want: at("member", "year", 3, map[string]string{"gender": "female"}, "name", "gender"), wantKey: "member.ask_year"},
		{name: "gender typed without diacritics", flow: "member", in: at("member", "gender", 2, nil), input: text("nu"), env: env,
			want: at("member", "year", 3, map[string]string{"gender": "female"}, "gender"), wantKey: "member.ask_year"},
		{name: "gender by number", flow: "member", in: at("member", "gender", 2, nil), input: text("2"), env: env,
			want: at("member", "year", 3, map[string]string{"gender": "male"}, "gender"), wantKey: "member.ask_year"},
		{name: "a stale button changes nothing", flow: "member", in: at("member", "year", 3, nil), input: press(2, "female"), env: env,
			want: at("member", "year", 3, nil), wantLead: "step.stale", wantKey: "member.ask_year"},
		{name: "forged button data", flow: "member", in: at("member", "gender", 2, nil), input: bot.Inbound{Kind: bot.InputButton, Data: "\xff\x00:<b>"}, env: env,
			want: at("member", "gender", 2, nil), wantLead: "step.stale", wantKey: "member.ask_gender", wantChoices: 2},
		{name: "a button value that is not a choice", flow: "member", in: at("member", "gender", 2, nil), input: press(2, "club.99"), env: env,
			want: at("member", "gender", 2, nil), wantLead: "choice.invalid", wantKey: "member.ask_gender", wantChoices: 2},
		{name: "a year in the future", flow: "member", in: at("member", "year", 3, nil), input: text("2030"), env: env,
			want: at("member", "year", 3, nil), wantLead: "invalid.year", wantKey: "member.ask_year"},
		{name: "a year before 1900", flow: "member", in: at("member", "year", 3, nil), input: text("1899"), env: env,
			want: at("member", "year", 3, nil), wantLead: "invalid.year", wantKey: "member.ask_year"},
		{name: "a sticker where text is expected", flow: "member", in: at("member", "year", 3, nil), input: bot.Inbound{Kind: bot.InputUnsupported}, env: env,
			want: at("member", "year", 3, nil), wantLead: "input.unsupported", wantKey: "member.ask_year"},
		{name: "yes/no typed", flow: "member", in: at("member", "ethnic", 5, nil), input: text("khong"), env: env,
			want: at("member", "volunteer", 6, map[string]string{"ethnic": "no"}, "ethnic"), wantKey: "member.ask_volunteer", wantChoices: 2},
		{name: "last answer shows the summary", flow: "member", in: at("member", "volunteer", 6, fullMember()), input: press(6, "yes"), env: env,
			want: at("member", "confirm", 7, withField(fullMember(), "volunteer", "yes"), "volunteer"), wantKey: "member.summary", wantChoices: 3},
		{name: "save asks the engine to save", flow: "member", in: at("member", "confirm", 7, fullMember()), input: press(7, "save"), env: env,
			want: at("member", "confirm", 7, fullMember()), wantAct: ActionSaveMember},
		{name: "typed Luu saves too", flow: "member", in: at("member", "confirm", 7, fullMember()), input: text("luu"), env: env,
			want: at("member", "confirm", 7, fullMember()), wantAct: ActionSaveMember},
		{name: "edit lists the answers", flow: "member", in: at("member", "confirm", 7, fullMember()), input: press(7, "edit"), env: env,
			want: at("member", "edit", 8, fullMember(), "confirm"), wantKey: "edit.ask", wantChoices: 6},
		{name: "edit goes to the answer", flow: "member", in: at("member", "edit", 8, fullMember(), "confirm"), input: press(8, "year"), env: env,
			want: at("member", "year", 9, withField(fullMember(), FieldEdit, "1"), "confirm", "edit"), wantKey: "member.ask_year"},
		{name: "an edited answer returns to the summary", flow: "member", in: at("member", "year", 9, withField(fullMember(), FieldEdit, "1")), input: text("1949"), env: env,
			want: at("member", "confirm", 10, withField(fullMember(), "year", "1949"), "year"), wantKey: "member.summary", wantChoices: 3},
		{name: "cancel keeps nothing", flow: "member", in: at("member", "year", 3, fullMember()), input: cmd("cancel"), env: env,
			want: bot.Session{Seq: 4, Draft: map[string]string{}}, wantKey: "flow.cancelled"},
		{name: "back returns to the previous question", flow: "member", in: at("member", "year", 3, map[string]string{"name": "A B"}, "name", "gender"), input: cmd("back"), env: env,
			want: at("member", "gender", 4, map[string]string{"name": "A B"}, "name"), wantKey: "member.ask_gender", wantChoices: 2},
		{name: "back at the first question", flow: "member", in: at("member", "name", 1, nil), input: cmd("back"), env: env,
			want: at("member", "name", 1, nil), wantLead: "step.first", wantKey: "member.ask_name"},
		{name: "another member starts afresh", flow: "member", in: at("member", "another", 8, nil), input: press(8, "yes"), env: env,
			want: at("member", "name", 9, nil), wantKey: "member.ask_name"},
		{name: "no more members ends", flow: "member", in: at("member", "another", 8, nil), input: text("ko"), env: env,
			want: bot.Session{Seq: 9, Draft: map[string]string{}}, wantKey: "flow.done"},
		{name: "search finds namesakes without diacritics", flow: "leave", in: at("leave", "search", 1, nil), input: text("nguyen thi hoa"), env: envMembers,
			want: at("leave", "pick", 2, map[string]string{fieldMatches: "7,9"}, "search"), wantKey: "leave.ask_pick", wantChoices: 2},
		{name: "search finds nobody", flow: "leave", in: at("leave", "search", 1, nil), input: text("Lê Văn Tám"), env: envMembers,
			want: at("leave", "search", 1, nil), wantLead: "leave.notfound", wantKey: "leave.ask_name"},
		{name: "pick a match by number", flow: "leave", in: at("leave", "pick", 2, map[string]string{fieldMatches: "7,9"}), input: text("2"), env: envMembers,
			want: at("leave", "reason", 3, map[string]string{fieldMatches: "7,9", "member": "9"}, "pick"), wantKey: "leave.ask_reason", wantChoices: 4},
		{name: "a forged member id is refused", flow: "leave", in: at("leave", "pick", 2, map[string]string{fieldMatches: "7,9"}), input: press(2, "8"), env: envMembers,
			want: at("leave", "pick", 2, map[string]string{fieldMatches: "7,9"}), wantLead: "choice.invalid", wantKey: "leave.ask_pick", wantChoices: 2},
		{name: "other reason asks for words", flow: "leave", in: at("leave", "reason", 3, nil), input: press(3, "other"), env: envMembers,
			want: at("leave", "reason_text", 4, map[string]string{"reason": "other"}, "reason"), wantKey: "leave.ask_reason_text"},
		{name: "money with a unit", flow: "fund", in: at("fund", "income", 1, nil), input: text("22tr"), env: envFund,
			want: at("fund", "activity", 2, map[string]string{"income": "22000000"}, "income"), wantKey: "fund.ask_activity"},
		{name: "an ambiguous amount is confirmed", flow: "fund", in: at("fund", "activity", 2, nil), input: text("2.5"), env: envFund,
			want: at("fund", "activity", 2, map[string]string{fieldPending: "2500000"}), wantKey: "money.ambiguous", wantChoices: 2},
		{name: "yes to the confirmation keeps the amount", flow: "fund", in: at("fund", "activity", 2, map[string]string{fieldPending: "2500000"}), input: press(2, "yes"), env: envFund,
			want: at("fund", "loans", 3, map[string]string{"activity": "2500000"}, "activity"), wantKey: "fund.ask_loans"},
		{name: "no to the confirmation asks again", flow: "fund", in: at("fund", "activity", 2, map[string]string{fieldPending: "2500000"}), input: press(2, "no"), env: envFund,
			want: at("fund", "activity", 2, nil), wantKey: "fund.ask_activity"},
		{name: "a big change asks are you sure", flow: "fund", in: at("fund", "income", 1, nil), input: text("200tr"), env: envFund,
			want: at("fund", "income", 1, map[string]string{fieldPending: "200000000"}), wantKey: "fund.big_change", wantChoices: 2},
		{name: "a fresh amount instead of yes", flow: "fund", in: at("fund", "income", 1, map[string]string{fieldPending: "200000000"}), input: text("21tr"), env: envFund,
			want: at("fund", "activity", 2, map[string]string{"income": "21000000"}, "income"), wantKey: "fund.ask_activity"},
		{name: "negative money", flow: "fund", in: at("fund", "loans", 3, nil), input: text("-5tr"), env: envFund,
			want: at("fund", "loans", 3, nil), wantLead: "invalid.money", wantKey: "fund.ask_loans"},
		{name: "more borrowers than members", flow: "fund", in: at("fund", "borrowers", 4, nil), input: text("4"), env: envFund,
			want: at("fund", "borrowers", 4, nil), wantLead: "fund.too_many_borrowers", wantKey: "fund.ask_borrowers"},
		{name: "a code goes to the engine", flow: "onboard", in: at("onboard", "code", 1, nil), input: text("7KQ2-M9XD-T4RWA"), env: env,
			want: at("onboard", "code", 1, map[string]string{"code": "7KQ2-M9XD-T4RWA"}), wantAct: ActionRedeemCode},
		{name: "a contact goes to the engine", flow: "onboard", in: at("onboard", "code", 1, nil), input: bot.Inbound{Kind: bot.InputContact, Phone: "+84912345678", OwnContact: true}, env: env,
			want: at("onboard", "code", 1, map[string]string{"phone": "+84912345678", "own": "true"}), wantAct: ActionRedeemPhone},
	}
	runStepCases(t, cases)
}

func fullMember() map[string]string {
	return map[string]string{"name": "Nguyễn Thị Hoa", "gender": "female", "year": "1950",
		"household": "poor", "ethnic": "no", "volunteer": "no"}
}

func withField(d map[string]string, k, v string) map[string]string {
	d[k] = v
	return d
}

func TestButtonDataRoundTrip(t *testing.T) {
	for _, c := range []struct {
		seq   int
		value string
	}{{0, "yes"}, {35, "menu.fund"}, {123456789, "household.near_poor"}} {
		data := bot.EncodeButton(c.seq, c.value)
		if len(data) > 64 {
			t.Errorf("%q is %d bytes, over Telegram's 64", data, len(data))
		}
		seq, value, ok := bot.DecodeButton(data)
		if !ok || seq != c.seq || value != c.value {
			t.Errorf("bot.DecodeButton(%q) = %d %q %v", data, seq, value, ok)
		}
	}
	for _, bad := range []string{"", ":", "1:", ":yes", "zzzzzzzzz:yes", "-1:yes", "1:YES", "1:<b>", "1:a b", "1:" + string(make([]byte, 60))} {
		if _, _, ok := bot.DecodeButton(bad); ok {
			t.Errorf("bot.DecodeButton(%q) accepted", bad)
		}
	}
}

func TestEveryStepKeyIsInTheCatalogs(t *testing.T) {
	for name, f := range Flows() {
		for _, st := range f.Steps {
			for _, key := range append([]string{st.Prompt}, choiceKeys(stepChoices(&st, bot.Session{}, Env{}))...) {
				if !catalogHas(key) {
					t.Errorf("flow %s step %s: key %q missing", name, st.Name, key)
				}
			}
		}
		for _, c := range editChoices(f) {
			if !catalogHas(c.Key) {
				t.Errorf("flow %s: edit label %q missing", name, c.Key)
			}
		}
	}
}

func choiceKeys(cs []Choice) []string {
	var keys []string
	for _, c := range cs {
		if c.Key != "" {
			keys = append(keys, c.Key)
		}
	}
	return keys
}
