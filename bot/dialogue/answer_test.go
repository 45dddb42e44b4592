package dialogue

import (
	"reflect"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// TestParseBirthYear applies the one rule of the member dialogue and the
// import: from 1900 to MinMemberAge years ago.
func TestParseBirthYear(t *testing.T) {
	for in, want := range map[string]int{"1958": 1958, "1900": 1900, "2011": 2011, "11": 2011, "12": 1912, "năm 1960": 1960} {
		if got, err := ParseBirthYear(in, 2026); err != nil || got != want {
			t.Errorf("ParseBirthYear(%q, 2026) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"2012", "2026", "2030", "1899", "abc", ""} {
		if got, err := ParseBirthYear(in, 2026); bot.ErrorCode(err) != bot.EINVALID || got != 0 {
			t.Errorf("ParseBirthYear(%q, 2026) = %d, %v; want an invalid error", in, got, err)
		}
	}
	if got := LastBirthYear(2026); got != 2011 {
		t.Errorf("LastBirthYear(2026) = %d, want 2011", got)
	}
}

// TestAdvanceBirthYear: the member dialogue refuses a member younger than
// 15, naming the range, and takes one of 15.
func TestAdvanceBirthYear(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60}
	runStepCases(t, []stepCase{
		{name: "a 14-year-old is refused", flow: "member", in: at("member", "year", 3, nil), input: text("2012"), env: env,
			want: at("member", "year", 3, nil), wantLead: "invalid.year", wantKey: "member.ask_year"},
		{name: "two digits of a 14-year-old are read as 1912", flow: "member", in: at("member", "year", 3, nil), input: text("12"), env: env,
			want: at("member", "household", 4, map[string]string{"year": "1912"}, "year"), wantKey: "member.ask_household", wantChoices: 3},
		{name: "a 15-year-old is taken", flow: "member", in: at("member", "year", 3, nil), input: text("2011"), env: env,
			want: at("member", "household", 4, map[string]string{"year": "2011"}, "year"), wantKey: "member.ask_household", wantChoices: 3},
	})
	res := Advance(Flows()["member"], at("member", "year", 3, nil), text("2020"), env)
	if args := res.Replies[0].LeadArgs; !reflect.DeepEqual(args, map[string]any{"max": "2011", "age": MinMemberAge}) {
		t.Errorf("the refusal's arguments are %v, want max 2011 and age 15", args)
	}
}

func TestParseText(t *testing.T) {
	for in, want := range map[string]string{
		"Về quê": "Về quê", "  đi   xa ": "đi xa", "45/QĐ-UBND": "45/QĐ-UBND", "1": "1", "? a": "? a",
		"Về quê 🏡": "Về quê 🏡", "CLB Hoa Sen!!!": "CLB Hoa Sen!!!",
	} {
		if got, err := ParseText(in); err != nil || got != want {
			t.Errorf("ParseText(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", " ", "?", "...", "…", "😀", "😀 😀", "!?", "— / —", "\u200b", "\x00\x1b", "🏡 !", long} {
		if got, err := ParseText(in); bot.ErrorCode(err) != bot.EINVALID || got != "" {
			t.Errorf("ParseText(%q) = %q, %v; want an invalid error", in, got, err)
		}
	}
}

// TestAdvanceTextRefusals: free-text answers without a letter or a digit
// are refused with the question's own example, and the question again.
func TestAdvanceTextRefusals(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60}
	other := map[string]string{"member": "7", "reason": "other"}
	runStepCases(t, []stepCase{
		{name: "a question mark is no reason", flow: "leave", in: at("leave", "reason_text", 4, other), input: text("?"), env: env,
			want: at("leave", "reason_text", 4, other), wantLead: "invalid.text", wantKey: "leave.ask_reason_text"},
		{name: "emoji alone are no reason", flow: "leave", in: at("leave", "reason_text", 4, other), input: text("😢😢"), env: env,
			want: at("leave", "reason_text", 4, other), wantLead: "invalid.text", wantKey: "leave.ask_reason_text"},
		{name: "a reason in words", flow: "leave", in: at("leave", "reason_text", 4, other), input: text("Về quê 🏡"), env: env,
			want:    at("leave", "confirm", 5, withField(map[string]string{"member": "7", "reason": "other"}, "reason_text", "Về quê 🏡"), "reason_text"),
			wantKey: "leave.summary", wantChoices: 3},
		{name: "dots are no club name", flow: "newclub", in: at("newclub", "name", 1, nil), input: text("..."), env: env,
			want: at("newclub", "name", 1, nil), wantLead: "newclub.invalid_name", wantKey: "newclub.ask_name"},
		{name: "a question mark is no decision", flow: "newclub", in: at("newclub", "decision", 5, nil), input: text("?"), env: env,
			want: at("newclub", "decision", 5, nil), wantLead: "newclub.invalid_decision", wantKey: "newclub.ask_decision"},
		{name: "a member's name of punctuation", flow: "member", in: at("member", "name", 1, nil), input: text("..."), env: env,
			want: at("member", "name", 1, nil), wantLead: "invalid.name", wantKey: "member.ask_name"},
	})
}

// TestAdvanceBorrowers: the question and its refusals name the club's
// member count, with an example that fits it; a club without members
// takes 0 only.
func TestAdvanceBorrowers(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60, Members: make([]bot.Member, 52)}
	empty := env
	empty.Members = []bot.Member{}
	summary := func(n string) bot.Session {
		return at("fund", "confirm", 5, map[string]string{"borrowers": n}, "borrowers")
	}
	runStepCases(t, []stepCase{
		{name: "as many borrowers as members", flow: "fund", in: at("fund", "borrowers", 4, nil), input: text("52"), env: env,
			want: summary("52"), wantKey: "fund.summary", wantChoices: 3},
		{name: "one more borrower than members", flow: "fund", in: at("fund", "borrowers", 4, nil), input: text("53"), env: env,
			want: at("fund", "borrowers", 4, nil), wantLead: "fund.too_many_borrowers", wantKey: "fund.ask_borrowers"},
		{name: "not a number", flow: "fund", in: at("fund", "borrowers", 4, nil), input: text("?"), env: env,
			want: at("fund", "borrowers", 4, nil), wantLead: "fund.invalid_borrowers", wantKey: "fund.ask_borrowers"},
		{name: "no members, no borrowers", flow: "fund", in: at("fund", "borrowers", 4, nil), input: text("3"), env: empty,
			want: at("fund", "borrowers", 4, nil), wantLead: "fund.borrowers_no_members", wantKey: "fund.ask_borrowers"},
		{name: "no members, 0 borrowers", flow: "fund", in: at("fund", "borrowers", 4, nil), input: text("0"), env: empty,
			want: summary("0"), wantKey: "fund.summary", wantChoices: 3},
	})
	f := Flows()["fund"]
	for _, c := range []struct{ lang, in, want string }{
		{"vi", "53", "CLB hiện có 52 thành viên, bác gõ một số từ 0 đến 52, ví dụ: 26.\n\nCó bao nhiêu thành viên đang vay vốn? (CLB hiện có 52 thành viên, ví dụ: 26)"},
		{"en", "53", "Members of the club now: 52. Please type a number from 0 to 52, for example: 26.\n\nHow many members have loans? (members of the club now: 52; for example: 26)"},
		{"vi", "nhiều", "Bác gõ số thành viên đang vay, từ 0 đến 52, ví dụ: 26."},
		{"en", "many", "Please type how many members have loans, from 0 to 52, for example: 26."},
	} {
		env.Lang = c.lang
		r := Advance(f, at("fund", "borrowers", 4, nil), text(c.in), env).Replies[0]
		got := messages.Render(c.lang, r.Lead, r.LeadArgs) + "\n\n" + messages.Render(c.lang, r.Key, r.Args)
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%s %q: the user sees\n%s\nwant\n%s", c.lang, c.in, got, c.want)
		}
	}
}

// TestStepRefusalKeysAreInTheCatalogs: a step's own refusal exists in both
// languages.
func TestStepRefusalKeysAreInTheCatalogs(t *testing.T) {
	for name, f := range Flows() {
		for _, st := range f.Steps {
			if st.Invalid == "" {
				continue
			}
			for _, lang := range messages.Langs {
				if !messages.Has(lang, st.Invalid) {
					t.Errorf("flow %s step %s: %s missing in %s", name, st.Name, st.Invalid, lang)
				}
			}
		}
	}
}

// long is an answer far longer than any a leader types.
var long = strings.Repeat("a", 10_000)
