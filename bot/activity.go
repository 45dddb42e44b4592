package bot

import (
	"context"
	"time"
)

// Activity is one kind of activity a club carries out, as the plan lists
// it (plan data, never code): its key, its names and, for the activities
// worth counting, what the count counts ("members who had a health check").
type Activity struct {
	Key    string
	NameVI string
	NameEN string
	// CountVI and CountEN name what the activity counts; empty when it has
	// no count.
	CountVI string
	CountEN string
}

// Counted reports whether the activity has a count.
func (a Activity) Counted() bool { return a.CountVI != "" || a.CountEN != "" }

// Name is the activity's name in lang ("vi" unless "en").
func (a Activity) Name(lang string) string {
	if lang == "en" && a.NameEN != "" {
		return a.NameEN
	}
	return a.NameVI
}

// CountName is what the activity counts, in lang.
func (a Activity) CountName(lang string) string {
	if lang == "en" && a.CountEN != "" {
		return a.CountEN
	}
	return a.CountVI
}

// ActivityDone is an activity a club carried out in a month, with its
// count when the activity has one.
type ActivityDone struct {
	Key   string `json:"key"`
	Count *int   `json:"count,omitempty"`
}

// ActivityReport is what a club did in one calendar month: its regular
// meeting (held, on which day, how many came) and the activities carried
// out. A club has at most one report per month; a second report of the
// month corrects it in place.
type ActivityReport struct {
	ID          int64
	ClubID      int64
	Month       time.Time // the month's first day, midnight in Vietnam
	MeetingHeld bool
	MeetingOn   *time.Time `json:",omitempty"`
	Attendance  int
	Done        []ActivityDone
	ReportedBy  int64
	SourceKey   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Did reports whether the report lists the activity with this key.
func (r ActivityReport) Did(key string) bool {
	for _, d := range r.Done {
		if d.Key == key {
			return true
		}
	}
	return false
}

// ActivityReader reads the clubs' activity reports.
type ActivityReader interface {
	// ActivityReports returns the club's reports of the months from since
	// (a month's first day) on, by month.
	ActivityReports(ctx context.Context, clubID int64, since time.Time) ([]ActivityReport, error)
}

// ActivityWriter stores activity reports.
type ActivityWriter interface {
	// AddActivityReport stores r with an audit entry and sets r.ID, once
	// per SourceKey; ECONFLICT when the club has a report of that month.
	AddActivityReport(ctx context.Context, r *ActivityReport, actorID int64, at time.Time) error
	// CorrectActivityReport replaces report r.ID's answers with r's, with
	// an audit entry old -> new.
	CorrectActivityReport(ctx context.Context, r ActivityReport, actorID int64, at time.Time) error
}

// The rules below are the one definition of the club-life figures: the
// digest, /status, /club, /area and the spreadsheet count with them only.
//
// They look at the months ending with ActivityMonth: the month whose report
// is owed, by the monthly reminder's rule (FundReportDueSince), so that a
// club is not counted short for a month it may still report.

// ActivityMonth is the first day of the last month whose activity report
// a club owes at now: this month once reminderDay has come, else the
// previous month.
func ActivityMonth(now time.Time, reminderDay int) time.Time {
	return FundReportDueSince(now, reminderDay)
}

// QuarterMonths is how many months MeetingMonths and FullSet look back.
const QuarterMonths = 3

// MeetingMonths counts the months with a regular meeting among the three
// ending with ActivityMonth (0 to 3).
func MeetingMonths(reports []ActivityReport, now time.Time, reminderDay int) int {
	first, last := QuarterOf(now, reminderDay)
	n := 0
	for _, r := range reports {
		if r.MeetingHeld && !r.Month.Before(first) && !r.Month.After(last) {
			n++
		}
	}
	return n
}

// FullSet reports whether a club carried out every activity of the plan's
// full set across its reports of the three months ending with
// ActivityMonth: each at least once in the quarter, since some (health
// checks) are not monthly. A plan without a full set counts no club.
func (p Plan) FullSet(reports []ActivityReport, now time.Time, reminderDay int) bool {
	return len(p.FullSetKeys) > 0 && len(p.FullSetMissing(reports, now, reminderDay)) == 0
}

// FullSetMissing are the activities of the plan's full set that none of
// the club's reports of the three months ending with ActivityMonth lists.
func (p Plan) FullSetMissing(reports []ActivityReport, now time.Time, reminderDay int) []Activity {
	first, last := QuarterOf(now, reminderDay)
	var missing []Activity
	for _, key := range p.FullSetKeys {
		done := false
		for _, r := range reports {
			if !r.Month.Before(first) && !r.Month.After(last) && r.Did(key) {
				done = true
				break
			}
		}
		if !done {
			a, _ := p.ActivityByKey(key)
			missing = append(missing, a)
		}
	}
	return missing
}

// ReportOf returns the report of month m among reports, if any.
func ReportOf(reports []ActivityReport, m time.Time) (ActivityReport, bool) {
	for _, r := range reports {
		if r.Month.Equal(m) {
			return r, true
		}
	}
	return ActivityReport{}, false
}

// QuarterOf is the first and last month MeetingMonths and FullSet look at.
func QuarterOf(now time.Time, reminderDay int) (first, last time.Time) {
	last = ActivityMonth(now, reminderDay)
	return last.AddDate(0, 1-QuarterMonths, 0), last
}

// NoMeetingTwoMonths reports whether a club has had no regular meeting for
// two months: no report with a meeting for the month before ActivityMonth,
// ActivityMonth, or a later month (a meeting already held this month
// counts).
func NoMeetingTwoMonths(reports []ActivityReport, now time.Time, reminderDay int) bool {
	from := ActivityMonth(now, reminderDay).AddDate(0, -1, 0)
	for _, r := range reports {
		if r.MeetingHeld && !r.Month.Before(from) {
			return false
		}
	}
	return true
}

// ClubLife is the club-life figures of a set of clubs: how many, how many
// held a meeting in each month of the quarter, how many carried out the
// full set, and the plan's target share of those.
type ClubLife struct {
	Clubs         int
	MetEveryMonth int // meetings in all three months (MeetingMonths = 3)
	MeetingMonths int // the months with a meeting, summed over the clubs
	FullSet       int
	NoMeeting     int // clubs without a meeting for two months (NoMeetingTwoMonths)
	TargetPercent int
}

// FullSetPercent is the share of the clubs that carried out the full set,
// rounded.
func (l ClubLife) FullSetPercent() int {
	if l.Clubs == 0 {
		return 0
	}
	return (l.FullSet*100 + l.Clubs/2) / l.Clubs
}

// FullSetOK reports whether the share reaches the plan's target.
func (l ClubLife) FullSetOK() bool {
	return l.Clubs > 0 && l.FullSetPercent() >= l.TargetPercent
}

// MeasuresClubLife reports whether the plan lists a full set of
// activities, by which clubs' life is measured. Every stored plan does
// (the defaults fill a plan file without one); a plan built without it
// counts no club's meetings or activities, and flags none.
func (p Plan) MeasuresClubLife() bool { return len(p.FullSetKeys) > 0 }

// NoMeeting reports whether club s is flagged for two months without a
// meeting (NoMeetingTwoMonths) under the plan.
func (p Plan) NoMeeting(s ClubStat, now time.Time, reminderDay int) bool {
	return p.MeasuresClubLife() && NoMeetingTwoMonths(s.Activity, now, reminderDay)
}

// ClubLifeOf counts the club-life figures of stats at now; nothing for a
// plan that does not measure club life.
func (p Plan) ClubLifeOf(stats []ClubStat, now time.Time, reminderDay int) ClubLife {
	if !p.MeasuresClubLife() {
		return ClubLife{}
	}
	l := ClubLife{Clubs: len(stats), TargetPercent: p.FullSetTargetPercent}
	for _, s := range stats {
		m := MeetingMonths(s.Activity, now, reminderDay)
		l.MeetingMonths += m
		if m == QuarterMonths {
			l.MetEveryMonth++
		}
		if p.FullSet(s.Activity, now, reminderDay) {
			l.FullSet++
		}
		if p.NoMeeting(s, now, reminderDay) {
			l.NoMeeting++
		}
	}
	return l
}

// ActivityByKey returns the plan's activity of this key.
func (p Plan) ActivityByKey(key string) (Activity, bool) { return FindActivity(p.Activities, key) }

// FindActivity returns the activity of this key among acts.
func FindActivity(acts []Activity, key string) (Activity, bool) {
	for _, a := range acts {
		if a.Key == key {
			return a, true
		}
	}
	return Activity{}, false
}
