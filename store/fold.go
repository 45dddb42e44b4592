package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold returns the search key of a Vietnamese name: diacritics removed
// (NFD, combining marks dropped), đ written d, lower case, and runs of
// spaces collapsed. "Phường Móng Cái 1" folds to "phuong mong cai 1".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	out = strings.Map(func(r rune) rune {
		if r == 'đ' || r == 'Đ' {
			return 'd'
		}
		return unicode.ToLower(r)
	}, out)
	return strings.Join(strings.Fields(out), " ")
}

// cleanName returns s in Unicode NFC with surrounding and repeated spaces
// removed, the form in which names are stored.
func cleanName(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}
