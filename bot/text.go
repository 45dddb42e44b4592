package bot

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold returns s cleaned by CleanText, lower-cased and without Vietnamese
// diacritics (đ becomes d), so that "Móng Cái" and "mong cai" compare equal.
func Fold(s string) string {
	s = strings.ToLower(CleanText(s))
	// A fresh chain per call: transformers keep state and are not safe to share.
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if folded, _, err := transform.String(t, s); err == nil {
		s = folded
	}
	// đ is a letter of its own, not d with a mark, so NFD leaves it alone.
	// Collapse spaces again: a word made only of marks is now empty.
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "đ", "d")), " ")
}

// CleanText returns s in NFC with whitespace trimmed and collapsed, and
// without control characters or invisible zero-width and bidi characters,
// which phones and copy-paste slip into messages and which would otherwise
// make equal-looking names differ or reorder text in the club's reports.
func CleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r), isInvisible(r):
			return -1
		}
		return r // Map hands invalid UTF-8 over as U+FFFD, which stays
	}, s)
	return norm.NFC.String(strings.Join(strings.Fields(s), " "))
}

// isInvisible reports whether r is a zero-width or bidi formatting character.
func isInvisible(r rune) bool {
	return (r >= 0x200B && r <= 0x200F) || (r >= 0x202A && r <= 0x202E) ||
		(r >= 0x2066 && r <= 0x2069) || r == 0x2060 || r == 0xFEFF
}

// FuzzyFind returns the indices of at most limit names that match query
// ignoring case and diacritics, best first: names equal to the query, then
// names with every query word as the start of one of their words, then names
// whose words are a few typos away from the query's (the fewer the better);
// a query written without spaces ("hoasen") matches as its words would.
// Ties keep the order of names. An empty query or a limit under 1 finds
// nothing.
func FuzzyFind(query string, names []string, limit int) []int {
	qw := FoldWords(query)
	if len(qw) == 0 || limit <= 0 {
		return nil
	}
	q := strings.Join(qw, " ")
	type hit struct{ i, rank int }
	var hits []hit
	for i, name := range names {
		nw := FoldWords(name)
		if strings.Join(nw, " ") == q {
			hits = append(hits, hit{i, -1})
		} else if d, ok := wordsDistance(qw, nw); ok {
			hits = append(hits, hit{i, d})
		} else if compactMatch(qw, nw) { // "hoasen" for "Hoa Sen"
			hits = append(hits, hit{i, 0})
		}
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].rank < hits[b].rank })
	out := make([]int, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.i)
	}
	return out
}

// FoldWords returns the folded words of s, split at anything but letters and
// digits so that "Lê-Thị" and "le thi" have the same words.
func FoldWords(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// wordsDistance matches every query word to its own closest name word: 0
// when it starts the name word (an equal word first), else the edit
// distance, which must be at most 1 for words under five letters and 2 for
// longer ones. It returns the total. Matching each name word once keeps
// "nguyen van an" from finding "Nguyễn Văn Bình" through "van" twice.
func wordsDistance(qw, nw []string) (int, bool) {
	used := make([]bool, len(nw))
	total := 0
	for _, q := range qw {
		limit := 1
		if utf8.RuneCountInString(q) >= 5 {
			limit = 2
		}
		best, bestAt := 2*limit+2, -1 // costs are doubled: odd for a mere prefix
		for j, w := range nw {
			cost := 2 * EditDistance(q, w, limit)
			if len(w) > len(q) && strings.HasPrefix(w, q) {
				cost = 1
			}
			if !used[j] && cost < best {
				best, bestAt = cost, j
			}
		}
		if bestAt < 0 || best > 2*limit {
			return 0, false
		}
		used[bestAt], total = true, total+best/2
	}
	return total, true
}

// EditDistance returns the Levenshtein distance between a and b, or limit+1
// if it is more than limit, giving up early so that long input costs little.
// FuzzyFind and the typed choices of bot/dialogue count typos by it.
func EditDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra)-len(rb) > limit || len(rb)-len(ra) > limit {
		return limit + 1
	}
	prev, cur := make([]int, len(rb)+1), make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return min(prev[len(rb)], limit+1)
}

// compactMatch reports whether the query's words, run together, begin
// the name's words run together from one of its words on: "hoasen" finds
// "CLB Hoa Sen", "mongcai1" finds "Móng Cái 1".
func compactMatch(qw, nw []string) bool {
	q := strings.Join(qw, "")
	if utf8.RuneCountInString(q) < 3 {
		return false
	}
	for j := range nw {
		if strings.HasPrefix(strings.Join(nw[j:], ""), q) {
			return true
		}
	}
	return false
}
