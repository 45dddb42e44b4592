package telegram

import (
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
)

// Key is the inbound key of the update with this id.
func Key(updateID int) string { return Name + ":" + strconv.Itoa(updateID) }

// Translate turns an update into an inbound event for the engine. ok is
// false for updates the engine does not handle, which the caller skips:
// kinds other than message and callback_query (edited messages, member
// changes, ...), anything outside private chats (the engine talks to one
// person at a time, and club data must not reach a group), service
// messages, messages without a sender, commands addressed to another bot,
// and callbacks from inline-mode messages (they have no chat; it never
// calls Update.FromChat, which panics on them). botUsername is the bot's
// own username, to strip from "/cmd@botname".
func Translate(u tgbotapi.Update, botUsername string) (in bot.Inbound, ok bool) {
	switch {
	case u.Message != nil:
		return translateMessage(u.UpdateID, u.Message, botUsername)
	case u.CallbackQuery != nil:
		return translateCallback(u.UpdateID, u.CallbackQuery)
	}
	return bot.Inbound{}, false
}

// base fills the fields every event has.
func base(updateID int, chat *tgbotapi.Chat, from *tgbotapi.User) (bot.Inbound, bool) {
	if chat == nil || from == nil || from.IsBot || chat.Type != "private" {
		return bot.Inbound{}, false
	}
	return bot.Inbound{
		Key:           Key(updateID),
		Channel:       Name,
		ChatID:        strconv.FormatInt(chat.ID, 10),
		ChannelUserID: strconv.FormatInt(from.ID, 10),
		Name:          strings.TrimSpace(from.FirstName + " " + from.LastName),
		LangHint:      from.LanguageCode,
	}, true
}

func translateMessage(updateID int, m *tgbotapi.Message, botUsername string) (bot.Inbound, bool) {
	in, ok := base(updateID, m.Chat, m.From)
	if !ok {
		return in, false
	}
	switch {
	case m.Contact != nil:
		in.Kind = bot.InputContact
		in.Phone = m.Contact.PhoneNumber
		in.OwnContact = m.Contact.UserID != 0 && m.Contact.UserID == m.From.ID
	case m.Text != "":
		name, args, isCmd, forUs := parseCommand(m.Text, botUsername)
		switch {
		case !isCmd:
			in.Kind, in.Text = bot.InputText, m.Text
		case !forUs:
			return bot.Inbound{}, false
		default:
			in.Kind, in.Command, in.Text = bot.InputCommand, name, args
		}
	case m.Sticker != nil, m.Photo != nil, m.Voice != nil, m.Video != nil, m.VideoNote != nil,
		m.Document != nil, m.Audio != nil, m.Animation != nil, m.Location != nil, m.Venue != nil,
		m.Poll != nil, m.Dice != nil, m.Game != nil:
		in.Kind = bot.InputUnsupported
		in.File, in.Caption = sentFile(m), m.Caption
	default:
		return bot.Inbound{}, false // service messages
	}
	return in, true
}

func translateCallback(updateID int, q *tgbotapi.CallbackQuery) (bot.Inbound, bool) {
	if q.Message == nil { // pressed on an inline-mode message: no chat
		return bot.Inbound{}, false
	}
	in, ok := base(updateID, q.Message.Chat, q.From)
	if !ok {
		return in, false
	}
	in.Kind, in.Data, in.CallbackID = bot.InputButton, q.Data, q.ID
	return in, true
}

// parseCommand splits "/Name@bot args" into "name" and "args". isCmd is
// false when text is not a command (no slash, or no valid name after it);
// forUs is false when the command names another bot.
func parseCommand(text, botUsername string) (name, args string, isCmd, forUs bool) {
	if !strings.HasPrefix(text, "/") {
		return "", "", false, false
	}
	end := strings.IndexAny(text, " \t\r\n")
	if end < 0 {
		end = len(text)
	}
	name, target, addressed := strings.Cut(text[1:end], "@")
	if !validCommandName(name) {
		return "", "", false, false
	}
	forUs = !addressed || botUsername == "" || strings.EqualFold(target, botUsername)
	return strings.ToLower(name), strings.TrimSpace(text[end:]), true, forUs
}

func validCommandName(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// sentFile is the photo (its largest size) or document of m by its
// file_id, for an officer's announcement to send again without
// downloading it; nil for anything else.
func sentFile(m *tgbotapi.Message) *bot.File {
	switch {
	case len(m.Photo) > 0:
		return &bot.File{Kind: bot.FilePhoto, ID: m.Photo[len(m.Photo)-1].FileID}
	case m.Document != nil:
		return &bot.File{Kind: bot.FileDocument, ID: m.Document.FileID, Name: m.Document.FileName}
	}
	return nil
}
