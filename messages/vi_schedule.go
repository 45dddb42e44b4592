package messages

// viSchedule is the Vietnamese catalog of the scheduled reminders.
var viSchedule = map[string]string{}
