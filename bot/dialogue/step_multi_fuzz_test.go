package dialogue

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
)

// FuzzParseNumberList checks that a list of choices typed is either
// refused or read as distinct numbers from 1 to n, each of which the text
// holds (once folded), and that a list it reads is read the same once written back.
func FuzzParseNumberList(f *testing.F) {
	for _, s := range []string{"1 3 5", "1,3, 5", "1;2", "2 va 4", "1 1 2", "0", "9", "1 2 3 4 5 6 7 8", "1.3", " 4 ", "１ ３"} {
		f.Add(s, 8)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if !utf8.ValidString(s) || n < 0 || n > 1000 {
			return
		}
		got, err := ParseNumberList(s, n)
		if err != nil {
			return
		}
		if len(got) == 0 {
			t.Fatalf("ParseNumberList(%q, %d) read no number", s, n)
		}
		folded := bot.Fold(s) // invisible characters are dropped first
		parts := make([]string, len(got))
		for i, k := range got {
			if k < 1 || k > n || slices.Contains(got[:i], k) || !strings.Contains(folded, strconv.Itoa(k)) {
				t.Fatalf("ParseNumberList(%q, %d) = %v", s, n, got)
			}
			parts[i] = strconv.Itoa(k)
		}
		again, err := ParseNumberList(strings.Join(parts, " "), n)
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("ParseNumberList(%q) = %v, written back %v, %v", s, got, again, err)
		}
	})
}
