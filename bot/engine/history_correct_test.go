package engine

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestHistoryLinesOfCorrections(t *testing.T) {
	at := time.Date(2026, 11, 29, 10, 5, 0, 0, time.UTC)
	asJSON := func(v any) []byte {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	an := bot.Member{FullName: "Nguyễn Văn An", Gender: bot.Male, BirthYear: 1955, Household: bot.HouseholdNeither}
	fixed := an
	fixed.BirthYear, fixed.Household = 1949, bot.HouseholdPoor
	left := at.AddDate(0, 0, -3)
	gone := an
	gone.LeftOn, gone.LeftReason = &left, "moved"
	report := bot.FundReport{AsOf: at, IncomeFund: 200_000_000, ActivityFund: 2_000_000}
	corrected := report
	corrected.IncomeFund, corrected.Note = 20_000_000, "thừa số 0"
	withdrawn := report
	withdrawn.WithdrawnAt, withdrawn.Note = &at, "nhầm tháng"
	changes := []bot.Change{
		{At: at, Actor: "Bà Lan", Entity: "member", Action: "update", Club: "CLB Hoa Sen", Before: asJSON(an), After: asJSON(fixed)},
		{At: at, Actor: "Bà Lan", Entity: "member", Action: "rejoin", Club: "CLB Hoa Sen", Before: asJSON(gone), After: asJSON(an)},
		{At: at, Actor: "Bà Lan", Entity: "fund_report", Action: "correct", Club: "CLB Hoa Sen", Before: asJSON(report), After: asJSON(corrected)},
		{At: at, Actor: "Bà Lan", Entity: "fund_report", Action: "withdraw", Club: "CLB Hoa Sen", Before: asJSON(report), After: asJSON(withdrawn)},
		{At: at, Actor: "Bà Lan", Entity: "member", Action: "update", Club: "CLB Hoa Sen", Before: asJSON(an), After: asJSON(an)},
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"vi", []string{
			"• 29/11/2026 10:05 – Bà Lan: Sửa thông tin Nguyễn Văn An (CLB Hoa Sen): năm sinh 1955 → 1949, hoàn cảnh hộ Không thuộc diện nào → Hộ nghèo",
			"• 29/11/2026 10:05 – Bà Lan: Huỷ việc rời CLB của Nguyễn Văn An (CLB Hoa Sen)",
			"• 29/11/2026 10:05 – Bà Lan: Sửa báo cáo quỹ CLB Hoa Sen ngày 29/11/2026: quỹ tăng thu nhập 200.000.000 đ → 20.000.000 đ. Lý do: thừa số 0",
			"• 29/11/2026 10:05 – Bà Lan: Rút lại báo cáo quỹ CLB Hoa Sen ngày 29/11/2026. Lý do: nhầm tháng",
			"• 29/11/2026 10:05 – Bà Lan: Sửa thông tin Nguyễn Văn An (CLB Hoa Sen): Không đổi",
		}},
		{"en", []string{
			"• 29/11/2026 10:05 – Bà Lan: Corrected Nguyễn Văn An (CLB Hoa Sen): year of birth 1955 → 1949, household Neither → Poor household",
			"• 29/11/2026 10:05 – Bà Lan: Undid the leaving of Nguyễn Văn An (CLB Hoa Sen)",
			"• 29/11/2026 10:05 – Bà Lan: Corrected the fund report of CLB Hoa Sen on 29/11/2026: income-generation fund 200.000.000 đ → 20.000.000 đ. Reason: thừa số 0",
			"• 29/11/2026 10:05 – Bà Lan: Withdrew the fund report of CLB Hoa Sen on 29/11/2026. Reason: nhầm tháng",
			"• 29/11/2026 10:05 – Bà Lan: Corrected Nguyễn Văn An (CLB Hoa Sen): no change",
		}},
	} {
		for i, ch := range changes {
			if got := HistoryLine(c.lang, ch); got != c.want[i] {
				t.Errorf("%s %s.%s:\n got %s\nwant %s", c.lang, ch.Entity, ch.Action, got, c.want[i])
			}
		}
	}
}
