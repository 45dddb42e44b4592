package bot

import (
	"testing"
	"time"
)

func TestClubLifeRulesFollowTheReminderDay(t *testing.T) {
	month := func(y int, m time.Month) time.Time { return time.Date(y, m, 1, 0, 0, 0, 0, Vietnam()) }
	meeting := func(m time.Time, keys ...string) ActivityReport {
		r := ActivityReport{Month: m, MeetingHeld: true}
		for _, k := range keys {
			r.Done = append(r.Done, ActivityDone{Key: k})
		}
		return r
	}
	plan := Plan{FullSetKeys: []string{"a", "b"}, Activities: []Activity{{Key: "a", NameVI: "A"}, {Key: "b", NameVI: "B"}}}
	reports := []ActivityReport{meeting(month(2026, 9), "a"), meeting(month(2026, 10)), meeting(month(2026, 11), "b")}
	for _, c := range []struct {
		now       time.Time
		met       int
		full      bool
		noMeeting bool
	}{
		// Before the 25th the quarter ends with the previous month.
		{time.Date(2026, 11, 24, 9, 0, 0, 0, Vietnam()), 2, false, false},
		// From the 25th it ends with this month.
		{time.Date(2026, 11, 25, 9, 0, 0, 0, Vietnam()), 3, true, false},
		// On 10 January the quarter is October to December: September's "a" is out.
		{time.Date(2027, 1, 10, 9, 0, 0, 0, Vietnam()), 2, false, false},
		// On 25 January, December and January went by without a meeting.
		{time.Date(2027, 1, 25, 9, 0, 0, 0, Vietnam()), 1, false, true},
	} {
		when := c.now.Format("02/01/2006")
		if got := MeetingMonths(reports, c.now, 25); got != c.met {
			t.Errorf("%s: MeetingMonths = %d, want %d", when, got, c.met)
		}
		if got := plan.FullSet(reports, c.now, 25); got != c.full {
			t.Errorf("%s: FullSet = %v, want %v (missing %v)", when, got, c.full, plan.FullSetMissing(reports, c.now, 25))
		}
		if got := NoMeetingTwoMonths(reports, c.now, 25); got != c.noMeeting {
			t.Errorf("%s: NoMeetingTwoMonths = %v, want %v", when, got, c.noMeeting)
		}
	}
	if (Plan{}).FullSet(reports, time.Date(2026, 11, 25, 9, 0, 0, 0, Vietnam()), 25) {
		t.Error("a plan without a full set counts a club as carrying it out")
	}
}
