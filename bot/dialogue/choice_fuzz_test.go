package dialogue

import (
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
		yes, err := ParseYesNo(s)
		if err != nil {
			if bot.ErrorCode(err) != bot.EINVALID || yes {
				t.Fatalf("ParseYesNo(%q) = %v, %v", s, yes, err)
			}
			return
		}
		// What is read as an answer reads the same once folded, and the
		// canonical words read back as the same answer.
		if again, err := ParseYesNo(bot.Fold(s)); err != nil || again != yes {
			t.Fatalf("ParseYesNo(%q) = %v, but ParseYesNo(Fold) = %v, %v", s, yes, again, err)
		}
		word := map[bool]string{true: "có", false: "không"}[yes]
		if back, err := ParseYesNo(word); err != nil || back != yes {
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
		i, ok := MatchChoice(s, labels)
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
			if j, ok := MatchChoice(l, labels); !ok || j != i {
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
