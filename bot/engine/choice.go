package engine

import (
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// menuChoice is the value of the item of a leader's menu that text names,
// without typos (see MatchChoice).
func menuChoice(text, lang string) (string, bool) {
	choices := menuChoices()
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.label(lang)
	}
	if i, ok := bot.MatchChoice(text, labels); ok {
		return choices[i].Value, true
	}
	return "", false
}

// the labels it may mean, and the first of them as an example, which is
// itself accepted.
func ambiguousChoice(choices []Choice, text, lang string) (parsed, bool) {
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.label(lang)
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
