package dialogue

import (
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// labelsOf are the labels of choices in lang, as the buttons show them.
func labelsOf(choices []Choice, lang string) []string {
	out := make([]string, len(choices))
	for i, c := range choices {
		out[i] = c.LabelIn(lang)
	}
	return out
}

// TestChoicesTypedAsLeadersWrite reads the labels of the real menu and
// questions as leaders type them: without emoji or diacritics, in part,
// in any order; a part that fits two labels chooses neither.
func TestChoicesTypedAsLeadersWrite(t *testing.T) {
	member := memberFlow()
	gender, household := member.Step("gender").Choices, member.Step("household").Choices
	for _, c := range []struct {
		lang    string
		choices []Choice
		in      string
		want    string // "" when nothing or several match
		several bool
	}{
		{"vi", MenuChoices(), "them thanh vien", "menu.member", false},
		{"vi", MenuChoices(), "Thêm thành viên", "menu.member", false},
		{"vi", MenuChoices(), "➕ Thêm thành viên", "menu.member", false},
		{"vi", MenuChoices(), "bao cao quy", "menu.fund", false},
		{"vi", MenuChoices(), "BÁO CÁO QUỸ!", "menu.fund", false},
		{"vi", MenuChoices(), "bao cao", "menu.fund", false},
		{"vi", MenuChoices(), "tinh hinh", "menu.status", false},
		{"vi", MenuChoices(), "thanh vien nghi", "menu.leave", false},
		{"vi", MenuChoices(), "thanh vien", "", true},
		{"vi", MenuChoices(), "3", "menu.fund", false},
		{"vi", MenuChoices(), "co", "", false},
		{"en", gender, "maybe", "", false}, // two typos from "male"
		{"vi", household, "can ngheoo", "near_poor", false},
		{"en", MenuChoices(), "add a member", "menu.member", false},
		{"en", MenuChoices(), "add member", "menu.member", false},
		{"en", MenuChoices(), "fund report", "menu.fund", false},
		{"en", MenuChoices(), "status", "menu.status", false},
		{"vi", household, "can ngheo", "near_poor", false},
		{"vi", household, "ho can ngheo", "near_poor", false},
		{"vi", household, "ngheo can", "near_poor", false},
		{"vi", household, "Hộ nghèo", "poor", false},
		{"vi", household, "ho ngheo", "poor", false},
		{"vi", household, "ngheo", "", true},
		{"vi", household, "ho", "", true},
		{"vi", household, "khong", "neither", false},
		{"vi", household, "ko", "neither", false},
		{"vi", household, "khong thuoc dien nao", "neither", false},
		{"en", household, "near poor", "near_poor", false},
		{"en", household, "near-poor", "near_poor", false},
		{"en", household, "poor", "", true},
		{"en", household, "neither", "neither", false},
		{"vi", gender, "nu", "female", false},
		{"vi", gender, "Nữ", "female", false},
		{"vi", gender, "nam", "male", false},
		{"vi", gender, "n", "", false},
		{"en", gender, "female", "female", false},
		{"en", gender, "male", "male", false},
		{"en", gender, "fem", "female", false},
		{"vi", leaveReasons, "qua doi", "died", false},
		{"vi", leaveReasons, "chuyen di", "moved", false},
		{"vi", leaveReasons, "xin thoi", "withdrew", false},
		{"vi", leaveReasons, "khac", "", true}, // "nơi khác", "Lý do khác"
		{"vi", leaveReasons, "ly do khac", "other", false},
		{"en", leaveReasons, "passed away", "died", false},
		{"en", leaveReasons, "other", "other", false},
		{"vi", confirmChoices, "luu", "save", false},
		{"vi", confirmChoices, "huy", "cancel", false},
		{"en", confirmChoices, "save", "save", false},
		{"vi", yesNo, "khong", "no", false},
		{"vi", yesNo, "co", "yes", false},
	} {
		got, ok := Choose(c.choices, c.in, false, c.lang)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%s: %q chose %q %v, want %q", c.lang, c.in, got, ok, c.want)
		}
		_, several := ambiguousChoice(c.choices, c.in, c.lang)
		if several != c.several {
			t.Errorf("%s: %q ambiguous %v, want %v", c.lang, c.in, several, c.several)
		}
	}
}

// TestAmbiguousChoiceAsksAgainWithAnExample checks that a part of a label
// that fits two labels asks again with the buttons, naming both, and that
// its example is itself chosen.
func TestAmbiguousChoiceAsksAgainWithAnExample(t *testing.T) {
	env := Env{Now: stepNow, Lang: "vi", OlderAge: 60}
	cases := []stepCase{
		{name: "ngheo fits two households", flow: "member", in: at("member", "household", 4, nil), input: text("ngheo"), env: env,
			want: at("member", "household", 4, nil), wantLead: "choice.ambiguous", wantKey: "member.ask_household", wantChoices: 3},
		{name: "can ngheo is near-poor", flow: "member", in: at("member", "household", 4, nil), input: text("can ngheo"), env: env,
			want: at("member", "ethnic", 5, map[string]string{"household": "near_poor"}, "household"), wantKey: "member.ask_ethnic", wantChoices: 2},
		{name: "khong is neither", flow: "member", in: at("member", "household", 4, nil), input: text("khong"), env: env,
			want: at("member", "ethnic", 5, map[string]string{"household": "neither"}, "household"), wantKey: "member.ask_ethnic", wantChoices: 2},
		{name: "khac fits two reasons", flow: "leave", in: at("leave", "reason", 3, nil), input: text("khac"), env: env,
			want: at("leave", "reason", 3, nil), wantLead: "choice.ambiguous", wantKey: "leave.ask_reason", wantChoices: 4},
		{name: "tinh fits two answers to edit", flow: "member", in: at("member", "edit", 8, fullMember(), "confirm"), input: text("tinh"), env: env,
			want: at("member", "edit", 8, fullMember(), "confirm"), wantLead: "choice.ambiguous", wantKey: "edit.ask", wantChoices: 6},
		{name: "nam sinh is the year to edit", flow: "member", in: at("member", "edit", 8, fullMember(), "confirm"), input: text("nam sinh"), env: env,
			want: at("member", "year", 9, withField(fullMember(), FieldEdit, "1"), "confirm", "edit"), wantKey: "member.ask_year"},
		{name: "a word of no label", flow: "member", in: at("member", "gender", 2, nil), input: text("ông"), env: env,
			want: at("member", "gender", 2, nil), wantLead: "choice.invalid", wantKey: "member.ask_gender", wantChoices: 2},
	}
	runStepCases(t, cases)
	household := memberFlow().Step("household").Choices
	for lang, typed := range map[string]string{"vi": "ngheo", "en": "poor"} {
		p, ok := ambiguousChoice(household, typed, lang)
		if !ok {
			t.Fatalf("%s: %q is not ambiguous", lang, typed)
		}
		example := p.leadArgs["example"].(string)
		if v, ok := Choose(household, example, false, lang); !ok || v != string(bot.HouseholdPoor) {
			t.Errorf("%s: the example %q chose %q %v", lang, example, v, ok)
		}
		got := messages.Render(lang, p.lead, p.leadArgs)
		for _, want := range labelsOf(household[:2], lang) {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %q does not name %q", lang, got, want)
			}
		}
	}
}

// TestYesNoAsLeadersWrite reads the longer ways leaders say yes and no.
func TestYesNoAsLeadersWrite(t *testing.T) {
	for in, want := range map[string]bool{
		"phải": true, "đúng vậy": true, "có rồi": true, "yeah": true,
		"không có": false, "Không phải.": false, "ko co": false, "chưa": false, "nope": false,
	} {
		if got, err := ParseYesNo(in); err != nil || got != want {
			t.Errorf("ParseYesNo(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

// TestMenuTypedAtIdle reads the menu's items as a leader types them with
// no dialogue open, where text may be no choice at all: no typo is read,
// so that "chào" is not taken for "Báo cáo quỹ".
func TestMenuTypedAtIdle(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"vi", "them thanh vien", "menu.member"},
		{"vi", "Thêm thành viên", "menu.member"},
		{"vi", "bao cao quy", "menu.fund"},
		{"vi", "📊 tinh hinh clb", "menu.status"},
		{"vi", "2", "menu.leave"},
		{"vi", "chào", ""},
		{"vi", "chao", ""},
		{"vi", "bao cao qui", ""},
		{"vi", "thanh vien", ""},
		{"en", "add a member", "menu.member"},
		{"en", "a member leaves", "menu.leave"},
		{"en", "fund", "menu.fund"},
		{"en", "hello", ""},
	} {
		if got, ok := MenuChoice(c.in, c.lang); got != c.want || ok != (c.want != "") {
			t.Errorf("%s: %q chose %q %v, want %q", c.lang, c.in, got, ok, c.want)
		}
	}
	// In a dialogue's question a typo is read.
	if got, ok := Choose(MenuChoices(), "bao cao qui", false, "vi"); !ok || got != "menu.fund" {
		t.Errorf("choose(bao cao qui) = %q %v", got, ok)
	}
}
