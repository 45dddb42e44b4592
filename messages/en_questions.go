package messages

// enQuestions is the English catalog of what is typed rather than pressed:
// choices named by part of their label, officers' questions about the
// province, a club or a name that matches nothing.
var enQuestions = map[string]string{
	"choice.ambiguous":       "Several choices match “{text}”: {labels}. Please type more of it (for example: {example}) or press one of the buttons below.",
	"choice.ambiguous.typed": "Several choices match “{text}”: {labels}. Please type more of it (for example: {example}) or type the number of a choice.",
	"leader.own_club_note":   "As a club leader you see your own club's figures:",
	"officer.scope_note":     "You follow {scope}, so here are the figures of {scope}.",
	"officer.name_unknown":   "No area or club called “{name}” in the area you follow.",
}
