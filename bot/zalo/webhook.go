package zalo

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"

	"github.com/clubbot/clubbot/bot"
)

// maxEventBytes bounds a webhook body; Zalo's events are a few hundred bytes.
const maxEventBytes = 1 << 20

// SignatureHeader is the webhook's signature header.
const SignatureHeader = "X-ZEvent-Signature"

// Signature is the value of SignatureHeader for an event: "mac=" and the
// hex SHA-256 of the app id, the raw body, the event's timestamp and the
// OA secret key (plain SHA-256, not an HMAC).
func Signature(appID string, body []byte, timestamp, oaSecretKey string) string {
	h := sha256.New()
	h.Write([]byte(appID))
	h.Write(body)
	h.Write([]byte(timestamp))
	h.Write([]byte(oaSecretKey))
	return "mac=" + hex.EncodeToString(h.Sum(nil))
}

// ServeHTTP receives a webhook event. A request that is not a POST gets
// 405; one whose signature does not verify (missing, forged, or for
// another app) gets 401 and changes nothing. A verified event is
// translated and recorded before the answer, then handed to notify to be
// processed after it; Zalo waits about 2 s for the 200. An event already
// recorded (a replay of the same msg_id) is answered 200 and not handled
// again. When the inbox fails the answer is 503.
func (c *Channel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxEventBytes))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	ev, ok := c.verify(r.Header.Get(SignatureHeader), body)
	if !ok {
		c.log.Warn("webhook event refused: bad signature", "remote", r.RemoteAddr)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if err := c.record(r, ev); err != nil {
		c.log.Error("webhook event not recorded", "event", ev.EventName, "err", err)
		http.Error(w, "unavailable", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// verify checks the signature of body in constant time and decodes it.
// The timestamp signed is the event's own "timestamp" field.
func (c *Channel) verify(header string, body []byte) (Event, bool) {
	var ev Event
	if header == "" || c.cfg.OASecretKey == "" || json.Unmarshal(body, &ev) != nil {
		return Event{}, false
	}
	want := Signature(c.cfg.AppID, body, string(ev.Timestamp), c.cfg.OASecretKey)
	if subtle.ConstantTimeCompare([]byte(header), []byte(want)) != 1 {
		return Event{}, false
	}
	return ev, true
}

// record translates ev and stores it in the inbox; a typed number or label
// of the choices last shown in the chat becomes a press on that button.
// Events the engine does not handle are dropped.
func (c *Channel) record(r *http.Request, ev Event) error {
	in, ok := Translate(ev)
	if !ok {
		c.log.Debug("webhook event skipped", "event", ev.EventName)
		return nil
	}
	if in.Kind == bot.InputText {
		if data, ok := c.choices.Press(in.ChatID, in.Text); ok {
			in.Kind, in.Data, in.Text = bot.InputButton, data, ""
		}
	}
	isNew, err := c.inbox.RecordInbound(r.Context(), in, c.now())
	if err != nil {
		return err
	}
	if !isNew {
		c.log.Debug("webhook event already recorded", "key", in.Key)
		return nil
	}
	if c.notify != nil {
		c.notify([]bot.Inbound{in})
	}
	return nil
}
