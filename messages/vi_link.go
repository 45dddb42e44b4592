package messages

// viLink is the Vietnamese catalog of /link, which adds a person's account
// on a second channel (Telegram, Zalo) to the one they already use.
var viLink = map[string]string{
	"cmd.link":            "Nối thêm tài khoản Zalo hoặc Telegram",
	"link.created":        "🔗 Mã nối tài khoản của bác:\n<code>{code}</code>\nTrên Zalo: bác gõ mã này vào khung trò chuyện với Hội.\nTrên Telegram: bác mở {link}\nMã dùng một lần, hết hạn ngày {expires}. Bác đừng đưa mã cho người khác.",
	"link.created_nolink": "🔗 Mã nối tài khoản của bác:\n<code>{code}</code>\nBác gõ mã này vào khung trò chuyện với Hội trên kênh kia (Zalo hoặc Telegram). Mã dùng một lần, hết hạn ngày {expires}. Bác đừng đưa mã cho người khác.",
	"link.done":           "✅ Đã nối tài khoản {channel} này với tài khoản của bác.",
	"link.already":        "Tài khoản này đã được nối với bác rồi.",
	"link.other_person":   "Tài khoản này đang dùng cho người khác, nên không nối được. Mã vẫn còn dùng được ở tài khoản khác.",
	"link.used":           "Mã này đã được dùng rồi. Bác gõ /link ở tài khoản cũ để lấy mã mới.",
	"link.expired":        "Mã này đã hết hạn. Bác gõ /link ở tài khoản cũ để lấy mã mới.",
	"link.open_elsewhere": "Bác đang làm dở một việc trên {channel}; việc đó vẫn chờ bác ở đó.",
	"channel.telegram":    "Telegram",
	"channel.zalo":        "Zalo",
}
