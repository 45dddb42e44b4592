package messages

// enSchedule is the English catalog of the scheduled reminders.
var enSchedule = map[string]string{
	"reminder.fund": "Hello! <b>{club}</b> has not reported its funds for month {month} yet. Choose Fund report below to report; it takes two minutes.",
}
