package messages

// viRestart is the Vietnamese catalog of the recovery after a crash: a
// reply the crash may have lost is made good by a notice and the question
// the user is at.
var viRestart = map[string]string{
	"restart.notice": "Xin lỗi bác, hệ thống vừa khởi động lại.",
}
