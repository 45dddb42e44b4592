package engine_test

import (
	"bytes"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/engine"
)

// TestInviteCodesCarryAtLeast64RandomBits draws many codes: each is 13
// characters of Crockford's base 32 (65 bits), every position takes all
// 32 values, and no code comes twice.
func TestInviteCodesCarryAtLeast64RandomBits(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	const n = 2000
	seen := map[string]bool{}
	var symbols []map[rune]bool
	for range n {
		code, hash, err := bot.NewInviteCode()
		if err != nil {
			t.Fatal(err)
		}
		if hash != bot.HashInviteCode(code) || strings.Contains(hash, code) {
			t.Fatalf("code %s is stored as %s", code, hash)
		}
		raw := bot.NormalizeInviteCode(code)
		if seen[raw] {
			t.Fatalf("code %s came twice in %d", code, n)
		}
		seen[raw] = true
		if symbols == nil {
			symbols = make([]map[rune]bool, len(raw))
			for i := range symbols {
				symbols[i] = map[rune]bool{}
			}
		}
		if len(raw) != len(symbols) {
			t.Fatalf("code %s has %d characters, others %d", code, len(raw), len(symbols))
		}
		for i, r := range raw {
			if !strings.ContainsRune(alphabet, r) {
				t.Fatalf("code %s has %q, outside the alphabet", code, r)
			}
			symbols[i][r] = true
		}
	}
	bits := 0.0
	for i, s := range symbols {
		if len(s) != len(alphabet) {
			t.Errorf("position %d took %d of %d values in %d codes", i, len(s), len(alphabet), n)
		}
		bits += math.Log2(float64(len(s)))
	}
	if bits < 64 {
		t.Errorf("codes carry %.0f bits, want at least 64", bits)
	}
}

// TestInvitesExpireAfterTheirTTL makes invites in the chat, with the
// default validity and a configured one: a code works until a minute
// before it expires, is refused from then on, and works once only.
func TestInvitesExpireAfterTheirTTL(t *testing.T) {
	for _, c := range []struct {
		ttl, want time.Duration
		expires   string
	}{
		{0, 7 * 24 * time.Hour, "06/12/2026"},
		{48 * time.Hour, 48 * time.Hour, "01/12/2026"},
	} {
		t.Run(c.want.String(), func(t *testing.T) {
			h := newOfficerHarness(t)
			h.engine = engine.NewEngine(h.db, h.clock, engine.Config{BotUsername: "clubbot_test_bot", InviteTTL: c.ttl},
				slog.New(slog.DiscardHandler))
			start := h.now
			first, second := h.adminInvitesLeader(c.expires), h.adminInvitesLeader(c.expires)
			h.now = start.Add(c.want - time.Minute)
			expect(t, h.say("new-1", "/start "+first), "chủ nhiệm CLB Sóng Biển")
			expect(t, h.say("new-2", "/start "+first), "đã được dùng")
			h.now = start.Add(c.want)
			expect(t, h.say("new-3", "/start "+second), "hết hạn")
		})
	}
}

// adminInvitesLeader makes an invite for CLB Sóng Biển's leader through
// the admin's dialogue and returns its code.
func (h *officerHarness) adminInvitesLeader(expires string) string {
	h.t.Helper()
	h.say(admin, "/invite")
	h.press(admin, "Chủ nhiệm CLB")
	h.say(admin, "song bien")
	h.press(admin, "CLB Sóng Biển (Cô Tô)")
	got := h.press(admin, "Lưu")
	expect(h.t, got, expires)
	return inviteCode(h.t.(*testing.T), got)
}

// TestInviteCodesStayOutOfTheLogs handles a joining with every log
// line written, and finds the code in none of them.
func TestInviteCodesStayOutOfTheLogs(t *testing.T) {
	h := newHarness(t)
	var logs bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.engine = engine.NewEngine(h.db, h.clock, engine.Config{}, log)
	code := h.invite("")
	wrong := "ABCD-EFGH-JKMNP"
	expect(t, h.say("1", "/start "+wrong), "không đúng")
	expect(t, h.say("1", "/start "+code), "chủ nhiệm CLB Hoa Sen")
	for _, secret := range []string{code, bot.NormalizeInviteCode(code), bot.HashInviteCode(code), wrong} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the logs hold %q:\n%s", secret, logs.String())
		}
	}
}
