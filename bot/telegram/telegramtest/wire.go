package telegramtest

import (
	"encoding/json"
	"fmt"
	"unicode/utf16"
)

// User is a Telegram user as tests describe one.
type User struct {
	ID           int64
	FirstName    string
	LastName     string
	Username     string
	LanguageCode string
}

// Button is an inline keyboard button as the bot sent it.
type Button struct {
	Text string
	Data string // callback_data
	URL  string
}

// Command is one entry of the bot's command menu.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// The wire types below mirror the Bot API objects. Optional fields are
// omitted when empty, as the real server does.

type wireUser struct {
	ID                      int64  `json:"id"`
	IsBot                   bool   `json:"is_bot"`
	FirstName               string `json:"first_name"`
	LastName                string `json:"last_name,omitempty"`
	Username                string `json:"username,omitempty"`
	LanguageCode            string `json:"language_code,omitempty"`
	CanJoinGroups           bool   `json:"can_join_groups,omitempty"`
	CanReadAllGroupMessages bool   `json:"can_read_all_group_messages,omitempty"`
	SupportsInlineQueries   bool   `json:"supports_inline_queries,omitempty"`
}

type wireChat struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Title     string `json:"title,omitempty"`
	Username  string `json:"username,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

type wireEntity struct {
	Type          string `json:"type"`
	Offset        int    `json:"offset"`
	Length        int    `json:"length"`
	URL           string `json:"url,omitempty"`
	Language      string `json:"language,omitempty"`
	CustomEmojiID string `json:"custom_emoji_id,omitempty"`
}

type wireContact struct {
	PhoneNumber string `json:"phone_number"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name,omitempty"`
	UserID      int64  `json:"user_id,omitempty"`
}

type wirePhotoSize struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	FileSize     int    `json:"file_size,omitempty"`
}

type wireDocument struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	FileName     string `json:"file_name,omitempty"`
	MimeType     string `json:"mime_type,omitempty"`
	FileSize     int    `json:"file_size,omitempty"`
}

type wireSticker struct {
	FileID       string `json:"file_id"`
	FileUniqueID string `json:"file_unique_id"`
	Type         string `json:"type"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	IsAnimated   bool   `json:"is_animated"`
	IsVideo      bool   `json:"is_video"`
	Emoji        string `json:"emoji,omitempty"`
}

type wireMessage struct {
	MessageID       int             `json:"message_id"`
	From            *wireUser       `json:"from,omitempty"`
	Date            int64           `json:"date"`
	Chat            wireChat        `json:"chat"`
	EditDate        int64           `json:"edit_date,omitempty"`
	Text            string          `json:"text,omitempty"`
	Entities        []wireEntity    `json:"entities,omitempty"`
	Caption         string          `json:"caption,omitempty"`
	CaptionEntities []wireEntity    `json:"caption_entities,omitempty"`
	Photo           []wirePhotoSize `json:"photo,omitempty"`
	Document        *wireDocument   `json:"document,omitempty"`
	Sticker         *wireSticker    `json:"sticker,omitempty"`
	Contact         *wireContact    `json:"contact,omitempty"`
	ReplyMarkup     json.RawMessage `json:"reply_markup,omitempty"` // inline keyboards only
}

type wireCallbackQuery struct {
	ID              string       `json:"id"`
	From            wireUser     `json:"from"`
	Message         *wireMessage `json:"message,omitempty"`
	InlineMessageID string       `json:"inline_message_id,omitempty"`
	ChatInstance    string       `json:"chat_instance"`
	Data            string       `json:"data,omitempty"`
}

func (u User) wire() wireUser {
	return wireUser{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, LanguageCode: u.LanguageCode}
}

// privateChat is the private chat with u.
func (u User) privateChat() wireChat {
	return wireChat{ID: u.ID, Type: "private", FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
}

// userFor returns the user who speaks in chatID: from if it has an id (and
// remembers it), else the one remembered, else a default user whose id is
// the chat id. Call with s.mu held.
func (s *Server) userFor(chatID int64, from User) User {
	if from.ID != 0 {
		if from.FirstName == "" {
			from.FirstName = fmt.Sprintf("User%d", from.ID)
		}
		s.users[chatID] = from
		return from
	}
	if u, ok := s.users[chatID]; ok {
		return u
	}
	u := User{ID: chatID, FirstName: "User", LastName: fmt.Sprint(chatID), LanguageCode: "vi"}
	s.users[chatID] = u
	return u
}

// chatOf is the chat object for chatID: private when the chat id is
// positive (a user), a group otherwise. Call with s.mu held.
func (s *Server) chatOf(chatID int64) wireChat {
	if chatID > 0 {
		return s.userFor(chatID, User{}).privateChat()
	}
	return wireChat{ID: chatID, Type: "supergroup", Title: fmt.Sprintf("Group %d", -chatID)}
}

// utf16Len is the length of s in UTF-16 code units, the unit of entity
// offsets.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += len(utf16.Encode([]rune{r}))
	}
	return n
}
