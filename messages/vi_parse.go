package messages

// viParse is the Vietnamese catalog of the refusals of answers that one
// question needs of its own, rather than its kind's (invalid.*).
var viParse = map[string]string{
	"newclub.invalid_name":     "Bác gõ tên CLB bằng chữ, ví dụ: CLB Hoa Sen.",
	"newclub.invalid_decision": "Bác gõ số quyết định thành lập, ví dụ: 45/QĐ-UBND.",
}
