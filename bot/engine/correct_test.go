package engine_test

import (
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
)

// TestAWithdrawnReportIsRemindedAgain: a club whose only report of the
// month was withdrawn has not reported this month.
func TestAWithdrawnReportIsRemindedAgain(t *testing.T) {
	h := newHarness(t)
	r := h.onboardLeader("1")
	composer := digest.ReminderComposer{Store: h.db}
	h.say("1", "/fund")
	for _, answer := range []string{"20tr", "2tr", "0", "0", "luu"} {
		h.say("1", answer)
	}
	if msgs, err := composer.Compose(h.ctx, r, h.now); err != nil || len(msgs) != 0 {
		t.Fatalf("reminder after this month's report: %v %v", msgs, err)
	}
	expect(t, h.say("1", "/fundfix"), "Quỹ tăng thu nhập: 20.000.000 đ")
	expect(t, h.say("1", "2"), "Vì sao")
	expect(t, h.say("1", "bao nham"), "chắc chắn")
	expect(t, h.say("1", "co"), "Đã rút lại")
	if msgs, err := composer.Compose(h.ctx, r, h.now); err != nil || len(msgs) != 1 {
		t.Fatalf("no reminder after the month's only report was withdrawn: %v %v", msgs, err)
	}
	expect(t, h.say("1", "/fundfix"), "chưa có báo cáo quỹ nào")
}

// TestAStaleCorrectionSavesNothing: a correction confirmed after another
// report came changes neither report.
func TestAStaleCorrectionSavesNothing(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.say("1", "/fund")
	for _, answer := range []string{"20tr", "2tr", "0", "0", "luu"} {
		h.say("1", answer)
	}
	expect(t, h.say("1", "/fundfix"), "Bác muốn sửa số liệu")
	expect(t, h.say("1", "1"), "sửa số nào")
	expect(t, h.say("1", "1"), "Quỹ tăng thu nhập")
	expect(t, h.say("1", "25tr"), "Vì sao")
	expect(t, h.say("1", "go nham"), "20.000.000 đ → 25.000.000 đ")
	// Meanwhile, on another chat of the same club, a new report.
	if err := h.db.InTx(h.ctx, func(tx bot.Writer) error {
		r := bot.FundReport{ClubID: h.clubID, AsOf: h.now, IncomeFund: 30_000_000}
		return tx.AddFundReport(h.ctx, &r, 0, h.now)
	}); err != nil {
		t.Fatal(err)
	}
	expect(t, h.say("1", "luu"), "không còn là báo cáo gần nhất")
	var last bot.FundReport
	_ = h.db.InTx(h.ctx, func(tx bot.Writer) (err error) { last, err = tx.LastFundReport(h.ctx, h.clubID); return err })
	if last.IncomeFund != 30_000_000 {
		t.Fatalf("latest report %+v", last)
	}
}

// TestAStaleSaveOfACorrectionChangesNothingTwice: Lưu pressed again on the
// summary of a correction already saved writes no second audit entry.
func TestAStaleSaveOfACorrectionChangesNothingTwice(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.addMember("1", "Lê Văn Tám", "1960")
	expect(t, h.say("1", "/members"), "1 người")
	expect(t, h.press("1", "Lê Văn Tám (1960)"), "Năm sinh: 1960")
	expect(t, h.press("1", "✏️ Sửa"), "mục nào")
	expect(t, h.press("1", "Năm sinh"), "Năm sinh?")
	summary := h.say("1", "1961")
	expect(t, summary, "Năm sinh: 1960 → 1961")
	old := h.last["1"]
	expect(t, h.press("1", "Lưu"), "Đã sửa thông tin của Lê Văn Tám")
	h.last["1"] = old
	expect(t, h.press("1", "Lưu"), "đã qua")
	log, err := h.db.AuditLog(h.ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	updates := 0
	for _, e := range log {
		if e.Entity == "member" && e.Action == "update" {
			updates++
		}
	}
	if ms := h.members(); updates != 1 || len(ms) != 1 || ms[0].BirthYear != 1961 {
		t.Fatalf("%d update entries, members %+v", updates, ms)
	}
}
