package messages

// enLink is the English catalog of /link, which adds a person's account on
// a second channel (Telegram, Zalo) to the one they already use.
var enLink = map[string]string{
	"cmd.link":            "Link your Zalo or Telegram account too",
	"link.created":        "🔗 Your account link code:\n<code>{code}</code>\nOn Zalo: type this code in the chat with the Association.\nOn Telegram: open {link}\nThe code works once and expires on {expires}. Do not give it to anyone.",
	"link.created_nolink": "🔗 Your account link code:\n<code>{code}</code>\nType this code in the chat with the Association on your other channel (Zalo or Telegram). It works once and expires on {expires}. Do not give it to anyone.",
	"link.done":           "✅ This {channel} account is now linked to yours.",
	"link.already":        "This account is already linked to you.",
	"link.other_person":   "This account belongs to someone else, so it cannot be linked. The code can still be used from another account.",
	"link.used":           "This code has already been used. Send /link from your first account for a new one.",
	"link.expired":        "This code has expired. Send /link from your first account for a new one.",
	"link.open_elsewhere": "You have something unfinished on {channel}; it is still waiting for you there.",
	"channel.telegram":    "Telegram",
	"channel.zalo":        "Zalo",
}
