package bot

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"Móng Cái", "mong cai", "  ĐẶNG\tThị  ", "Le\u0302", "ti\u200bền", "\xff", "İ", "ǅ", "ﬃ", "\u0345",
		"Ω", "K", "a\u0301\u0323", "\u0b47\u0b3e", "<b>Hoa</b>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold(%q) = %q, but Fold(%q) = %q", s, folded, folded, again)
		}
		if !utf8.ValidString(folded) || strings.TrimSpace(folded) != folded || strings.Contains(folded, "  ") ||
			strings.ContainsAny(folded, "đĐ\t\n") {
			t.Fatalf("Fold(%q) = %q", s, folded)
		}
		if strings.IndexFunc(folded, func(r rune) bool { return unicode.Is(unicode.Mn, r) }) >= 0 {
			t.Fatalf("Fold(%q) = %q keeps a combining mark", s, folded)
		}
		clean := CleanText(s)
		if again := CleanText(clean); again != clean || !norm.NFC.IsNormalString(clean) || !utf8.ValidString(clean) {
			t.Fatalf("CleanText(%q) = %q, CleanText of it = %q", s, clean, again)
		}
		if Fold(clean) != folded {
			t.Fatalf("Fold(CleanText(%q)) = %q, Fold = %q", s, Fold(clean), folded)
		}
	})
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
		found := FuzzyFind(query, memberNames, limit)
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
		q := strings.Join(FoldWords(query), " ")
		for i, name := range memberNames {
			if q != "" && limit > 0 && strings.Join(FoldWords(name), " ") == q && (len(found) == 0 || !slices.Contains(found, i)) {
				t.Fatalf("FuzzyFind(%q, %d) = %v misses the equal name %q", query, limit, found, name)
			}
		}
	})
}
