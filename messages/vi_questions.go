package messages

// viQuestions is the Vietnamese catalog of what is typed rather than
// pressed: choices named by part of their label, officers' questions about
// the province, a club or a name that matches nothing.
var viQuestions = map[string]string{
	"choice.ambiguous":       "Có nhiều lựa chọn khớp với “{text}”: {labels}. Bác gõ rõ hơn (ví dụ: {example}) hoặc bấm một nút bên dưới.",
	"choice.ambiguous.typed": "Có nhiều lựa chọn khớp với “{text}”: {labels}. Bác gõ rõ hơn (ví dụ: {example}) hoặc gõ số thứ tự của lựa chọn.",
	"leader.own_club_note":   "Bác là chủ nhiệm CLB nên xem được số liệu của CLB mình:",
	"officer.scope_note":     "Bác phụ trách {scope}, nên hệ thống trả lời số liệu của {scope}.",
	"officer.name_unknown":   "Không tìm thấy địa bàn hay CLB nào tên “{name}” trong phạm vi bác phụ trách.",
}
