package messages

// viOfficer is the Vietnamese catalog of the officers' dialogues and questions.
var viOfficer = map[string]string{}
