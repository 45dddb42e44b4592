package telegramtest

import (
	"fmt"
	"strings"
)

// userMessage builds a message from the user of a private chat. Call with
// s.mu held.
func (s *Server) userMessage(chatID int64, from User) *wireMessage {
	u := s.userFor(chatID, from)
	wu := u.wire()
	chat := s.chatOf(chatID)
	return &wireMessage{MessageID: s.messages.newID(), From: &wu, Date: s.now().Unix(), Chat: chat}
}

// SendText queues a text message from the user of chat chatID (a zero
// from.ID means the chat's remembered or default user) and returns the
// update id. A text starting with "/" carries a bot_command entity, as
// Telegram adds one.
func (s *Server) SendText(chatID int64, from User, text string) int {
	return s.enqueue("message", func(int) any {
		m := s.userMessage(chatID, from)
		m.Text = text
		if name, ok := commandToken(text); ok {
			m.Entities = []wireEntity{{Type: "bot_command", Offset: 0, Length: utf16Len(name)}}
		}
		return m
	})
}

// SendCommand queues "/command args" from the chat's user.
func (s *Server) SendCommand(chatID int64, from User, command, args string) int {
	text := "/" + strings.TrimPrefix(command, "/")
	if args != "" {
		text += " " + args
	}
	return s.SendText(chatID, from, text)
}

// commandToken returns the leading "/name[@bot]" of text, if any.
func commandToken(text string) (string, bool) {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return "", false
	}
	end := strings.IndexAny(text, " \n\t")
	if end < 0 {
		end = len(text)
	}
	return text[:end], end > 1
}

// PressButton queues a callback_query from the chat's user pressing a
// button with data on message messageID. The callback carries the message
// as the bot sent it (with its keyboard) when the server knows it. Its
// query id is CallbackID(update id).
func (s *Server) PressButton(chatID int64, messageID int, data string) int {
	return s.enqueue("callback_query", func(id int) any {
		u := s.userFor(chatID, User{})
		var msg wireMessage
		if rec := s.messages.byID[messageID]; rec != nil && rec.chatID == chatID {
			msg = rec.wire
		} else {
			msg = wireMessage{MessageID: messageID, Date: 0, Chat: s.chatOf(chatID)}
		}
		s.updates.callbacks[CallbackID(id)] = &callbackState{}
		return wireCallbackQuery{ID: CallbackID(id), From: u.wire(), Message: &msg,
			ChatInstance: fmt.Sprintf("ci%d", chatID), Data: data}
	})
}

// Press finds the newest message to chatID with an inline button labelled
// label and presses it, returning the update id.
func (s *Server) Press(chatID int64, label string) (int, error) {
	s.mu.Lock()
	recs := s.messages.byChat[chatID]
	msgID, data := 0, ""
	for i := len(recs) - 1; i >= 0 && msgID == 0; i-- {
		for _, row := range recs[i].sent.Buttons {
			for _, b := range row {
				if b.Text == label && b.URL == "" {
					msgID, data = recs[i].sent.MessageID, b.Data
					break
				}
			}
		}
	}
	s.mu.Unlock()
	if msgID == 0 {
		return 0, fmt.Errorf("telegramtest: no button %q in chat %d", label, chatID)
	}
	return s.PressButton(chatID, msgID, data), nil
}

// PressInlineButton queues a callback_query from a message sent in inline
// mode: it has inline_message_id and no message.
func (s *Server) PressInlineButton(from User, inlineMessageID, data string) int {
	return s.enqueue("callback_query", func(id int) any {
		u := s.userFor(from.ID, from)
		s.updates.callbacks[CallbackID(id)] = &callbackState{}
		return wireCallbackQuery{ID: CallbackID(id), From: u.wire(), InlineMessageID: inlineMessageID,
			ChatInstance: "inline", Data: data}
	})
}

// CallbackID is the callback query id of the callback_query update id.
func CallbackID(updateID int) string { return fmt.Sprintf("cbq%d", updateID) }

// Answered reports whether the callback query was answered, and with what.
func (s *Server) Answered(callbackID string) (answered bool, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.updates.callbacks[callbackID]; c != nil {
		return c.answered, c.text
	}
	return false, ""
}

// ShareContact queues a contact shared by the chat's user: their own
// (contact.user_id = sender) when own, else somebody else's.
func (s *Server) ShareContact(chatID int64, phone string, own bool) int {
	return s.enqueue("message", func(int) any {
		m := s.userMessage(chatID, User{})
		c := &wireContact{PhoneNumber: phone, FirstName: m.From.FirstName, LastName: m.From.LastName, UserID: m.From.ID}
		if !own {
			c.FirstName, c.LastName, c.UserID = "Someone", "Else", m.From.ID+1
		}
		m.Contact = c
		return m
	})
}

// SendSticker queues a sticker from the chat's user.
func (s *Server) SendSticker(chatID int64) int {
	return s.enqueue("message", func(id int) any {
		m := s.userMessage(chatID, User{})
		m.Sticker = &wireSticker{FileID: fmt.Sprintf("stk%d", id), FileUniqueID: fmt.Sprintf("ustk%d", id),
			Type: "regular", Width: 512, Height: 512, Emoji: "👍"}
		return m
	})
}

// SendPhoto queues a photo with an optional caption from the chat's user.
func (s *Server) SendPhoto(chatID int64, caption string) int {
	return s.enqueue("message", func(id int) any {
		m := s.userMessage(chatID, User{})
		m.Photo = []wirePhotoSize{
			{FileID: fmt.Sprintf("ph%ds", id), FileUniqueID: fmt.Sprintf("uph%ds", id), Width: 90, Height: 90},
			{FileID: fmt.Sprintf("ph%dm", id), FileUniqueID: fmt.Sprintf("uph%dm", id), Width: 800, Height: 800},
		}
		m.Caption = caption
		return m
	})
}

// SendUpdate queues a raw update whose only field besides update_id is
// kind (e.g. "edited_message", "my_chat_member"), encoded from payload.
func (s *Server) SendUpdate(kind string, payload any) int {
	return s.enqueue(kind, func(int) any { return payload })
}
