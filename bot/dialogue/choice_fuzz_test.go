package dialogue

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func FuzzParseYesNo(f *testing.F) {
	for _, s := range []string{"có", "co", "Không", "k", "ok!", "dạ có", "yes", "2", "", "có không", "\u202ecó", "KHÔNG ạ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		yes, err := bot.ParseYesNo(s)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || yes {
				t.Fatalf("ParseYesNo(%q) = %v, %v", s, yes, err)
			}
			return
		}
		// What is read as an answer reads the same once folded, and the
		// canonical words read back as the same answer.
		if again, err := bot.ParseYesNo(bot.Fold(s)); err != nil || again != yes {
			t.Fatalf("ParseYesNo(%q) = %v, but ParseYesNo(Fold) = %v, %v", s, yes, again, err)
		}
		word := map[bool]string{true: "có", false: "không"}[yes]
		if back, err := bot.ParseYesNo(word); err != nil || back != yes {
			t.Fatalf("ParseYesNo(%q) = %v, %v", word, back, err)
		}
	})
}

// choiceLabels are the labels MatchChoice is fuzzed against: a member's
// household question, whose labels share a prefix.
var choiceLabels = []string{"Hộ nghèo", "Hộ cận nghèo", "Không thuộc hai loại trên"}

func FuzzMatchChoice(f *testing.F) {
	for _, s := range []string{"1", "3", "4", "0", "-1", "ho ngheo", "HỘ CẬN", "ho", "kh", "k", "1)", "2.", "",
		"99999999999999999999999999999", "Hộ nghèo\x00", "\u202eHộ nghèo"} {
		f.Add(s, strings.Join(choiceLabels, "|"))
	}
	f.Add("a", "a|a")
	f.Add("ab", "abc|abd")
	f.Fuzz(func(t *testing.T, s, joined string) {
		labels := strings.Split(joined, "|")
		i, ok := bot.MatchChoice(s, labels)
		if !ok {
			if i != -1 {
				t.Fatalf("MatchChoice(%q, %q) = %d, false", s, labels, i)
			}
			return
		}
		if i < 0 || i >= len(labels) {
			t.Fatalf("MatchChoice(%q, %q) = %d, out of range", s, labels, i)
		}
		// A label that is alone of its folded form is always chosen by
		// itself, unless it is a number, which is read as a position.
		l := labels[i]
		_, numeric := strconv.Atoi(bot.Fold(l))
		if strings.TrimRight(bot.Fold(l), " .)") == bot.Fold(l) && bot.Fold(l) != "" && count(labels, bot.Fold(l)) == 1 && numeric != nil {
			if j, ok := bot.MatchChoice(l, labels); !ok || j != i {
				t.Fatalf("MatchChoice(%q) = %d, but MatchChoice(its label %q) = %d, %v", s, i, l, j, ok)
			}
		}
	})
}

// count is how many labels fold to f.
func count(labels []string, f string) int {
	n := 0
	for _, l := range labels {
		if bot.Fold(l) == f {
			n++
		}
	}
	return n
}

// memberNames are the names FuzzyFind is fuzzed against.
var memberNames = []string{"Nguyễn Thị Hoa", "Nguyễn Thị Hòa", "Trần Văn Hùng", "Lê-Thị Thu", "H'Hen Niê", "An"}

func FuzzFuzzyFind(f *testing.F) {
	for _, s := range []string{"nguyen thi hoa", "hoa", "ng", "tran hung", "le thi", "hhen", "", "   ", "a",
		strings.Repeat("nguyen ", 200), strings.Repeat("x", 1000), "\x00\xff", "Nguyễn Thị Hoa"} {
		f.Add(s, 8)
	}
	f.Add("hoa", 0)
	f.Add("hoa", -3)
	f.Add("hoa", 1)
	f.Fuzz(func(t *testing.T, query string, limit int) {
		found := bot.FuzzyFind(query, memberNames, limit)
		if len(found) > max(limit, 0) {
			t.Fatalf("FuzzyFind(%q, %d) found %d", query, limit, len(found))
		}
		seen := map[int]bool{}
		for _, i := range found {
			if i < 0 || i >= len(memberNames) || seen[i] {
				t.Fatalf("FuzzyFind(%q, %d) = %v: bad or repeated index", query, limit, found)
			}
			seen[i] = true
		}
		// A name equal to the query, ignoring case and marks, comes first.
		q := strings.Join(bot.FoldWords(query), " ")
		for i, name := range memberNames {
			if q != "" && limit > 0 && strings.Join(bot.FoldWords(name), " ") == q && (len(found) == 0 || !slices.Contains(found, i)) {
				t.Fatalf("FuzzyFind(%q, %d) = %v misses the equal name %q", query, limit, found, name)
			}
		}
	})
}
