package dialogue

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
)

// choiceWordAliases are the short forms leaders type for a word of a
// label, folded: "ko" for "không".
var choiceWordAliases = map[string]string{"ko": "khong", "kg": "khong", "khg": "khong", "hong": "khong"}

// MatchChoice returns the index of the choice the user typed: its number,
// from 1, or its label as ChoiceMatches reads it, without typos. ok is
// false when none or several labels match. It reads text that may be no
// answer at all (a greeting typed under the menu: "chào" is one typo from
// "cáo"); a step's answer is read with typos by choose.
func MatchChoice(s string, labels []string) (int, bool) {
	if found := ChoiceMatches(s, labels, false); len(found) == 1 {
		return found[0], true
	}
	return -1, false
}

// ChoiceMatches returns the indices of the labels s may mean, from the
// first of these tiers that finds any: its number; the labels equal to it
// ignoring case and diacritics; those equal ignoring emoji and punctuation
// too ("them thanh vien" for "➕ Thêm thành viên"); those it begins (at
// least two characters) or whose words its words begin, in any order
// ("can ngheo" for "Hộ cận nghèo"); with typos, those whose words its
// words, of three letters or more, are a typo away from. Several indices
// mean the text is ambiguous: "ngheo" may be "Hộ nghèo" or "Hộ cận nghèo".
func ChoiceMatches(s string, labels []string, typos bool) []int {
	f := strings.TrimRight(bot.Fold(s), " .)")
	if f == "" {
		return nil
	}
	if n, err := strconv.Atoi(f); err == nil && n >= 1 && n <= len(labels) {
		return []int{n - 1}
	}
	qw := choiceWords(s)
	q := strings.Join(qw, " ")
	tiers := []func(l string, lw []string) bool{
		func(l string, _ []string) bool { return bot.Fold(l) == f },
		func(_ string, lw []string) bool { return q != "" && strings.Join(lw, " ") == q },
		func(l string, lw []string) bool {
			return utf8.RuneCountInString(f) >= 2 && strings.HasPrefix(bot.Fold(l), f) ||
				utf8.RuneCountInString(q) >= 2 && strings.HasPrefix(strings.Join(lw, " "), q) || wordsBegin(qw, lw)
		},
		func(_ string, lw []string) bool { return typos && typoWords(qw, lw) },
	}
	words := make([][]string, len(labels))
	for i, l := range labels {
		words[i] = bot.FoldWords(l)
	}
	for _, match := range tiers {
		var found []int
		for i, l := range labels {
			if match(l, words[i]) {
				found = append(found, i)
			}
		}
		if len(found) > 0 {
			return found
		}
	}
	return nil
}

// choiceWords are the folded words of what the user typed, short forms
// written out.
func choiceWords(s string) []string {
	words := bot.FoldWords(s)
	for i, w := range words {
		if full, ok := choiceWordAliases[w]; ok {
			words[i] = full
		}
	}
	return words
}

// wordsBegin reports whether every word of qw is a word of lw, or begins
// one with at least two letters, each word of lw serving once.
func wordsBegin(qw, lw []string) bool {
	if len(qw) == 0 || len(qw) > len(lw) {
		return false
	}
	used := make([]bool, len(lw))
	for _, q := range qw {
		at := -1
		for j, w := range lw {
			if used[j] {
				continue
			}
			if w == q {
				at = j
				break
			}
			if at < 0 && utf8.RuneCountInString(q) >= 2 && strings.HasPrefix(w, q) {
				at = j
			}
		}
		if at < 0 {
			return false
		}
		used[at] = true
	}
	return true
}

// typoWords reports whether every word of qw, all of three letters or
// more, is one typo (a letter added, dropped or changed) away from its own
// word of lw. One, not more: "maybe" is two from "male".
func typoWords(qw, lw []string) bool {
	if len(qw) == 0 || len(qw) > len(lw) {
		return false
	}
	used := make([]bool, len(lw))
	for _, q := range qw {
		if utf8.RuneCountInString(q) < 3 {
			return false
		}
		at := -1
		for j, w := range lw {
			if !used[j] && bot.EditDistance(q, w, 1) <= 1 {
				at = j
				break
			}
		}
		if at < 0 {
			return false
		}
		used[at] = true
	}
	return true
}

// ambiguousChoice is the refusal of text that matches several choices:
// the labels it may mean, and the first of them as an example, which is
// itself accepted.
func ambiguousChoice(choices []Choice, text, lang string) (parsed, bool) {
	labels := make([]string, len(choices))
	for i, c := range choices {
		labels[i] = c.LabelIn(lang)
	}
	found := ChoiceMatches(text, labels, true)
	if len(found) < 2 {
		return parsed{}, false
	}
	names := make([]string, len(found))
	for i, idx := range found {
		names[i] = labels[idx]
	}
	return parsed{lead: "choice.ambiguous", leadArgs: map[string]any{
		"text": EchoText(text), "labels": strings.Join(names, "; "), "example": labels[found[0]],
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
		// Last, so that the numbers leaders know (4 for the status) stay.
		{Value: "menu.activity", Key: "menu.activity"},
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
	if i, ok := MatchChoice(text, labels); ok {
		return choices[i].Value, true
	}
	return "", false
}
