package messages

// viHistory is the Vietnamese catalog of /history, the recent changes to
// club data in an officer's scope.
var viHistory = map[string]string{
	"cmd.history":                "Thay đổi gần đây",
	"history.list":               "<b>Thay đổi gần đây – {place}</b> (trang {page})\n{lines}",
	"history.no_more":            "Không còn thay đổi nào cũ hơn. Bác gõ /history để xem từ đầu.",
	"history.empty":              "Chưa có thay đổi nào trong {place}.",
	"history.more":               "Xem tiếp: /history {next}",
	"history.line":               "• {when} – {who}: {what}",
	"history.system":             "hệ thống",
	"history.member_create":      "Thêm thành viên {name} vào {club}",
	"history.member_leave":       "{name} ({club}) nghỉ sinh hoạt: {reason}",
	"history.fund_first":         "Báo cáo quỹ đầu tiên của {club} ngày {date}: quỹ tăng thu nhập {income}, quỹ hoạt động {activity}, dư nợ {loans}",
	"history.fund_create":        "Báo cáo quỹ {club} ngày {date}: quỹ tăng thu nhập {income_before} → {income}, quỹ hoạt động {activity_before} → {activity}, dư nợ {loans_before} → {loans}",
	"history.club_create":        "Ghi nhận CLB mới {club}, vốn ban đầu {fund}",
	"history.invite_create":      "Tạo mã mời {role} cho {club}",
	"history.invite_create_area": "Tạo mã mời {role}",
	"history.invite_redeem":      "Dùng mã mời, trở thành {role} ({club})",
	"history.invite_redeem_area": "Dùng mã mời, trở thành {role}",
	"history.user_revoke":        "Thu hồi quyền của {name}",
	"history.other":              "{entity} {action} {club}",
}
