package engine

import (
	"slices"
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// Metric is what a plain question asks to count.
type Metric string

// Metrics an officer can ask about.
const (
	MetricClubs   Metric = "clubs"
	MetricMembers Metric = "members"
	MetricOlder   Metric = "older"
	MetricMissing Metric = "missing"
)

// metricPhrases are the folded words that name each metric, Vietnamese and
// English, the most specific metrics first: "thành viên CLB" asks for
// members, "CLB chưa báo cáo" for the clubs that did not report.
var metricPhrases = []struct {
	metric  Metric
	phrases []string
}{
	{MetricMissing, []string{"chua bao cao", "khong bao cao", "chua nop bao cao", "not reported", "not reporting", "no report", "missing"}},
	{MetricOlder, []string{"nguoi cao tuoi", "nct", "older people", "older members", "older", "elderly"}},
	{MetricMembers, []string{"thanh vien", "hoi vien", "members", "member", "people"}},
	{MetricClubs, []string{"cau lac bo", "clb", "clubs", "club"}},
}

// stopPhrases are the folded words of a question that name neither a metric
// nor a place.
var stopPhrases = []string{
	"toan tinh", "ca tinh", "whole province", "entire province", "province",
	"co bao nhieu", "co may", "bao nhieu", "how many", "are there", "is there", "there are", "hien nay",
	"hien co", "tong so", "dia ban", "thanh pho", "thi xa", "dac khu", "phuong", "huyen", "xa", "tinh",
	"how", "many", "much", "what", "which", "in", "at", "of", "the", "o", "tai", "are", "is", "total",
	"number", "so", "may", "va", "and", "dang", "hoat dong", "active", "cua", "trong",
	// Words around a question that name nothing: "CLB nào chưa báo cáo ạ?",
	// "which clubs have not reported yet", "tình hình CLB Hoa Sen".
	"nao", "nhung", "la", "con", "roi", "a", "vay", "nhi", "oi", "hien", "nay", "bac", "cho", "xem", "tinh hinh",
	"have", "has", "yet", "did", "do", "does", "any", "still", "there", "status",
}

// Question is a plain question an officer typed: what to count, and the
// words left once the metric and the question's words are removed, which
// name the place (empty: the officer's whole scope).
type Question struct {
	Metric Metric
	Rest   string
}

// ParseQuestion reads a question such as "Móng Cái có bao nhiêu CLB?",
// "mong cai bao nhieu thanh vien" or "how many clubs in Co To", with or
// without diacritics. ok is false when no metric is named.
func ParseQuestion(text string) (q Question, ok bool) {
	words := " " + strings.Join(bot.FoldWords(text), " ") + " "
	for _, m := range metricPhrases {
		if q.Metric == "" && slices.ContainsFunc(m.phrases, func(p string) bool { return hasPhrase(words, p) }) {
			q.Metric = m.metric
		}
	}
	if q.Metric == "" {
		return Question{}, false
	}
	for _, m := range metricPhrases {
		words = removePhrases(words, m.phrases)
	}
	q.Rest = strings.TrimSpace(removePhrases(words, stopPhrases))
	return q, true
}

// askWords are the folded words that make a sentence a question.
var askWords = []string{"bao nhieu", "co may", "how many", "how much", "so luong", "tong so"}

// IsQuestion reports whether text reads as a question about the figures: a
// metric, and a question mark or words that ask how many.
func IsQuestion(text string) bool {
	if _, ok := ParseQuestion(text); !ok {
		return false
	}
	words := " " + strings.Join(bot.FoldWords(text), " ") + " "
	return strings.Contains(text, "?") || slices.ContainsFunc(askWords, func(p string) bool { return hasPhrase(words, p) })
}

// hasPhrase reports whether padded (folded words between single spaces,
// with a space at each end) holds phrase as whole words.
func hasPhrase(padded, phrase string) bool {
	return strings.Contains(padded, " "+phrase+" ")
}

// removePhrases removes every whole-word occurrence of the phrases from
// padded, keeping it padded.
func removePhrases(padded string, phrases []string) string {
	for _, p := range phrases {
		// Each pass removes at least every other of a run of repeats, so a
		// pasted page of them takes a few passes, not one per repeat.
		for hasPhrase(padded, p) {
			padded = strings.ReplaceAll(padded, " "+p+" ", " ")
		}
	}
	return padded
}

// FindPlaces returns the units whose name, with or without its type, is
// named in text as whole words, ignoring case, diacritics and the spaces
// between its words ("mongcai"); when several are, those with the longest
// name ("Móng Cái 1" rather than "Móng Cái").
func FindPlaces(text string, units []bot.Unit) []bot.Unit {
	var found []bot.Unit
	for _, h := range placeHits(bot.FoldWords(text), units) {
		found = append(found, units[h.index])
	}
	return found
}

// PreferPlace picks one of units of the same name: one within scope
// first, then a former district (officers plan by them), then the first.
func PreferPlace(units []bot.Unit, scope bot.Scope) bot.Unit {
	best, score := units[0], -1
	for _, u := range units {
		s := 0
		if bot.UnitInScope(scope, u) {
			s += 2
		}
		if u.Level == bot.LevelDistrict {
			s++
		}
		if s > score {
			best, score = u, s
		}
	}
	return best
}

// Suggest returns at most limit names closest to query: those FuzzyFind
// finds for the whole query, else for any of its words of three letters
// or more.
func Suggest(query string, names []string, limit int) []string {
	found := bot.FuzzyFind(query, names, limit)
	if len(found) == 0 {
		for _, w := range bot.FoldWords(query) {
			if len([]rune(w)) < 3 {
				continue
			}
			for _, i := range bot.FuzzyFind(w, names, limit) {
				if !slices.Contains(found, i) && len(found) < limit {
					found = append(found, i)
				}
			}
		}
	}
	out := make([]string, len(found))
	for i, idx := range found {
		out[i] = names[idx]
	}
	return out
}
