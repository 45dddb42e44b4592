package bot

import (
	"time"
	_ "time/tzdata" // Asia/Ho_Chi_Minh without the system's zone files
)

// vietnam is loaded once; Vietnam returns it.
var vietnam = loadVietnam()

// loadVietnam loads Asia/Ho_Chi_Minh from the embedded zone database, with
// the fixed offset it has had since 1975 as a fallback that cannot differ.
func loadVietnam() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return time.FixedZone("ICT", 7*3600)
}

// Vietnam returns Vietnam's time zone, Asia/Ho_Chi_Minh (UTC+7, no
// daylight saving), the one zone of the bot: a report's day, the month a
// reminder asks about, a digest's date and Monday 07:30 are Vietnam's,
// wherever the server runs and whatever zone a clock hands over.
func Vietnam() *time.Location { return vietnam }

// Day returns midnight in Vietnam at the start of t's day in Vietnam: at
// 23:30 UTC it is already the next day. It is the one definition of
// "today" (Day(now)): the day of a fund report, a new member or a
// departure, the week of a digest and the month of a reminder all start
// from it.
func Day(t time.Time) time.Time {
	y, m, d := t.In(vietnam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, vietnam)
}
