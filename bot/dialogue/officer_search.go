package dialogue

import (
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// SearchLimit is how many matches a search step offers as buttons.
const SearchLimit = 8

// searchOptions finds the options (clubs or units) whose labels match text,
// ignoring case and diacritics, for a search step of an officer's flow.
func searchOptions(text string, env Env) parsed {
	labels := make([]string, len(env.Options))
	for i, o := range env.Options {
		labels[i] = o.Label
	}
	found := bot.FuzzyFind(bot.CleanText(text), labels, SearchLimit)
	if len(found) == 0 {
		return parsed{lead: "search.notfound", leadArgs: map[string]any{"name": EchoText(text)}}
	}
	values := make([]string, len(found))
	for i, idx := range found {
		values[i] = env.Options[idx].Value
	}
	return parsed{value: strings.Join(values, ",")}
}

// optionMatches turns the options a search found into buttons, in the
// order found.
func optionMatches(s bot.Session, env Env) []Choice {
	var out []Choice
	for _, v := range splitValues(s.Draft[fieldMatches]) {
		if o, ok := OptionByValue(env.Options, v); ok {
			out = append(out, o)
		}
	}
	return out
}

// OptionByValue returns the option whose value is v.
func OptionByValue(options []Choice, v string) (Choice, bool) {
	for _, o := range options {
		if o.Value == v {
			return o, true
		}
	}
	return Choice{}, false
}

// splitValues reads the option values a search kept in the draft.
func splitValues(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
