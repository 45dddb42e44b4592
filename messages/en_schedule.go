package messages

// enSchedule is the English catalog of the scheduled reminders.
var enSchedule = map[string]string{}
