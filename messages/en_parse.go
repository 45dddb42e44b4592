package messages

// enParse is the English catalog of the refusals of answers that one
// question needs of its own, rather than its kind's (invalid.*).
var enParse = map[string]string{
	"fund.invalid_borrowers":    "Please type how many members have loans, from 0 to {members}, for example: {example}.",
	"fund.borrowers_no_members": "The club has no members on its list yet, so nobody has a loan: please type 0. To add members first, type /cancel, then /member.",
	"newclub.invalid_name":      "Please type the club's name in words, for example: CLB Hoa Sen.",
	"newclub.invalid_decision":  "Please type the number of the founding decision, for example: 45/QĐ-UBND.",
}
