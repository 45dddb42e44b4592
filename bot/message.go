package bot

import (
	"strconv"
	"strings"
)

// InputKind says what a user sent.
type InputKind string

// Kinds of input a channel delivers to the engine.
const (
	InputText        InputKind = "text"        // typed text
	InputCommand     InputKind = "command"     // "/status", with Command and Text (arguments)
	InputButton      InputKind = "button"      // a press on an inline button, with Data
	InputContact     InputKind = "contact"     // a shared phone number, with Phone
	InputUnsupported InputKind = "unsupported" // stickers, photos, voice, files
)

// Inbound is one message or button press from a user, translated by a
// channel adapter into the engine's terms. Key is unique per channel event
// (e.g. "telegram:812345") so a redelivered event is recognised.
type Inbound struct {
	Key           string
	Channel       string
	ChatID        string
	ChannelUserID string
	Name          string // the display name the channel gives, for new users
	LangHint      string // the channel's language code for the user, if any
	Kind          InputKind
	Command       string // without the slash, lower case
	Text          string // the text, or a command's arguments
	Data          string // callback data of a button
	Phone         string // a shared contact's phone number
	OwnContact    bool   // the shared contact is the sender's own
	CallbackID    string // the channel's id for a button press, to acknowledge it
	// Typed is set by a channel that shows no buttons (Zalo, the console):
	// choices arrive as typed text, so replies use the catalog's ".typed"
	// wording where it has one, which mentions no button.
	Typed bool `json:",omitempty"`
	// File is a photo or a document the user sent, by the channel's id
	// (Telegram's file_id), with its Caption; such a message is of kind
	// InputUnsupported, so that flows wanting text ask for text, and the
	// announcement's message takes it.
	File    *File  `json:",omitempty"`
	Caption string `json:",omitempty"`
}

// Outgoing is one message to a user. Text is HTML with user text escaped.
// Buttons are inline choices; RequestPhone asks the channel for a button
// that shares the user's phone number.
type Outgoing struct {
	ID           int64 // outbox id, set by the store
	Channel      string
	ChatID       string
	Text         string
	Buttons      [][]Button
	RequestPhone bool
	PhoneLabel   string // label of the share-phone button
	// Lang is the language of the text, for a channel that adds words of
	// its own (how to answer numbered choices); "" is Vietnamese.
	Lang string `json:",omitempty"`
	// File, when set, is sent as a photo or a document with Text as its
	// caption (at most 1024 characters).
	File *File `json:",omitempty"`
	// Menu, when set, becomes this chat's command menu before the message
	// is sent: officers see their own commands, leaders the default ones.
	Menu []MenuCommand `json:",omitempty"`
	// Bulk marks a message the bot sends on its own to many (a digest, a
	// reminder): replies to people who are chatting go ahead of it.
	Bulk bool `json:",omitempty"`
	// DeliveryID is the scheduled sending (deliveries row) the message
	// belongs to, 0 for a reply: the store records it on the outbox row,
	// so an announcement's counts are read from the outbox.
	DeliveryID int64 `json:",omitempty"`
}

// MenuCommand is an entry of a chat's command menu.
type MenuCommand struct {
	Name        string // without the slash
	Description string
}

// FileKind says how a channel shows a file.
type FileKind string

// File kinds.
const (
	FilePhoto    FileKind = "photo"    // a picture shown in the chat (the digest's chart)
	FileDocument FileKind = "document" // a file to open (the spreadsheet)
)

// File is a picture or document attached to a message.
type File struct {
	Kind FileKind
	Name string // e.g. "tien-do-2025-W35.xlsx"
	Data []byte
	// ID is the channel's id of a file it holds (Telegram's file_id):
	// sent again by it, without Data.
	ID string `json:",omitempty"`
}

// Button is an inline choice: the label a user sees and the short data
// (under 64 bytes) the channel sends back when it is pressed.
type Button struct {
	Label string
	Data  string
}

// EncodeButton makes the callback data of a button: the session's step
// counter in base 36 and the choice's value, so that a press on a button of
// a question that has passed is recognised.
func EncodeButton(seq int, value string) string {
	return strconv.FormatInt(int64(seq), 36) + ":" + value
}

// DecodeButton reads callback data made by EncodeButton. It refuses
// anything else, whatever bytes a forged press carries.
func DecodeButton(data string) (seq int, value string, ok bool) {
	head, value, found := strings.Cut(data, ":")
	if !found || head == "" || len(head) > 8 || value == "" || len(value) > 48 {
		return 0, "", false
	}
	n, err := strconv.ParseInt(head, 36, 64)
	if err != nil || n < 0 {
		return 0, "", false
	}
	for _, r := range value {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return 0, "", false
		}
	}
	return int(n), value, true
}
