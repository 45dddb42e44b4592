package messages

// enRestart is the English catalog of the recovery after a crash: a reply
// the crash may have lost is made good by a notice and the question the
// user is at.
var enRestart = map[string]string{
	"restart.notice": "Sorry, the system has just restarted.",
}
