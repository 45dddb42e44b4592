package digest

import (
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestFundReportLateFollowsTheReminder(t *testing.T) {
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 9, 0, 0, 0, digestZone) }
	first := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, digestZone) }
	for _, c := range []struct {
		last, now time.Time
		late      bool
		since     time.Time
	}{
		{at(11, 2), at(11, 30), false, first(2026, 11)},  // reported this month
		{at(10, 28), at(11, 24), false, first(2026, 10)}, // reported last month, reminder to come
		{at(10, 28), at(11, 25), true, first(2026, 11)},  // reminded today, not reported
		{at(10, 28), at(12, 3), true, first(2026, 11)},   // November went by without a report
		{at(11, 30), at(12, 3), false, first(2026, 11)},  // reported late in November
		{at(12, 1), at(12, 26), false, first(2026, 12)},
		{at(1, 15), at(2, 10), false, first(2026, 1)}, // across the year's start
		{time.Date(2025, 12, 20, 0, 0, 0, 0, digestZone), at(1, 26), true, first(2026, 1)},
	} {
		since, late := bot.FundReportLate(c.last, c.now, 25)
		if late != c.late || !since.Equal(c.since) {
			t.Errorf("last %s, now %s: late %v since %s, want %v since %s", c.last.Format("02/01/2006"),
				c.now.Format("02/01/2006"), late, since.Format("02/01/2006"), c.late, c.since.Format("02/01/2006"))
		}
	}
}
