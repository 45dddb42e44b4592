package messages

// viCorrect is the Vietnamese catalog of corrections: /members (a member's
// card, corrected details, a departure undone), /fundfix (a fund report
// corrected or withdrawn), the duplicate member question, and how the
// history and the digest tell of them.
var viCorrect = map[string]string{
	"cmd.members":  "Xem, sửa danh sách thành viên",
	"cmd.fundfix":  "Sửa hoặc rút lại báo cáo quỹ",
	"menu.members": "👥 Danh sách thành viên",
	"menu.fundfix": "✏️ Sửa số liệu quỹ",

	"browse.prev":        "◀ Trang trước",
	"browse.next":        "Trang sau ▶",
	"browse.all":         "Cả danh sách",
	"browse.search_hint": "Bác gõ một phần của tên để tìm (ví dụ: {example}).",
	"browse.notfound":    "Không có ai tên có “{query}”. Bác gõ một phần của tên (ví dụ: {example}).",

	"members.none":             "CLB chưa có thành viên nào. Bác gõ /member để thêm.",
	"members.list":             "👥 Thành viên của CLB: {count} người (trang {page}/{pages}).\nBác bấm vào tên để xem, hoặc gõ một phần của tên để tìm (ví dụ: {example}).",
	"members.list.typed":       "👥 Thành viên của CLB: {count} người (trang {page}/{pages}).\nBác gõ số thứ tự để xem, hoặc gõ một phần của tên để tìm (ví dụ: {example}).",
	"members.list.found":       "🔎 Tìm “{query}”: {count} người (trang {page}/{pages}).\nBác bấm vào tên để xem, hoặc gõ tên khác để tìm.",
	"members.list.found.typed": "🔎 Tìm “{query}”: {count} người (trang {page}/{pages}).\nBác gõ số thứ tự để xem, hoặc gõ tên khác để tìm.",
	"members.left_mark":        "Đã rời CLB",
	"members.card":             "<b>{name}</b>\nGiới tính: {gender}\nNăm sinh: {year}\nHoàn cảnh: {household}\nDân tộc thiểu số: {ethnic}\nTình nguyện viên: {volunteer}\nVào CLB ngày {joined}{left}",
	"members.card_left":        "\nĐã rời CLB ngày {date}: {reason}",
	"members.edit":             "✏️ Sửa",
	"members.undo":             "↩️ Huỷ rời CLB",
	"members.back":             "◀ Danh sách",
	"members.ask_name":         "Họ và tên đúng của thành viên là gì?",
	"members.summary":          "Bác kiểm tra lại thông tin của <b>{name}</b>:\n{changes}",
	"members.undo_ask":         "Bác chắc chắn <b>{name}</b> ({year}) vẫn còn trong CLB, và huỷ việc rời CLB?",
	"members.updated":          "✅ Đã sửa thông tin của <b>{name}</b>.",
	"members.unchanged":        "Thông tin của <b>{name}</b> không có gì thay đổi.",
	"members.rejoined":         "✅ Đã huỷ việc rời CLB: <b>{name}</b> vẫn là thành viên.",
	"correct.same_line":        "{field}: {new}",
	"correct.change_line":      "{field}: {old} → <b>{new}</b>",

	"member.duplicate": "Đã có <b>{name}</b> (sinh {year}) trong CLB, bác vẫn thêm?",

	"fundfix.none":                "CLB chưa có báo cáo quỹ nào để sửa. Bác gõ /fund để báo cáo.",
	"fundfix.what":                "Báo cáo quỹ gần nhất, ngày {date}:\nQuỹ tăng thu nhập: {income}\nQuỹ hoạt động: {activity}\nDư nợ: {loans}\nSố thành viên đang vay: {borrowers}\nBác muốn sửa số liệu hay rút lại báo cáo này?",
	"fundfix.correct":             "✏️ Sửa số liệu",
	"fundfix.withdraw":            "🗑 Rút lại báo cáo",
	"fundfix.ask_figure":          "Bác muốn sửa số nào?",
	"fundfix.ask_reason":          "Vì sao bác sửa? (ví dụ: gõ thừa số 0)",
	"fundfix.summary":             "Bác kiểm tra lại báo cáo ngày {date}:\n{changes}\nLý do: {reason}",
	"fundfix.ask_withdraw_reason": "Vì sao bác rút lại báo cáo này? (ví dụ: báo cáo nhầm tháng)",
	"fundfix.withdraw_ask":        "Bác chắc chắn rút lại báo cáo quỹ ngày {date}? Báo cáo này sẽ không được tính nữa.\nLý do: {reason}",
	"fundfix.corrected":           "✅ Đã sửa báo cáo quỹ ngày {date}.",
	"fundfix.withdrawn":           "✅ Đã rút lại báo cáo quỹ ngày {date}. Báo cáo này không còn được tính.",
	"fundfix.gone":                "Báo cáo này không còn là báo cáo gần nhất của CLB. Không có gì thay đổi. Bác gõ /fundfix để xem lại.",

	"history.member_update": "Sửa thông tin {name} ({club}): {changes}",
	"history.member_rejoin": "Huỷ việc rời CLB của {name} ({club})",
	"history.fund_correct":  "Sửa báo cáo quỹ {club} ngày {date}: {changes}. Lý do: {reason}",
	"history.fund_withdraw": "Rút lại báo cáo quỹ {club} ngày {date}. Lý do: {reason}",
	"history.change":        "{field} {old} → {new}",
	"history.no_change":     "Không đổi",

	"digest.week_corrections":      "Sửa lại: {list}",
	"digest.corr_members_edited":   "{n} thành viên được sửa",
	"digest.corr_members_rejoined": "{n} thành viên huỷ rời CLB",
	"digest.corr_funds_corrected":  "{n} báo cáo quỹ được sửa",
	"digest.corr_funds_withdrawn":  "{n} báo cáo quỹ rút lại",
}
