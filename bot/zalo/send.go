package zalo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/chattext"
	"github.com/clubbot/clubbot/messages"
)

// maxTextLen is the longest text of one OA message, in characters
// (2000 per Zalo's documentation; unverified).
const maxTextLen = 2000

// sendPath is the OA API's customer-service ("tư vấn") message endpoint.
const sendPath = "/v3.0/oa/message/cs"

// Send sends out as one text message, or several when it is longer than
// Zalo allows (split at line boundaries). Zalo's OA text shows no markup,
// so the HTML becomes plain text; buttons become numbered choices under
// the text, the same as on the console, and a typed number or label comes
// back as a press (see ServeHTTP). Zalo has no share-phone button and, here,
// no upload: a phone request or a file gets a short note in its place.
//
// A token Zalo refuses (-216, -220) is refreshed and the message tried once
// more. Every error is a *bot.SendError; Zalo's own wrap *APIError, and a
// user outside Zalo's messaging window (-213, -230, -232) is a permanent
// failure whose chain carries a *bot.Error of code bot.EUNREACHABLE. If a
// later part of a split message fails, the earlier parts were sent.
func (c *Channel) Send(ctx context.Context, out bot.Outgoing) error {
	return classify(c.send(ctx, out))
}

func (c *Channel) send(ctx context.Context, out bot.Outgoing) error {
	switch {
	case out.Channel != "" && out.Channel != Name:
		return bot.Errorf(bot.EINVALID, "zalo: outgoing %d is for channel %q", out.ID, out.Channel)
	case strings.TrimSpace(out.ChatID) == "":
		return bot.Errorf(bot.EINVALID, "zalo: outgoing %d has no user id", out.ID)
	case strings.TrimSpace(out.Text) == "" && out.File == nil:
		return bot.Errorf(bot.EINVALID, "zalo: outgoing %d has no text", out.ID)
	}
	parts := chattext.Split(c.text(out), maxTextLen)
	for i, p := range parts {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := c.sendText(ctx, out.ChatID, chattext.Plain(p)); err != nil {
			return fmt.Errorf("zalo: send outgoing %d to user %s (part %d of %d): %w", out.ID, out.ChatID, i+1, len(parts), err)
		}
	}
	return nil
}

// text is the HTML of out as Zalo shows it: numbered choices, and a note
// for what Zalo cannot carry. A share-phone request is left out: Zalo has
// no such button, and the engine's wording for typed channels (Typed on
// the inbound) asks for the invite code alone.
func (c *Channel) text(out bot.Outgoing) string {
	text := c.choices.Show(out)
	lang := messages.Normalize(out.Lang)
	var notes []string
	if out.File != nil {
		notes = append(notes, messages.Render(lang, "zalo.file_note", messages.Args{"name": out.File.Name}))
	}
	for _, n := range notes {
		if strings.TrimSpace(text) != "" {
			text += "\n\n"
		}
		text += n
	}
	return text
}

// sendText posts one text, refreshing the token once if Zalo refuses it.
func (c *Channel) sendText(ctx context.Context, userID, text string) error {
	for attempt := 1; ; attempt++ {
		token, err := c.tokens.Token(ctx)
		if err != nil {
			return fmt.Errorf("access token: %w", err)
		}
		err = c.post(ctx, token, userID, text)
		var ae *APIError
		if attempt == 1 && errors.As(err, &ae) && ae.Class() == ClassToken {
			c.tokens.Invalid(token)
			continue
		}
		return err
	}
}

// sendRequest is the body of a customer-service message.
type sendRequest struct {
	Recipient struct {
		UserID string `json:"user_id"`
	} `json:"recipient"`
	Message struct {
		Text string `json:"text"`
	} `json:"message"`
}

// apiReply is the envelope of every OA API answer: error 0 is success.
type apiReply struct {
	Error   json.Number `json:"error"`
	Message string      `json:"message"`
}

// post makes one call of the send endpoint.
func (c *Channel) post(ctx context.Context, token, userID, text string) error {
	var body sendRequest
	body.Recipient.UserID, body.Message.Text = userID, text
	payload, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.APIBase+sendPath, bytes.NewReader(payload))
	if err != nil {
		return bot.Errorf(bot.EINVALID, "zalo: bad API base %q: %v", c.cfg.APIBase, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", token)
	resp, err := c.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return readReply(resp)
}

// readReply reads Zalo's verdict: the "error" field, not the HTTP status,
// which is 200 for most refusals.
func readReply(resp *http.Response) error {
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return &HTTPError{Status: resp.StatusCode, Body: string(raw[:min(len(raw), 200)])}
	}
	var r apiReply
	if err := json.Unmarshal(raw, &r); err != nil {
		return fmt.Errorf("zalo: unreadable answer: %w", err)
	}
	code, err := r.Error.Int64()
	if r.Error == "" || err != nil {
		return fmt.Errorf("zalo: answer without an error code: %.200s", raw)
	}
	if code != 0 {
		return &APIError{Code: int(code), Message: r.Message}
	}
	return nil
}
