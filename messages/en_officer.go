package messages

// enOfficer is the English catalog of the officers' dialogues and questions.
var enOfficer = map[string]string{}
