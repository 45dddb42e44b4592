package engine

import (
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestPeriods(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	for _, c := range []struct {
		at    time.Time
		week  string
		start string
	}{
		{time.Date(2025, 8, 31, 23, 0, 0, 0, vn), "2025-W35", "25/08/2025"},
		{time.Date(2025, 9, 1, 0, 0, 0, 0, vn), "2025-W36", "01/09/2025"},
		{time.Date(2026, 1, 1, 12, 0, 0, 0, vn), "2026-W01", "29/12/2025"},
	} {
		week, start := bot.ISOWeek(c.at)
		if week != c.week || start.Format("02/01/2006") != c.start {
			t.Errorf("ISOWeek(%v) = %s %s, want %s %s", c.at, week, start.Format("02/01/2006"), c.week, c.start)
		}
	}
	if m, start := bot.Month(time.Date(2025, 8, 31, 23, 0, 0, 0, vn)); m != "2025-08" || start.Day() != 1 {
		t.Errorf("Month = %s %v", m, start)
	}
}
