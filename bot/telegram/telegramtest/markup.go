package telegramtest

import (
	"bytes"
	"encoding/json"
	"strings"
)

// markup is a decoded reply_markup.
type markup struct {
	kind       string // "inline", "keyboard", "remove", "force_reply"
	inline     [][]Button
	inlineJSON json.RawMessage // normalised, echoed in the sent Message
	keyboard   [][]keyButton
	oneTime    bool
	resize     bool
}

type keyButton struct {
	Text            string `json:"text"`
	RequestContact  bool   `json:"request_contact,omitempty"`
	RequestLocation bool   `json:"request_location,omitempty"`
}

// UnmarshalJSON accepts a button as an object or, as the API allows, a
// bare string.
func (k *keyButton) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &k.Text)
	}
	type plain keyButton
	return json.Unmarshal(b, (*plain)(k))
}

type inlineButtonIn struct {
	Text                         string          `json:"text"`
	URL                          *string         `json:"url"`
	CallbackData                 *string         `json:"callback_data"`
	SwitchInlineQuery            *string         `json:"switch_inline_query"`
	SwitchInlineQueryCurrentChat *string         `json:"switch_inline_query_current_chat"`
	LoginURL                     json.RawMessage `json:"login_url"`
	CallbackGame                 json.RawMessage `json:"callback_game"`
	WebApp                       json.RawMessage `json:"web_app"`
	Pay                          bool            `json:"pay"`
}

type inlineButtonOut struct {
	Text         string  `json:"text"`
	URL          *string `json:"url,omitempty"`
	CallbackData *string `json:"callback_data,omitempty"`
}

// parseMarkup decodes and validates reply_markup. An empty raw means none.
func parseMarkup(raw string) (*markup, *apiError) {
	if raw == "" {
		return nil, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &fields); err != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	switch {
	case fields["inline_keyboard"] != nil:
		return parseInline(fields["inline_keyboard"])
	case fields["keyboard"] != nil:
		var kb struct {
			Keyboard [][]keyButton `json:"keyboard"`
			OneTime  bool          `json:"one_time_keyboard"`
			Resize   bool          `json:"resize_keyboard"`
		}
		if err := json.Unmarshal([]byte(raw), &kb); err != nil {
			return nil, badRequest("can't parse reply keyboard markup JSON object")
		}
		for _, row := range kb.Keyboard {
			for _, b := range row {
				if strings.TrimSpace(b.Text) == "" {
					return nil, badRequest("can't parse keyboard button: Text must be non-empty")
				}
				if b.RequestContact && b.RequestLocation {
					return nil, badRequest("can't parse keyboard button: only one of request_contact and request_location allowed")
				}
			}
		}
		return &markup{kind: "keyboard", keyboard: kb.Keyboard, oneTime: kb.OneTime, resize: kb.Resize}, nil
	case fields["remove_keyboard"] != nil:
		var on bool
		if json.Unmarshal(fields["remove_keyboard"], &on) != nil || !on {
			return nil, badRequest("can't parse reply keyboard markup JSON object")
		}
		return &markup{kind: "remove"}, nil
	case fields["force_reply"] != nil:
		return &markup{kind: "force_reply"}, nil
	}
	return nil, badRequest("can't find field \"inline_keyboard\"")
}

func parseInline(raw json.RawMessage) (*markup, *apiError) {
	var rows [][]inlineButtonIn
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, badRequest("can't parse inline keyboard button: field \"inline_keyboard\" must be an Array of Arrays")
	}
	m := &markup{kind: "inline"}
	outRows := [][]inlineButtonOut{}
	for _, row := range rows {
		var bs []Button
		var outs []inlineButtonOut
		for _, b := range row {
			btn, aerr := parseInlineButton(b)
			if aerr != nil {
				return nil, aerr
			}
			bs = append(bs, btn)
			outs = append(outs, inlineButtonOut{Text: b.Text, URL: b.URL, CallbackData: b.CallbackData})
		}
		if len(bs) > 0 {
			m.inline = append(m.inline, bs)
			outRows = append(outRows, outs)
		}
	}
	if len(m.inline) > 0 {
		m.inlineJSON, _ = json.Marshal(map[string]any{"inline_keyboard": outRows})
	}
	return m, nil
}

// parseInlineButton validates an inline keyboard button, which must have
// text and exactly one action.
func parseInlineButton(b inlineButtonIn) (Button, *apiError) {
	if b.Text == "" {
		return Button{}, badRequest("can't parse inline keyboard button: Text must be non-empty")
	}
	actions := b.actions()
	if actions == 0 {
		return Button{}, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
	}
	if actions > 1 {
		return Button{}, badRequest("can't parse inline keyboard button: only one of the optional fields must be used")
	}
	btn := Button{Text: b.Text}
	switch {
	case b.CallbackData != nil:
		if n := len(*b.CallbackData); n < 1 || n > 64 {
			return Button{}, badRequest("BUTTON_DATA_INVALID")
		}
		btn.Data = *b.CallbackData
	case b.URL != nil:
		if *b.URL == "" {
			return Button{}, badRequest("BUTTON_URL_INVALID")
		}
		btn.URL = *b.URL
	}
	return btn, nil
}

// actions counts the optional fields of b that give the button an action.
func (b inlineButtonIn) actions() int {
	n := 0
	for _, set := range []bool{b.URL != nil, b.CallbackData != nil, b.SwitchInlineQuery != nil,
		b.SwitchInlineQueryCurrentChat != nil, b.LoginURL != nil, b.CallbackGame != nil, b.WebApp != nil, b.Pay} {
		if set {
			n++
		}
	}
	return n
}

// sameInline reports whether two messages' inline keyboards are equal.
func sameInline(a, b json.RawMessage) bool { return bytes.Equal(a, b) }
