package messages

// enAnnounce is the English catalog of the officers' announcements.
var enAnnounce = map[string]string{
	"cmd.announce":                "Send an announcement to the clubs",
	"announce.start":              "<b>Recent announcements</b>\n{history}\n\nPress «Write a new announcement» to write one to the clubs.",
	"announce.start.typed":        "<b>Recent announcements</b>\n{history}\n\nType 1 to write a new announcement to the clubs.",
	"announce.none":               "No announcements yet.",
	"announce.line":               "{when} – {author}: “{words}”\nReceived {delivered} · Waiting {waiting} · Blocked {blocked} · Unreachable {unreachable}",
	"announce.button_new":         "Write a new announcement",
	"announce.ask_message":        "Please type the announcement (for example: All clubs are invited to the quarterly review at 8 am on Monday at the cultural house). You may also send a photo or a file, with a caption.",
	"announce.ask_message.typed":  "Please type the announcement (for example: All clubs are invited to the quarterly review at 8 am on Monday at the cultural house).",
	"announce.too_long":           "The announcement is too long ({n} characters, at most {max}). Please shorten it, for example: All clubs are invited to the quarterly review at 8 am on Monday.",
	"announce.ask_audience":       "Who should receive it?",
	"announce.audience_leaders":   "Club leaders",
	"announce.audience_officers":  "Club leaders and officers",
	"field.announcement":          "Message",
	"field.audience":              "Recipients",
	"button.send":                 "Send",
	"announce.summary":            "Above is the announcement exactly as recipients will see it.\nTo: {audience} – <b>{n}</b> people.{unreachable}\nPress Send to send it, Edit to change it, Cancel to drop it.",
	"announce.summary.typed":      "Above is the announcement exactly as recipients will see it.\nTo: {audience} – <b>{n}</b> people.{unreachable}\nType 1 to send it, 2 to change it, 3 to drop it.",
	"announce.unreachable":        "\n{n} of them will not get it: they blocked the bot, or use Zalo and have not written to the bot for a long time.",
	"announce.sent":               "✅ The announcement is going to {n} people. Anyone in the middle of something with the bot gets it when they finish. Type /announce to see how many have received it.",
	"announce.heading":            "📢 <b>Announcement from the Association of the Elderly, {place}</b>\nFrom: {name}",
	"announce.photo_name":         "Attached photo",
	"announce.file_only":          "(photo or file attached)",
	"history.announcement_create": "Sent an announcement to {n} people: “{words}”",
}
