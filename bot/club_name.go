package bot

import (
	"strings"
	"unicode"
)

// clubNamePrefixes are the ways a club's name may begin with "club", folded.
var clubNamePrefixes = []string{"cau lac bo", "c.l.b.", "c.l.b", "clb"}

// clubNameKinds are the words naming the kind of club, folded, and as
// Decision 1336 writes them: "CLB Liên thế hệ tự giúp nhau Hoa Sen".
var clubNameKinds = [][2]string{{"lien the he", "Liên thế hệ"}, {"tu giup nhau", "tự giúp nhau"}}

// ClubName is the form in which a club's name is stored and shown: "CLB",
// the kind of club as the plan writes it if named, and the name's words,
// each with a capital first letter, however it was typed: "clb hoa mai",
// "Câu lạc bộ hoa mai" and "hoa mai" are all "CLB Hoa Mai", and "clb lien
// the he hoa mai" is "CLB Liên thế hệ Hoa Mai". Short words written in
// capitals in a name that is not all capitals stay so ("NCT"). It is "" for a name without words.
// Stored names keep "CLB", so lookups by part of a name ("Hoa Sen") work
// as before.
func ClubName(s string) string {
	words := strings.Fields(CleanText(s))
	for _, p := range clubNamePrefixes {
		n := len(strings.Fields(p))
		if len(words) >= n && Fold(strings.Join(words[:n], " ")) == p {
			words = words[n:]
			break
		}
	}
	var kind []string
	for _, k := range clubNameKinds {
		n := len(strings.Fields(k[0]))
		if len(words) >= n && Fold(strings.Join(words[:n], " ")) == k[0] {
			kind, words = append(kind, k[1]), words[n:]
		}
	}
	if len(words) == 0 {
		return ""
	}
	shouting := strings.ToUpper(strings.Join(words, " ")) == strings.Join(words, " ")
	for i, w := range words {
		words[i] = capitalise(w, shouting)
	}
	return strings.Join(append(append([]string{"CLB"}, kind...), words...), " ")
}

// capitalise gives w a capital first letter and small ones after, unless
// it is a short word in capitals (an abbreviation) in a name that is not
// all capitals.
func capitalise(w string, shouting bool) string {
	r := []rune(w)
	if !shouting && len(r) <= 4 && strings.ToUpper(w) == w {
		return w
	}
	first := true
	for i, c := range r {
		switch {
		case first && unicode.IsLetter(c):
			r[i], first = unicode.ToUpper(c), false
		case !first:
			r[i] = unicode.ToLower(c)
		}
	}
	return string(r)
}
