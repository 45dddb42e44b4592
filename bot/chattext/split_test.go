package chattext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplit(t *testing.T) {
	if got := Split("short", 10); len(got) != 1 || got[0] != "short" {
		t.Errorf("short text split: %q", got)
	}
	got := Split("<b>aaaa\nbbbb\ncccc</b>\ndddd", 20)
	want := []string{"<b>aaaa\nbbbb</b>", "<b>cccc</b>\ndddd"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("split = %q, want %q", got, want)
	}
	// An overlong line is cut at spaces, never inside a tag or an entity.
	line := strings.Repeat(`ab &amp; <a href="https://x.vn/">cd</a> `, 200)
	for _, p := range Split(line, 300) {
		if utf8.RuneCountInString(p) > 300 {
			t.Errorf("part of %d characters", utf8.RuneCountInString(p))
		}
		if strings.Count(p, "<a ") != strings.Count(p, "</a>") || strings.Count(p, "&") != strings.Count(p, "&amp;") {
			t.Errorf("part cuts a tag or entity: %q", p)
		}
	}
	// Blank stretches do not become empty messages.
	for _, p := range Split("a\n"+strings.Repeat("\n", 40)+"b", 10) {
		if strings.TrimSpace(p) == "" {
			t.Errorf("empty part in %q", p)
		}
	}
}
