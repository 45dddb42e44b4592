package bot

import (
	"fmt"
	"time"
)

// Recipient is a user to whom the bot sends on its own: a digest, a
// reminder. ChatID is their private chat on Channel.
type Recipient struct {
	User    User
	Channel string
	ChatID  string
}

// Delivery names one scheduled sending to one user: a kind ("digest",
// "reminder") and a period ("2025-W35", "2025-08"). The store keeps at most
// one of each, which is what makes a sending happen once.
type Delivery struct {
	UserID int64
	Kind   string
	Period string
}

// ISOWeek is the period of a weekly sending: "2025-W35", starting on the
// Monday at midnight in Vietnam, of t's week in Vietnam.
func ISOWeek(t time.Time) (string, time.Time) {
	t = t.In(Vietnam())
	year, week := t.ISOWeek()
	monday := Day(t).AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return fmt.Sprintf("%d-W%02d", year, week), monday
}

// Month is the period of a monthly sending: "2025-08", starting on the 1st
// at midnight in Vietnam, of t's month in Vietnam.
func Month(t time.Time) (string, time.Time) {
	y, m, _ := t.In(Vietnam()).Date()
	return fmt.Sprintf("%d-%02d", y, m), time.Date(y, m, 1, 0, 0, 0, 0, Vietnam())
}
