package bot

import (
	"strings"
	"testing"
)

// FuzzDecodeButton feeds forged callback data to the decoder: it must never
// panic, and what it accepts must be exactly what EncodeButton makes.
func FuzzDecodeButton(f *testing.F) {
	for _, seed := range []string{"1k:menu.fund", "0:yes", "zz:household.near_poor", ":", "1:", "\xff:\x00", "-1:x",
		"1:" + strings.Repeat("a", 60), "123456789:club.42"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data string) {
		seq, value, ok := DecodeButton(data)
		if !ok {
			return
		}
		if seq < 0 {
			t.Fatalf("negative step %d from %q", seq, data)
		}
		again := EncodeButton(seq, value)
		if len(again) > 64 {
			t.Fatalf("accepted %q re-encodes to %d bytes, over Telegram's 64", data, len(again))
		}
		seq2, value2, ok2 := DecodeButton(again)
		if !ok2 || seq2 != seq || value2 != value {
			t.Fatalf("%q decodes to %d %q, re-encoded %q decodes to %d %q %v", data, seq, value, again, seq2, value2, ok2)
		}
	})
}
