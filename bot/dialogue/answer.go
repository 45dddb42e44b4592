package dialogue

import (
	"strconv"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// parsed is an answer read by its step's parser: the value to store, or the
// message key (lead) that says what was expected.
type parsed struct {
	value     string
	lead      string
	leadArgs  map[string]any
	ambiguous bool // the value is a guess the user must confirm
}

// parseAnswer reads text as an answer to st.
func parseAnswer(st *Step, s bot.Session, text string, byButton bool, env Env) parsed {
	switch st.Kind {
	case KindChoice:
		choices := stepChoices(st, s, env)
		if v, ok := Choose(choices, text, byButton, env.Lang); ok {
			return parsed{value: v}
		}
		return choiceRefusal(choices, text, byButton, env.Lang)
	case KindYesNo:
		return parseYesNoAnswer(text, byButton)
	case KindSearch:
		if byButton { // a search is typed: the button is forged or stale
			return parsed{lead: "step.stale"}
		}
		if env.Options != nil {
			return searchOptions(text, env)
		}
		return searchMembers(text, env)
	}
	if byButton { // a button where typing was expected: forged or stale
		return parsed{lead: "step.stale"}
	}
	p := parseTyped(st.Kind, text, env)
	if p.lead != "" && st.Invalid != "" {
		p.lead = st.Invalid
		if st.PromptArgs != nil { // the question's figures, for its example
			p.leadArgs = st.PromptArgs(s.Draft, env)
		}
	}
	return p
}

// parseTyped reads a typed answer of kind k.
func parseTyped(k AnswerKind, text string, env Env) parsed {
	switch k {
	case KindName:
		if name, err := ParseName(text); err == nil {
			return parsed{value: name}
		}
		return parsed{lead: "invalid.name"}
	case KindYear:
		if y, err := ParseBirthYear(text, env.Now.Year()); err == nil {
			return parsed{value: strconv.Itoa(y)}
		}
		return parsed{lead: "invalid.year", leadArgs: map[string]any{
			"max": strconv.Itoa(LastBirthYear(env.Now.Year())), "age": MinMemberAge}}
	case KindMoney:
		n, ambiguous, err := ParseMoney(text)
		if err != nil {
			return parsed{lead: "invalid.money"}
		}
		return parsed{value: strconv.FormatInt(n, 10), ambiguous: ambiguous}
	case KindDate:
		if d, err := ParseDate(text, env.Now); err == nil {
			return parsed{value: d.Format(time.DateOnly)}
		}
		return parsed{lead: "invalid.date"}
	case KindCount:
		if n, err := ParseCount(text); err == nil {
			return parsed{value: strconv.Itoa(n)}
		}
		return parsed{lead: "invalid.count"}
	case KindPhone:
		if p, err := ParsePhone(text); err == nil {
			return parsed{value: p}
		}
		return parsed{lead: "invalid.phone"}
	}
	if clean, err := ParseText(text); err == nil {
		return parsed{value: clean}
	}
	return parsed{lead: "invalid.text"}
}

func parseYesNoAnswer(text string, byButton bool) parsed {
	if byButton {
		if text == "yes" || text == "no" {
			return parsed{value: text}
		}
		return parsed{lead: "choice.invalid"}
	}
	yes, err := ParseYesNo(text)
	if err != nil {
		return parsed{lead: "invalid.yesno"}
	}
	if yes {
		return parsed{value: "yes"}
	}
	return parsed{value: "no"}
}

// searchMembers finds the members whose names match text.
func searchMembers(text string, env Env) parsed {
	names := make([]string, len(env.Members))
	for i, m := range env.Members {
		names[i] = m.FullName
	}
	found := bot.FuzzyFind(bot.CleanText(text), names, 8)
	if len(found) == 0 {
		return parsed{lead: "leave.notfound", leadArgs: map[string]any{"name": EchoText(text)}}
	}
	ids := make([]int64, len(found))
	for i, idx := range found {
		ids[i] = env.Members[idx].ID
	}
	return parsed{value: joinIDs(ids)}
}

// yesNo are the buttons of a yes/no question.
var yesNo = []Choice{{Value: "yes", Key: "button.yes"}, {Value: "no", Key: "button.no"}}

// confirmChoices are the buttons under a summary.
var confirmChoices = []Choice{
	{Value: "save", Key: "button.save"},
	{Value: "edit", Key: "button.edit"},
	{Value: "cancel", Key: "button.cancel"},
}

// stepChoices returns the buttons of st: its own, yes/no, the summary's, or
// the members a search found.
func stepChoices(st *Step, s bot.Session, env Env) []Choice {
	switch {
	case st.Options != nil:
		return st.Options(s, env)
	case st.Kind == KindBrowse:
		return browseChoices(st, s, env)
	case st.Kind == KindYesNo:
		return yesNo
	case st.Kind == KindConfirm:
		return confirmChoices
	case st.Kind == KindChoice && st.Choices == nil:
		return matchChoices(s, env)
	}
	return st.Choices
}

// matchChoices turns the members a search found into buttons.
func matchChoices(s bot.Session, env Env) []Choice {
	if env.Options != nil {
		return optionMatches(s, env)
	}
	var out []Choice
	for _, id := range splitIDs(s.Draft[fieldMatches]) {
		for _, m := range env.Members {
			if m.ID == id {
				label := m.FullName + " (" + strconv.Itoa(m.BirthYear) + ")"
				out = append(out, Choice{Value: strconv.FormatInt(id, 10), Label: label})
			}
		}
	}
	return out
}

// Choose matches a button value, or typed text against the labels, a
// typo allowed (see ChoiceMatches).
func Choose(choices []Choice, text string, byButton bool, lang string) (string, bool) {
	if byButton {
		for _, c := range choices {
			if c.Value == text {
				return c.Value, true
			}
		}
		return "", false
	}
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.LabelIn(lang)
	}
	if found := ChoiceMatches(text, labels, true); len(found) == 1 {
		return choices[found[0]].Value, true
	}
	return "", false
}

// LabelIn is the text of the choice's button in lang.
func (c Choice) LabelIn(lang string) string {
	if c.Label != "" {
		return c.Label
	}
	return messages.Plain(lang, c.Key)
}

// displayValue renders a stored answer for a confirmation question.
func displayValue(st *Step, value string) any {
	if st.Kind == KindMoney {
		n, _ := strconv.ParseInt(value, 10, 64)
		return messages.Money(n)
	}
	return value
}
