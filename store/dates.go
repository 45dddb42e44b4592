package store

import (
	"math"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// day returns midnight in Vietnam at the start of the given date.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, bot.Vietnam())
}

// parseDay parses a "2006-01-02" date as midnight in Vietnam.
func parseDay(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, bot.Vietnam())
}

// toDB returns t in UTC, the form in which times are stored, so that stored
// times compare correctly as text.
func toDB(t time.Time) time.Time {
	return t.UTC()
}

// toDBPtr is toDB for an optional time.
func toDBPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// fromDB returns a stored time in Vietnam time; the zero time stays zero.
func fromDB(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.In(bot.Vietnam())
}

// fromDBPtr is fromDB for an optional time.
func fromDBPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := fromDB(*t)
	return &v
}

// idPtr returns nil for 0 and a pointer to id otherwise.
func idPtr(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// idOf returns 0 for nil and *p otherwise.
func idOf(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// sqlLimit returns limit for a LIMIT ? placeholder, or the largest limit
// if it is not positive: PostgreSQL refuses SQLite's -1.
func sqlLimit(limit int) int64 {
	if limit <= 0 {
		return math.MaxInt64
	}
	return int64(limit)
}

// limitOrAll returns limit, or -1 (no limit, for GORM) if it is not positive.
func limitOrAll(limit int) int {
	if limit <= 0 {
		return -1
	}
	return limit
}
