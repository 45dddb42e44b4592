package zalotest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Webhook posts signed OA events to a webhook URL, as Zalo does. Message
// ids are numbers over 2^53, as Zalo's are.
type Webhook struct {
	URL         string
	AppID       string
	OASecretKey string
	Now         func() time.Time // time.Now if nil

	mu  sync.Mutex
	seq int
}

// Event returns the JSON of an event from a user: a user_send_* message
// with msgID and text, a follow (the user as follower), or an oa_send_*
// echo (the OA as sender). The timestamp is a string of milliseconds.
func (h *Webhook) Event(name, userID, msgID, text string) []byte {
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	ev := map[string]any{
		"app_id":         h.AppID,
		"event_name":     name,
		"timestamp":      strconv.FormatInt(now().UnixMilli(), 10),
		"sender":         map[string]string{"id": userID},
		"recipient":      map[string]string{"id": "2468013579246801357"},
		"user_id_by_app": userID,
	}
	switch name {
	case "follow":
		ev["follower"] = map[string]string{"id": userID}
		ev["oa_id"] = "2468013579246801357"
	case "unfollow":
		ev["follower"] = map[string]string{"id": userID}
	default:
		ev["message"] = map[string]string{"msg_id": msgID, "text": text}
	}
	b, _ := json.Marshal(ev)
	return b
}

// NextMsgID returns a new message id, a number over 2^53.
func (h *Webhook) NextMsgID() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.seq++
	return strconv.FormatUint(9007199254740993+uint64(h.seq)*2, 10)
}

// Text posts a user_send_text event with a new message id; it returns the
// HTTP status.
func (h *Webhook) Text(userID, text string) (int, error) {
	return h.Post(h.Event("user_send_text", userID, h.NextMsgID(), text))
}

// Sign is the X-ZEvent-Signature of body: "mac=" and the hex SHA-256 of
// app id, body, the body's timestamp and the OA secret key.
func (h *Webhook) Sign(body []byte) string {
	var ev struct {
		Timestamp json.RawMessage `json:"timestamp"` // a string, or a number
	}
	_ = json.Unmarshal(body, &ev)
	ts := strings.Trim(string(ev.Timestamp), `"`)
	sum := sha256.Sum256([]byte(h.AppID + string(body) + ts + h.OASecretKey))
	return "mac=" + hex.EncodeToString(sum[:])
}

// Post posts body with its signature and returns the HTTP status.
func (h *Webhook) Post(body []byte) (int, error) {
	return h.PostSigned(body, h.Sign(body))
}

// PostSigned posts body with the given signature header ("" for none).
func (h *Webhook) PostSigned(body []byte, signature string) (int, error) {
	req, err := http.NewRequest(http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set("X-ZEvent-Signature", signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
