package telegram

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/chattext"
)

// Limits of the Bot API.
const (
	maxTextLen     = 4096 // characters of a message text
	maxCaptionLen  = 1024 // characters of a photo's or document's caption
	maxCallbackLen = 64   // bytes of callback_data
)

// Send sends out as one message, or several when its text is longer than
// Telegram allows (split at line boundaries, HTML tags closed and reopened
// across the cut, the keyboard on the last part). The text is HTML, with
// user text already escaped. Buttons become an inline keyboard, one row per
// inner slice; RequestPhone a one-time reply keyboard whose single button
// shares the user's phone number. A message with neither removes a
// share-phone keyboard this Channel showed in the chat earlier.
//
// Errors from Telegram wrap *tgbotapi.Error (match with errors.As; see
// RetryAfter); a message Telegram would refuse (bad chat id, empty text,
// callback data over 64 bytes, both Buttons and RequestPhone) fails with a
// *bot.Error of code bot.EINVALID before any call. If a later part of a
// split message fails, the earlier parts were sent. Every error is wrapped
// in a *bot.SendError that tells the sender whether to retry.
func (c *Channel) Send(ctx context.Context, out bot.Outgoing) error {
	return classify(c.send(ctx, out))
}

func (c *Channel) send(ctx context.Context, out bot.Outgoing) error {
	if out.Channel != "" && out.Channel != Name {
		return bot.Errorf(bot.EINVALID, "telegram: outgoing %d is for channel %q", out.ID, out.Channel)
	}
	chatID, err := strconv.ParseInt(out.ChatID, 10, 64)
	if err != nil || chatID == 0 {
		return bot.Errorf(bot.EINVALID, "telegram: outgoing %d has a bad chat id %q", out.ID, out.ChatID)
	}
	if strings.TrimSpace(out.Text) == "" && out.File == nil {
		return bot.Errorf(bot.EINVALID, "telegram: outgoing %d has no text", out.ID)
	}
	markup, removes, err := c.replyMarkup(chatID, out)
	if err != nil {
		return err
	}
	if len(out.Menu) > 0 {
		if err := c.setChatMenu(chatID, out.Menu); err != nil {
			return err
		}
	}
	if out.File != nil {
		return c.sendFile(chatID, out, markup)
	}
	parts := chattext.Split(out.Text, maxTextLen)
	for i, p := range parts {
		if err := ctx.Err(); err != nil {
			return err
		}
		msg := tgbotapi.NewMessage(chatID, p)
		msg.ParseMode = tgbotapi.ModeHTML
		if i == len(parts)-1 {
			msg.ReplyMarkup = markup
		}
		if _, err := c.api.Send(msg); err != nil {
			return fmt.Errorf("telegram: sendMessage for outgoing %d to chat %d (part %d of %d): %w",
				out.ID, chatID, i+1, len(parts), err)
		}
	}
	c.mu.Lock()
	if out.RequestPhone {
		c.phoneKB[chatID] = true
	} else if removes {
		delete(c.phoneKB, chatID)
	}
	c.mu.Unlock()
	return nil
}

// setChatMenu sets the command menu of one chat (scope "chat"), over the
// bot's default menu.
func (c *Channel) setChatMenu(chatID int64, menu []bot.MenuCommand) error {
	cmds := make([]tgbotapi.BotCommand, len(menu))
	for i, m := range menu {
		cmds[i] = tgbotapi.BotCommand{Command: m.Name, Description: m.Description}
	}
	cfg := tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(chatID), cmds...)
	if _, err := c.api.Request(cfg); err != nil {
		return fmt.Errorf("telegram: setMyCommands for chat %d: %w", chatID, err)
	}
	return nil
}

// sendFile uploads out's file as a photo or a document, with out's text as
// its caption.
func (c *Channel) sendFile(chatID int64, out bot.Outgoing, markup any) error {
	if len([]rune(chattext.StripTags(out.Text))) > maxCaptionLen {
		return bot.Errorf(bot.EINVALID, "telegram: outgoing %d has a caption over %d characters", out.ID, maxCaptionLen)
	}
	var file tgbotapi.RequestFileData = tgbotapi.FileBytes{Name: out.File.Name, Bytes: out.File.Data}
	if out.File.ID != "" { // a file Telegram holds (an announcement's): sent again by its id
		file = tgbotapi.FileID(out.File.ID)
	}
	var cfg tgbotapi.Chattable
	switch out.File.Kind {
	case bot.FilePhoto:
		photo := tgbotapi.NewPhoto(chatID, file)
		photo.Caption, photo.ParseMode, photo.ReplyMarkup = out.Text, tgbotapi.ModeHTML, markup
		cfg = photo
	case bot.FileDocument:
		doc := tgbotapi.NewDocument(chatID, file)
		doc.Caption, doc.ParseMode, doc.ReplyMarkup = out.Text, tgbotapi.ModeHTML, markup
		cfg = doc
	default:
		return bot.Errorf(bot.EINVALID, "telegram: outgoing %d has a file of kind %q", out.ID, out.File.Kind)
	}
	if _, err := c.api.Send(cfg); err != nil {
		return fmt.Errorf("telegram: send %s for outgoing %d to chat %d: %w", out.File.Kind, out.ID, chatID, err)
	}
	return nil
}

// replyMarkup builds the keyboard for out; removes reports that it is a
// ReplyKeyboardRemove.
func (c *Channel) replyMarkup(chatID int64, out bot.Outgoing) (markup any, removes bool, err error) {
	switch {
	case out.RequestPhone && len(out.Buttons) > 0:
		return nil, false, bot.Errorf(bot.EINVALID, "telegram: outgoing %d has both buttons and a phone request", out.ID)
	case out.RequestPhone:
		if strings.TrimSpace(out.PhoneLabel) == "" {
			return nil, false, bot.Errorf(bot.EINVALID, "telegram: outgoing %d asks for a phone without a label", out.ID)
		}
		kb := tgbotapi.NewOneTimeReplyKeyboard(tgbotapi.NewKeyboardButtonRow(tgbotapi.NewKeyboardButtonContact(out.PhoneLabel)))
		kb.ResizeKeyboard = true
		return kb, false, nil
	case len(out.Buttons) > 0:
		var rows [][]tgbotapi.InlineKeyboardButton
		for _, row := range out.Buttons {
			var r []tgbotapi.InlineKeyboardButton
			for _, b := range row {
				if strings.TrimSpace(b.Label) == "" {
					return nil, false, bot.Errorf(bot.EINVALID, "telegram: outgoing %d has a button without a label", out.ID)
				}
				if n := len(b.Data); n < 1 || n > maxCallbackLen {
					return nil, false, bot.Errorf(bot.EINVALID, "telegram: outgoing %d has button data of %d bytes (1-%d allowed)", out.ID, n, maxCallbackLen)
				}
				r = append(r, tgbotapi.NewInlineKeyboardButtonData(b.Label, b.Data))
			}
			if len(r) > 0 {
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			return nil, false, nil
		}
		return tgbotapi.NewInlineKeyboardMarkup(rows...), false, nil
	}
	c.mu.Lock()
	shown := c.phoneKB[chatID]
	c.mu.Unlock()
	if shown {
		return tgbotapi.NewRemoveKeyboard(false), true, nil
	}
	return nil, false, nil
}

// SetCommands registers the command menu per language code: "" for users
// of languages without a list of their own, "vi", "en", ... An empty list
// clears that language's menu. Languages are set in sorted order; the first
// failure stops and is returned (wrapping *tgbotapi.Error).
func (c *Channel) SetCommands(ctx context.Context, cmds map[string][]Command) error {
	langs := make([]string, 0, len(cmds))
	for lang := range cmds {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		if err := ctx.Err(); err != nil {
			return err
		}
		list := make([]tgbotapi.BotCommand, 0, len(cmds[lang])) // never nil: nil is sent as "null"
		for _, cmd := range cmds[lang] {
			list = append(list, tgbotapi.BotCommand{Command: strings.TrimPrefix(cmd.Name, "/"), Description: cmd.Description})
		}
		cfg := tgbotapi.SetMyCommandsConfig{Commands: list, LanguageCode: lang}
		if _, err := c.api.Request(cfg); err != nil {
			return fmt.Errorf("telegram: setMyCommands for language %q: %w", lang, err)
		}
	}
	return nil
}
