package bot

import "time"

// FundReportDueSince is the first day of the month whose fund report a
// club owes at now, by the monthly reminder's rule: a club reports its funds
// every calendar month and is reminded on reminderDay when it has not
// reported since the month began (ReminderComposer). Once this month's
// reminder day has come, this month's report is owed; before it, last
// month's. A club whose latest report is dated before the day returned is
// late, which is exactly when it has been reminded and has not answered.
func FundReportDueSince(now time.Time, reminderDay int) time.Time {
	_, start := Month(now)
	if now.In(Vietnam()).Day() < reminderDay {
		start = start.AddDate(0, -1, 0)
	}
	return start
}

// FundReportLate reports whether a club's latest fund report, dated last,
// is late at now (see FundReportDueSince), and from which month's start.
func FundReportLate(last, now time.Time, reminderDay int) (time.Time, bool) {
	due := FundReportDueSince(now, reminderDay)
	return due, last.Before(due)
}

// Reporting reports whether the club's fund report is up to date at now:
// it has one dated on or after FundReportDueSince. It is the one rule of
// a late report: the leader's /status warning, the officers' /status and
// /missing, the digest's clubs needing attention and the monthly reminder
// all follow it, so they never disagree about a club.
func Reporting(st ClubStat, now time.Time, reminderDay int) bool {
	if st.LastFund == nil {
		return false
	}
	_, late := FundReportLate(st.LastFund.AsOf, now, reminderDay)
	return !late
}
