package store

import (
	"bytes"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// canonicalRow returns the canonical form of a row's values.
func canonicalRow(t *testing.T, prec time.Duration, vals ...any) []byte {
	t.Helper()
	var buf []byte
	for _, v := range vals {
		var err error
		if buf, err = appendValue(buf, v, prec); err != nil {
			t.Fatal(err)
		}
	}
	return buf
}

// TestCanonicalFormsMatchAcrossDrivers checks that a value reads the same
// whichever driver returned it, and that different values, or the same
// bytes split differently between columns, do not.
func TestCanonicalFormsMatchAcrossDrivers(t *testing.T) {
	at := time.Date(2025, 8, 15, 9, 30, 0, 123456789, bot.Vietnam())
	tests := []struct {
		name string
		prec time.Duration
		a, b []any
		same bool
	}{
		{"a boolean and its integer", time.Nanosecond, []any{true, false}, []any{int64(1), int64(0)}, true},
		{"text and bytes", time.Nanosecond, []any{"Hòa"}, []any{[]byte("Hòa")}, true},
		{"a time in any zone", time.Nanosecond, []any{at}, []any{at.UTC()}, true},
		{"nanoseconds on SQLite", time.Nanosecond, []any{at}, []any{at.Truncate(time.Microsecond)}, false},
		{"nanoseconds beside PostgreSQL", time.Microsecond, []any{at}, []any{at.Truncate(time.Microsecond)}, true},
		{"NULL and empty text", time.Nanosecond, []any{nil}, []any{""}, false},
		{"NULL and zero", time.Nanosecond, []any{nil}, []any{int64(0)}, false},
		{"zero and the text 0", time.Nanosecond, []any{int64(0)}, []any{"0"}, false},
		{"text split otherwise", time.Nanosecond, []any{"ab", "c"}, []any{"a", "bc"}, false},
		{"a float and its integer", time.Nanosecond, []any{1.5}, []any{int64(1)}, false},
		{"the same float", time.Nanosecond, []any{0.1}, []any{0.1}, true},
	}
	for _, tt := range tests {
		a, b := canonicalRow(t, tt.prec, tt.a...), canonicalRow(t, tt.prec, tt.b...)
		if bytes.Equal(a, b) != tt.same {
			t.Errorf("%s: %q and %q, same = %v, want %v", tt.name, a, b, !tt.same, tt.same)
		}
	}
}

// TestCanonicalFormOfATime pins the form itself: UTC, nine digits.
func TestCanonicalFormOfATime(t *testing.T) {
	at := time.Date(2025, 8, 15, 9, 30, 0, 1000, bot.Vietnam())
	if got := string(canonicalRow(t, time.Nanosecond, at)); got != "T2025-08-15T02:30:00.000001000Z;" {
		t.Errorf("form = %q", got)
	}
	if _, err := appendValue(nil, struct{}{}, time.Nanosecond); err == nil {
		t.Error("a value of no known type has a canonical form")
	}
}
