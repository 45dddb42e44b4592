package dialogue

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseAnnouncement(f *testing.F) {
	for _, s := range []string{"Họp sơ kết quý", " Họp \r\n\n\n 8 giờ ", "...", "", "\n\n", "a\u200bb", "<b>x</b> & y",
		"dòng 1\n\n\n\ndòng 2\n", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clean, err := ParseAnnouncement(s)
		if err != nil {
			return
		}
		if !utf8.ValidString(clean) || strings.Contains(clean, "\n\n\n") || strings.HasPrefix(clean, "\n") ||
			strings.HasSuffix(clean, "\n") || strings.ContainsAny(clean, "\r\t") {
			t.Fatalf("ParseAnnouncement(%q) = %q", s, clean)
		}
		if again, err := ParseAnnouncement(clean); err != nil || again != clean {
			t.Fatalf("cleaning %q again gives %q, %v", clean, again, err)
		}
	})
}
