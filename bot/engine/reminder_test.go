package engine_test

import (
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/digest"
)

// TestReminderStartsTheFundReport follows a monthly reminder from the
// composer to the leader's press on its button.
func TestReminderStartsTheFundReport(t *testing.T) {
	h := newHarness(t)
	r := h.onboardLeader("1")
	composer := digest.ReminderComposer{Store: h.db}
	msgs, err := composer.Compose(h.ctx, r, h.now)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("reminder for a club without a report: %v %v", msgs, err)
	}
	expect(t, msgs[0].Text, "CLB Hoa Sen chưa báo cáo quỹ tháng 11")
	// On a channel without buttons (Zalo) the choice is numbered, and the
	// text, the same on every channel, speaks of no button.
	numbered := dialogue.NumberedHTML(msgs[0])
	expect(t, numbered, "Bác chọn Báo cáo quỹ bên dưới")
	expect(t, numbered, "1) 💰 Báo cáo quỹ")
	if strings.Contains(numbered, "bấm") || strings.Contains(numbered, "nút") {
		t.Errorf("the reminder speaks of buttons: %q", numbered)
	}
	h.last["1"] = msgs[0]
	expect(t, h.press("1", "💰 Báo cáo quỹ"), "Quỹ tăng thu nhập")
	for _, answer := range []string{"20tr", "2tr", "0", "0", "luu"} {
		h.say("1", answer)
	}
	if msgs, err := composer.Compose(h.ctx, r, h.now); err != nil || len(msgs) != 0 {
		t.Fatalf("reminder after this month's report: %v %v", msgs, err)
	}
	if next, err := composer.Compose(h.ctx, r, h.now.AddDate(0, 1, 0)); err != nil || len(next) != 1 ||
		!strings.Contains(next[0].Text, "tháng 12") {
		t.Fatalf("next month's reminder: %v %v", next, err)
	}
}
