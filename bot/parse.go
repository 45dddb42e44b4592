package bot

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
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

// yearRe matches a folded year of two or four digits, maybe after "năm".
var yearRe = regexp.MustCompile(`^(?:nam )?([0-9]{2}|[0-9]{4})$`)

// ParseYear reads a year of birth between 1900 and thisYear: "1958", or
// "58", which is 1958 unless 2058 is past and makes its member at least 15.
func ParseYear(s string, thisYear int) (int, error) {
	m := yearRe.FindStringSubmatch(strings.TrimRight(Fold(s), "."))
	if m == nil {
		return 0, Errorf(EINVALID, "not a year")
	}
	y, _ := strconv.Atoi(m[1])
	if len(m[1]) == 2 && thisYear-(2000+y) >= 15 {
		y += 2000
	} else if len(m[1]) == 2 {
		y += 1900
	}
	if y < 1900 || y > thisYear {
		return 0, Errorf(EINVALID, "year out of range")
	}
	return y, nil
}

// dateRe matches a folded day: d/m, d/m/yy or d/m/yyyy, with "/", "-" or
// "." between the parts.
var dateRe = regexp.MustCompile(`^([0-9]{1,2})([/.-])([0-9]{1,2})(?:([/.-])([0-9]{4}|[0-9]{2}))?$`)

// ParseDate reads a day: "31/08/2025", "31-8-2025", "31.8.25", "31/8" or
// "hôm nay". A day without a year is in this year, or last year if this
// year's is still to come. The result is midnight in Vietnam, and today is
// today's day in Vietnam; days more than one day after today are refused
// (one day of slack for a phone's clock).
func ParseDate(s string, today time.Time) (time.Time, error) {
	f := strings.TrimPrefix(strings.TrimRight(Fold(s), "."), "ngay ")
	loc, base := Vietnam(), Day(today)
	switch f {
	case "hom nay", "homnay", "today":
		return base, nil
	case "hom qua", "homqua", "yesterday":
		return base.AddDate(0, 0, -1), nil
	}
	p := dateRe.FindStringSubmatch(strings.ReplaceAll(f, " ", ""))
	if p == nil || p[4] != "" && p[4] != p[2] {
		return time.Time{}, Errorf(EINVALID, "not a date")
	}
	d, _ := strconv.Atoi(p[1])
	m, _ := strconv.Atoi(p[3])
	y, _ := strconv.Atoi(p[5])
	switch len(p[5]) {
	case 0:
		if y = base.Year(); time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc).After(base.AddDate(0, 0, 1)) {
			y--
		}
	case 2:
		if y += 2000; y > base.Year() {
			y -= 100
		}
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, loc)
	if y < 1900 || m < 1 || m > 12 || t.Day() != d || t.Month() != time.Month(m) {
		return time.Time{}, Errorf(EINVALID, "no such date")
	} else if t.After(base.AddDate(0, 0, 1)) {
		return time.Time{}, Errorf(EINVALID, "date in the future")
	}
	return t, nil
}

// countRe matches a folded count: up to six digits, or thousands grouped
// with "." or "," (a count has no decimals, so "1.000" is a thousand).
var countRe = regexp.MustCompile(`^(?:[0-9]{1,6}|[1-9][0-9]{0,2}(?:[.,][0-9]{3})+) ?(?:nguoi|thanh vien)?$`)

// ParseCount reads a number of people from 0 to 100000: "50", "50 người",
// "1.000".
func ParseCount(s string) (int, error) {
	f := Fold(s)
	if !countRe.MatchString(f) {
		return 0, Errorf(EINVALID, "not a whole number")
	}
	if n, err := strconv.Atoi(onlyDigits(f)); err == nil && n <= 100_000 {
		return n, nil
	}
	return 0, Errorf(EINVALID, "count too large")
}

// phoneRe matches a mobile number without separators: +84, 0084 or 84,
// then nine digits starting with 3, 5, 7, 8 or 9, or the same with a 0 for
// +84. People often keep that trunk 0 after +84 ("+84 0912 345 678").
var phoneRe = regexp.MustCompile(`^(?:(?:\+84|0084|84)0?|0)([35789][0-9]{8})$`)

// phoneSeparators are what people put between the digits of a number.
var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "", "(", "", ")", "")

// ParsePhone reads a Vietnamese mobile number, with or without +84 and with
// spaces, dots, hyphens or brackets, and returns it as "+84" and nine digits.
func ParsePhone(s string) (string, error) {
	m := phoneRe.FindStringSubmatch(phoneSeparators.Replace(CleanText(s)))
	if m == nil {
		return "", Errorf(EINVALID, "not a mobile number")
	}
	return "+84" + m[1], nil
}

// ParseName reads a person's full name of 2 to 60 characters: Latin letters
// (Vietnamese included), spaces, apostrophes, hyphens and dots. Each word is
// capitalised and the rest lower-cased, since leaders type in any case:
// "NGUYỄN văn an" becomes "Nguyễn Văn An", and "h'hen niê" "H'Hen Niê".
func ParseName(s string) (string, error) {
	c := strings.ReplaceAll(CleanText(s), "’", "'")
	out := make([]rune, 0, len(c))
	start, letters := true, 0
	for _, r := range c {
		switch {
		case unicode.IsLetter(r) && unicode.Is(unicode.Latin, r):
			if start {
				r = unicode.ToTitle(r)
			} else {
				r = unicode.ToLower(r)
			}
			start, letters = false, letters+1
		case strings.ContainsRune(" '-.", r):
			start = true
		default:
			return "", Errorf(EINVALID, "not a name")
		}
		out = append(out, r)
	}
	name := norm.NFC.String(string(out))
	if n := utf8.RuneCountInString(name); letters == 0 || n < 2 || n > 60 {
		return "", Errorf(EINVALID, "not a name")
	}
	return name, nil
}

// yesNoWords maps folded answers to yes (true) or no (false).
var yesNoWords = map[string]bool{
	"co": true, "c": true, "yes": true, "y": true, "u": true, "uh": true, "uhm": true,
	"dung": true, "ok": true, "oke": true, "okay": true, "1": true, "da": true,
	"vang": true, "dong y": true, "co a": true, "da co": true, "dung roi": true,
	"khong": false, "ko": false, "k": false, "kg": false, "khg": false, "hong": false,
	"no": false, "n": false, "sai": false, "2": false, "khong a": false,
	"phai": true, "dung vay": true, "co roi": true, "yeah": true, "yep": true,
	"khong co": false, "khong phai": false, "ko co": false, "chua": false, "nope": false,
}

// ParseYesNo reads a typed yes or no, in Vietnamese with or without
// diacritics or in English; trailing punctuation is ignored.
func ParseYesNo(s string) (bool, error) {
	yes, ok := yesNoWords[strings.TrimRight(Fold(s), " .,!?~")]
	if !ok {
		return false, Errorf(EINVALID, "not yes or no")
	}
	return yes, nil
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
			cost := 2 * editDistance(q, w, limit)
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

// editDistance returns the Levenshtein distance between a and b, or limit+1
// if it is more than limit, giving up early so that long input costs little.
func editDistance(a, b string, limit int) int {
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

// onlyDigits returns the ASCII digits of s.
func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r < '0' || r > '9' {
			return -1
		}
		return r
	}, s)
}

// maxEcho is how many characters of what a user typed a reply repeats.
const maxEcho = 60

// EchoText is text cleaned and cut to maxEcho characters, for a reply
// that repeats what the user typed ("no member named …"): a pasted page
// must not come back as a page.
func EchoText(text string) string {
	clean := CleanText(text)
	if r := []rune(clean); len(r) > maxEcho {
		return strings.TrimSpace(string(r[:maxEcho-1])) + "…"
	}
	return clean
}

// maxText is the longest free-text answer, in characters.
const maxText = 200

// ParseText reads a free-text answer (a reason, a club's name, a decision
// number), cleaned by CleanText: up to maxText characters with at least one
// letter or digit, so that "?", "..." or emoji alone are refused.
func ParseText(s string) (string, error) {
	clean := CleanText(s)
	hasWord := strings.IndexFunc(clean, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
	if !hasWord || utf8.RuneCountInString(clean) > maxText {
		return "", Errorf(EINVALID, "not text")
	}
	return clean, nil
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
