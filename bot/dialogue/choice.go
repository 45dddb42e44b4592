package dialogue

import (
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// the labels it may mean, and the first of them as an example, which is
// itself accepted.
func ambiguousChoice(choices []Choice, text, lang string) (parsed, bool) {
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.LabelIn(lang)
	}
	found := bot.ChoiceMatches(text, labels, true)
	if len(found) < 2 {
		return parsed{}, false
	}
	names := make([]string, len(found))
	for i, idx := range found {
		names[i] = labels[idx]
	}
	return parsed{lead: "choice.ambiguous", leadArgs: map[string]any{
		"text": bot.EchoText(text), "labels": strings.Join(names, "; "), "example": labels[found[0]],
	}}, true
}

// choiceRefusal is the lead sentence for an answer that chose nothing:
// the labels typed text may mean when it fits several, else how to choose.
func choiceRefusal(choices []Choice, text string, byButton bool, lang string) parsed {
	if p, ok := ambiguousChoice(choices, text, lang); ok && !byButton {
		return p
	}
	return parsed{lead: "choice.invalid"}
}

// MenuChoices are a leader's main choices.
func MenuChoices() []Choice {
	return []Choice{
		{Value: "menu.member", Key: "menu.member"},
		{Value: "menu.leave", Key: "menu.leave"},
		{Value: "menu.fund", Key: "menu.fund"},
		{Value: "menu.status", Key: "menu.status"},
		{Value: "menu.members", Key: "menu.members"},
		{Value: "menu.fundfix", Key: "menu.fundfix"},
	}
}

// MenuChoice is the value of the item of a leader's menu that text names,
// without typos (see MatchChoice).
func MenuChoice(text, lang string) (string, bool) {
	choices := MenuChoices()
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.LabelIn(lang)
	}
	if i, ok := bot.MatchChoice(text, labels); ok {
		return choices[i].Value, true
	}
	return "", false
}
