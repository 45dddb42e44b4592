package dialogue

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// exampleRe finds the example a sentence gives: after "ví dụ:", "for
// example:" or "e.g.", up to a closing bracket, a full stop that ends a
// sentence, or the end of a line.
var exampleRe = regexp.MustCompile(`(?:ví dụ|for example|e\.g\.):?\s*(.+?)(?:\)|\.\s|\.$|\n|$)`)

// exampleSplit separates several examples given as one: "20tr hoặc
// 20.000.000", "Móng Cái, Cô Tô". A comma glued to digits ("2,5tr") stays.
var exampleSplit = regexp.MustCompile(` hoặc | or |, `)

// examples returns the examples a rendered sentence gives, without markup.
func examples(rendered string) []string {
	var out []string
	for _, m := range exampleRe.FindAllStringSubmatch(rendered, -1) {
		for _, ex := range exampleSplit.Split(m[1], -1) {
			ex = strings.Trim(ex, "“”\" ")
			if ex = regexp.MustCompile(`</?[a-z]+>`).ReplaceAllString(ex, ""); ex != "" {
				out = append(out, ex)
			}
		}
	}
	return out
}

// typedKinds are the kinds whose answers are typed and read by a parser.
var typedKinds = []AnswerKind{KindName, KindText, KindYear, KindMoney, KindDate, KindCount, KindPhone}

// refusalsWithoutExample are refusals whose only right answer is named in
// the sentence itself ("bác gõ 0"), so that an example would repeat it.
var refusalsWithoutExample = map[string]bool{"fund.borrowers_no_members": true}

// TestPromptExamplesAreAccepted walks the flows in both languages: every
// example in a typed question, or in the refusal of a wrong answer to it,
// is fed back to the same question and must be taken as it is, neither
// refused nor questioned. Clubs of 0, 1 and 52 members are tried, since the
// borrowers' question and refusal give an example that fits the club.
func TestPromptExamplesAreAccepted(t *testing.T) {
	for _, lang := range messages.Langs {
		for _, size := range []int{0, 1, 52} {
			env := Env{Now: stepNow, Lang: lang, OlderAge: 60, Members: make([]bot.Member, size), Activities: testActivities()}
			for name, f := range Flows() {
				for i := range f.Steps {
					if st := &f.Steps[i]; isTyped(st.Kind) {
						checkStepExamples(t, f, st, env, fmt.Sprintf("%s %s/%s, %d members", lang, name, st.Name, size))
					}
				}
			}
		}
	}
}

// checkStepExamples renders the question of st and its refusals of "?" and
// of a count too large, and feeds their examples back.
func checkStepExamples(t *testing.T, f *Flow, st *Step, env Env, where string) {
	t.Helper()
	s := at(f.Name, st.Name, 1, nil)
	var texts []string
	r := Advance(f, s, cmd("repeat"), env).Replies[0]
	texts = append(texts, messages.Render(env.Lang, r.Key, r.Args))
	if messages.Has(env.Lang, r.Key+".typed") {
		texts = append(texts, messages.Render(env.Lang, r.Key+".typed", r.Args))
	}
	for _, wrong := range []string{"?", "100000"} {
		r := Advance(f, s, text(wrong), env).Replies[0]
		if r.Lead == "" || strings.HasPrefix(r.Key, "money.") {
			continue // taken, or a guess to confirm: no refusal
		}
		lead := messages.Render(env.Lang, r.Lead, r.LeadArgs)
		if len(examples(lead)) == 0 && !refusalsWithoutExample[r.Lead] {
			t.Errorf("%s: the refusal %s of %q gives no example: %q", where, r.Lead, wrong, lead)
		}
		texts = append(texts, lead)
	}
	for _, rendered := range texts {
		for _, ex := range examples(rendered) {
			res := Advance(f, s, text(ex), env)
			if got := res.Session.Draft[st.Field]; got == "" {
				t.Errorf("%s: the example %q of %q is not taken: %s", where, ex, rendered, res.Replies[0].Lead+" "+res.Replies[0].Key)
			}
		}
	}
}

func isTyped(k AnswerKind) bool {
	for _, t := range typedKinds {
		if k == t {
			return true
		}
	}
	return false
}

// TestRefusalExamplesAreAccepted feeds the example of each kind's refusal
// (invalid.name, invalid.money, ...) to that kind's parser, in both
// languages, whether or not a flow asks for the kind today.
func TestRefusalExamplesAreAccepted(t *testing.T) {
	env := Env{Now: stepNow, OlderAge: 60}
	for _, lang := range messages.Langs {
		for _, k := range typedKinds {
			key := "invalid." + string(k)
			rendered := messages.Render(lang, key, messages.Args{"max": "2011", "age": 15})
			exs := examples(rendered)
			if len(exs) == 0 {
				t.Errorf("%s %s gives no example: %q", lang, key, rendered)
			}
			for _, ex := range exs {
				if p := parseTyped(k, ex, env); p.lead != "" || p.ambiguous {
					t.Errorf("%s %s: the example %q is refused (%s) or questioned", lang, key, ex, p.lead)
				}
			}
		}
	}
}

func TestExamples(t *testing.T) {
	for in, want := range map[string]string{
		"Bác gõ số tiền, ví dụ: 20tr, 2tr500 hoặc 20.000.000.":                    "20tr|2tr500|20.000.000",
		"Số dư <b>Quỹ hoạt động</b> hiện nay? (ví dụ: 2,5tr)":                     "2,5tr",
		"Please type the full name, for example: Nguyễn Thị Hoa.":                 "Nguyễn Thị Hoa",
		"Number of the founding decision? (e.g. 45/QĐ-UBND)":                      "45/QĐ-UBND",
		"(CLB hiện có 52 thành viên, ví dụ: 26)":                                  "26",
		"Which area? Type part of its name (e.g. Móng Cái, Cô Tô).":               "Móng Cái|Cô Tô",
		"Bác gõ số điện thoại di động, ví dụ: 0912 345 678.":                      "0912 345 678",
		"Năm sinh phải từ 1900 đến 2011 (thành viên từ đủ 15 tuổi), ví dụ: 1958.": "1958",
		"No example here.": "",
	} {
		if got := strings.Join(examples(in), "|"); got != want {
			t.Errorf("examples(%q) = %q, want %q", in, got, want)
		}
	}
}
