package zalo

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/clubbot/clubbot/bot"
)

// Event is a webhook event of the OA, the fields the bot reads. Ids and
// the timestamp (milliseconds) stay strings: ids can exceed 2^53.
type Event struct {
	AppID     ID     `json:"app_id"`
	EventName string `json:"event_name"`
	Timestamp ID     `json:"timestamp"`
	Sender    struct {
		ID ID `json:"id"`
	} `json:"sender"`
	Recipient struct {
		ID ID `json:"id"`
	} `json:"recipient"`
	Follower struct {
		ID ID `json:"id"`
	} `json:"follower"`
	Message struct {
		MsgID ID     `json:"msg_id"`
		Text  string `json:"text"`
	} `json:"message"`
}

// ID is an id or a timestamp that Zalo sends as a string, read as its
// digits even if it comes as a JSON number, never through a float64.
type ID string

// UnmarshalJSON accepts a string or a number.
func (id *ID) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = ID(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*id = ID(n.String())
	return nil
}

// Key is the inbound key of the event: its message id, or for an event
// without one (follow) its name, user and time, so a replay of the same
// event is recognised.
func (ev Event) Key() string {
	if ev.Message.MsgID != "" {
		return Name + ":" + string(ev.Message.MsgID)
	}
	return Name + ":" + ev.EventName + ":" + string(ev.userID()) + ":" + string(ev.Timestamp)
}

// userID is the user the event comes from.
func (ev Event) userID() ID {
	if ev.EventName == "follow" && ev.Follower.ID != "" {
		return ev.Follower.ID
	}
	return ev.Sender.ID
}

// Translate turns an event into an inbound event for the engine. ok is
// false for events the engine does not handle, which are answered and
// dropped: the OA's own sends echoed back (oa_send_*, or the bot would
// talk to itself), unfollow, read receipts, reactions. A follow becomes
// /start, so a newcomer is greeted and told how to join; any message other
// than text (sticker, image, voice, file, location...) is unsupported
// input, which the engine answers by asking for typed text.
func Translate(ev Event) (in bot.Inbound, ok bool) {
	user := string(ev.userID())
	if user == "" {
		return bot.Inbound{}, false
	}
	in = bot.Inbound{Key: ev.Key(), Channel: Name, ChatID: user, ChannelUserID: user, Typed: true}
	switch {
	case ev.EventName == "follow":
		in.Kind, in.Command = bot.InputCommand, "start"
	case ev.EventName == "user_send_text":
		text := strings.TrimSpace(ev.Message.Text)
		if text == "" {
			return bot.Inbound{}, false
		}
		if name, args, isCmd := parseCommand(text); isCmd {
			in.Kind, in.Command, in.Text = bot.InputCommand, name, args
		} else {
			in.Kind, in.Text = bot.InputText, text
		}
	case strings.HasPrefix(ev.EventName, "user_send_"):
		in.Kind = bot.InputUnsupported
	default:
		return bot.Inbound{}, false
	}
	return in, true
}

// parseCommand splits "/Name args" into "name" and "args". isCmd is false
// when text is not a command: no slash, or no name of a-z, 0-9 and _ after
// it (a typed "1/2" or "/ " is text).
func parseCommand(text string) (name, args string, isCmd bool) {
	rest, ok := strings.CutPrefix(text, "/")
	if !ok {
		return "", "", false
	}
	name, args, _ = strings.Cut(rest, " ")
	if name == "" || len(name) > 32 {
		return "", "", false
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return "", "", false
		}
	}
	return strings.ToLower(name), strings.TrimSpace(args), true
}
