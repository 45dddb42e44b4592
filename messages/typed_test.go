package messages

import (
	"strings"
	"testing"
)

// TestTypedVariantsSpeakOfNoButtons checks that every ".typed" wording, the
// one a channel without buttons shows, mentions no button and stands beside
// a key of its own.
func TestTypedVariantsSpeakOfNoButtons(t *testing.T) {
	n := 0
	for _, lang := range Langs {
		for key, text := range catalog(lang) {
			base, ok := strings.CutSuffix(key, ".typed")
			if !ok {
				continue
			}
			n++
			if !Has(lang, base) {
				t.Errorf("%s: %s has no %s beside it", lang, key, base)
			}
			lower := strings.ToLower(text)
			for _, w := range []string{"nút", "bấm", "button", "press", "tap "} {
				if strings.Contains(lower, w) {
					t.Errorf("%s: %s = %q speaks of buttons", lang, key, text)
				}
			}
		}
	}
	if n == 0 {
		t.Error("no .typed wording in the catalogs")
	}
}
