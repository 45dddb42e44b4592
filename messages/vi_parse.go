package messages

// viParse is the Vietnamese catalog of the refusals of answers that one
// question needs of its own, rather than its kind's (invalid.*).
var viParse = map[string]string{
	"fund.invalid_borrowers":    "Bác gõ số thành viên đang vay, từ 0 đến {members}, ví dụ: {example}.",
	"fund.borrowers_no_members": "CLB chưa có thành viên nào trong danh sách nên chưa có ai vay: bác gõ 0. Muốn thêm thành viên trước, bác gõ /cancel rồi /member.",
	"newclub.invalid_name":      "Bác gõ tên CLB bằng chữ, ví dụ: CLB Hoa Sen.",
	"newclub.invalid_decision":  "Bác gõ số quyết định thành lập, ví dụ: 45/QĐ-UBND.",
}
