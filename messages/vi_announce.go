package messages

// viAnnounce is the Vietnamese catalog of the officers' announcements.
var viAnnounce = map[string]string{
	"cmd.announce":                "Gửi thông báo cho các CLB",
	"announce.start":              "<b>Thông báo gần đây</b>\n{history}\n\nBác bấm «Viết thông báo mới» để soạn thông báo gửi các CLB.",
	"announce.start.typed":        "<b>Thông báo gần đây</b>\n{history}\n\nBác gõ 1 để viết thông báo mới gửi các CLB.",
	"announce.none":               "Chưa có thông báo nào.",
	"announce.line":               "{when} – {author}: “{words}”\nĐã nhận {delivered} · Đang chờ {waiting} · Đã chặn tin {blocked} · Không liên lạc được {unreachable}",
	"announce.button_new":         "Viết thông báo mới",
	"announce.ask_message":        "Bác gõ nội dung thông báo (ví dụ: Mời các CLB họp sơ kết quý vào 8 giờ sáng thứ Hai tại nhà văn hoá). Bác cũng có thể gửi một ảnh hoặc một tệp, kèm lời chú thích.",
	"announce.ask_message.typed":  "Bác gõ nội dung thông báo (ví dụ: Mời các CLB họp sơ kết quý vào 8 giờ sáng thứ Hai tại nhà văn hoá).",
	"announce.too_long":           "Thông báo dài quá ({n} chữ, tối đa {max}). Bác gõ ngắn lại, ví dụ: Mời các CLB họp sơ kết quý vào 8 giờ sáng thứ Hai.",
	"announce.ask_audience":       "Gửi cho ai?",
	"announce.audience_leaders":   "Chủ nhiệm các CLB",
	"announce.audience_officers":  "Chủ nhiệm CLB và cán bộ Hội",
	"field.announcement":          "Nội dung",
	"field.audience":              "Người nhận",
	"button.send":                 "Gửi",
	"announce.summary":            "Trên đây là thông báo đúng như người nhận sẽ thấy.\nGửi cho: {audience} – <b>{n}</b> người.{unreachable}\nBác bấm Gửi để gửi đi, Sửa để sửa, Huỷ để thôi.",
	"announce.summary.typed":      "Trên đây là thông báo đúng như người nhận sẽ thấy.\nGửi cho: {audience} – <b>{n}</b> người.{unreachable}\nBác gõ 1 để gửi đi, 2 để sửa, 3 để thôi.",
	"announce.unreachable":        "\nTrong đó {n} người sẽ không nhận được: họ đã chặn tin của hệ thống, hoặc dùng Zalo mà đã lâu không nhắn cho hệ thống.",
	"announce.sent":               "✅ Đã gửi thông báo đến {n} người. Ai đang dở việc với hệ thống sẽ nhận khi xong việc. Bác gõ /announce để xem bao nhiêu người đã nhận.",
	"announce.heading":            "📢 <b>Thông báo của Hội Người cao tuổi {place}</b>\nNgười gửi: {name}",
	"announce.photo_name":         "Ảnh đính kèm",
	"announce.file_only":          "(ảnh hoặc tệp đính kèm)",
	"history.announcement_create": "Gửi thông báo đến {n} người: “{words}”",
}
