package messages

// enParse is the English catalog of the refusals of answers that one
// question needs of its own, rather than its kind's (invalid.*).
var enParse = map[string]string{
	"newclub.invalid_name":     "Please type the club's name in words, for example: CLB Hoa Sen.",
	"newclub.invalid_decision": "Please type the number of the founding decision, for example: 45/QĐ-UBND.",
}
