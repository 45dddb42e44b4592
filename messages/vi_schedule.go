package messages

// viSchedule is the Vietnamese catalog of the scheduled reminders.
var viSchedule = map[string]string{
	"reminder.fund": "Chào bác! <b>{club}</b> chưa báo cáo quỹ tháng {month}. Bác chọn Báo cáo quỹ bên dưới để báo cáo, chỉ mất hai phút.",
}
