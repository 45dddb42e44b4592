package engine

import (
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func FuzzNormalizeInviteCode(f *testing.F) {
	for _, s := range []string{"7KQ2-M9XD-T4RWA", "7kq2 m9xd t4rwa", "OIL0-1111-2222A", "7KQ2M9XDT4RWA", "", "đ", "ü",
		"7KQ2-M9XD-T4RWA-", strings.Repeat("A", 10000), "\x00\x1b", "７ＫＱ２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := bot.NormalizeInviteCode(s)
		for _, r := range n {
			if !strings.ContainsRune(bot.InviteAlphabet, r) {
				t.Fatalf("NormalizeInviteCode(%q) = %q, outside the alphabet", s, n)
			}
		}
		if again := bot.NormalizeInviteCode(n); again != n {
			t.Fatalf("NormalizeInviteCode(%q) = %q, but again %q", s, n, again)
		}
		if bot.LooksLikeInviteCode(s) != (len(n) == bot.InviteCodeLen) {
			t.Fatalf("LooksLikeInviteCode(%q) disagrees with %q", s, n)
		}
		if h := bot.HashInviteCode(s); len(h) != 64 || h != bot.HashInviteCode(n) {
			t.Fatalf("HashInviteCode(%q) = %q, not the hash of %q", s, h, n)
		}
	})
}
