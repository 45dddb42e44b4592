package engine_test

import (
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
)

// TestOneVietnameseDayAt2330UTC runs on a clock in UTC at 23:30 on 30
// November, 06:30 on 1 December in Vietnam: the fund report's date, the
// digest's date, the reminder's month and the late-report rule all take
// Vietnam's day.
func TestOneVietnameseDayAt2330UTC(t *testing.T) {
	h := newHarness(t)
	h.now = time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, bot.Vietnam())
	if got := bot.Day(h.now); !got.Equal(dec1) || got.Location() != bot.Vietnam() {
		t.Fatalf("Day(%v) = %v, want %v", h.now, got, dec1)
	}
	r := h.onboardLeader("1")

	// The monthly reminder asks about December, the period it records.
	msgs, err := digest.ReminderComposer{Store: h.db}.Compose(h.ctx, r, h.now)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("reminder: %v %v", msgs, err)
	}
	expect(t, msgs[0].Text, "chưa báo cáo quỹ tháng 12")
	if period, start := bot.Month(h.now); period != "2026-12" || !start.Equal(dec1) {
		t.Errorf("Month = %s from %v, want 2026-12 from %v", period, start, dec1)
	}
	if week, monday := bot.ISOWeek(h.now); week != "2026-W49" || !monday.Equal(dec1.AddDate(0, 0, -1)) {
		t.Errorf("ISOWeek = %s from %v, want 2026-W49 from Monday 30/11", week, monday)
	}

	// The fund report the leader sends is dated 1 December.
	h.last["1"] = msgs[0]
	expect(t, h.press("1", "💰 Báo cáo quỹ"), "Quỹ tăng thu nhập")
	var saved string
	for _, answer := range []string{"20tr", "2tr", "0", "0", "luu"} {
		saved = h.say("1", answer)
	}
	expect(t, saved, "01/12/2026")
	var last bot.FundReport
	if err := h.db.InTx(h.ctx, func(tx bot.Writer) (err error) {
		last, err = tx.LastFundReport(h.ctx, h.clubID)
		return err
	}); err != nil || !last.AsOf.Equal(dec1) {
		t.Fatalf("stored report as of %v (%v), want %v", last.AsOf, err, dec1)
	}

	// With the reminder on the 1st, December's report is owed: one dated
	// 30 November is late, the one just sent is not.
	if due, late := bot.FundReportLate(dec1.AddDate(0, 0, -1), h.now, 1); !late || !due.Equal(dec1) {
		t.Errorf("report of 30/11 at %v: late %v since %v, want late since %v", h.now, late, due, dec1)
	}
	if _, late := bot.FundReportLate(last.AsOf, h.now, 1); late {
		t.Errorf("the report just sent is late")
	}

	// The digest is dated 1 December.
	d := digest.Compute(nil, nil, bot.Plan{Decision: "12/QĐ-UBND"}, h.now, 60, 1, "Quảng Ninh")
	expect(t, digest.Render(d, "vi"), "Số liệu đến ngày 01/12/2026")
	// A reminder waits for 08:00 in Vietnam, 01:00 UTC: see
	// relay.TestDaytimeIsVietnamsAt2330UTC.
}
