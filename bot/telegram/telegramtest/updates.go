package telegramtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// maxPollTimeout caps getUpdates' timeout, as the real server does.
const maxPollTimeout = 50

// updateKinds are the update fields a bot can subscribe to.
var updateKinds = []string{
	"message", "edited_message", "channel_post", "edited_channel_post",
	"inline_query", "chosen_inline_result", "callback_query", "shipping_query",
	"pre_checkout_query", "poll", "poll_answer", "my_chat_member",
	"chat_member", "chat_join_request", "message_reaction", "message_reaction_count",
}

// defaultOff are the kinds delivered only when asked for by name.
var defaultOff = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

type queued struct {
	id      int
	kind    string
	payload any
}

// poller is a getUpdates request that is waiting.
type poller struct {
	terminate chan struct{} // closed when a newer getUpdates or a webhook takes over
	reason    string        // the 409 description, set before terminate is closed
}

// stop ends a waiting poller with a 409 Conflict. Call with s.mu held.
func (p *poller) stop(reason string) {
	p.reason = reason
	close(p.terminate)
}

type updateState struct {
	nextID        int
	pending       []queued
	allowed       map[string]bool // nil: the default set
	poller        *poller
	webhookURL    string
	webhookSecret string
	callbacks     map[string]*callbackState
}

type callbackState struct {
	answered  bool
	text      string
	showAlert bool
}

func (u *updateState) init(first int) {
	u.nextID = first
	u.callbacks = make(map[string]*callbackState)
}

func (u *updateState) allows(kind string) bool {
	if u.allowed == nil {
		return !defaultOff[kind]
	}
	return u.allowed[kind]
}

// confirm applies an offset: a positive one drops every update with a
// smaller id, a negative one keeps only the last -offset updates.
func (u *updateState) confirm(offset int64) {
	switch {
	case offset > 0:
		kept := u.pending[:0]
		for _, q := range u.pending {
			if int64(q.id) >= offset {
				kept = append(kept, q)
			}
		}
		u.pending = kept
	case offset < 0:
		if n := int(-offset); n < len(u.pending) {
			u.pending = append([]queued(nil), u.pending[len(u.pending)-n:]...)
		}
	}
}

func (s *Server) getMe(*request) (any, *apiError) {
	w := s.bot.wire()
	w.IsBot = true
	w.CanJoinGroups = true
	return w, nil
}

func (s *Server) getUpdates(rq *request) (any, *apiError) {
	offset, e := intParam(rq.form, "offset", 0)
	if e != nil {
		return nil, e
	}
	limit, e := intParam(rq.form, "limit", 100)
	if e != nil {
		return nil, e
	}
	if limit < 1 || limit > 100 {
		limit = 100
	}
	timeout, e := intParam(rq.form, "timeout", 0)
	if e != nil {
		return nil, e
	}
	timeout = min(max(timeout, 0), maxPollTimeout)
	var allowed map[string]bool
	setAllowed := false
	if raw := rq.form.Get("allowed_updates"); raw != "" {
		var kinds []string
		if err := json.Unmarshal([]byte(raw), &kinds); err != nil {
			return nil, badRequest("can't parse allowed_updates JSON array")
		}
		setAllowed = true
		if len(kinds) > 0 {
			allowed = make(map[string]bool)
			for _, k := range kinds {
				allowed[k] = true
			}
		}
	}

	s.mu.Lock()
	if s.updates.webhookURL != "" {
		s.mu.Unlock()
		return nil, &apiError{code: http.StatusConflict, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if setAllowed {
		s.updates.allowed = allowed // applies to updates queued from now on
	}
	s.updates.confirm(offset)
	me := &poller{terminate: make(chan struct{})}
	if old := s.updates.poller; old != nil {
		old.stop(defaultDescription(http.StatusConflict, 0))
	}
	s.updates.poller = me
	s.broadcast()
	defer func() {
		s.mu.Lock()
		if s.updates.poller == me {
			s.updates.poller = nil
			s.broadcast()
		}
		s.mu.Unlock()
	}()

	timer := time.NewTimer(time.Duration(timeout) * time.Second)
	defer timer.Stop()
	for {
		if len(s.updates.pending) > 0 || timeout == 0 {
			out := s.deliverLocked(int(limit))
			s.mu.Unlock()
			return out, nil
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			return []json.RawMessage{}, nil
		case <-me.terminate:
			s.mu.Lock()
			reason := me.reason
			s.mu.Unlock()
			return nil, &apiError{code: http.StatusConflict, desc: reason}
		case <-rq.ctx.Done():
			return []json.RawMessage{}, nil
		case <-s.closing:
			return []json.RawMessage{}, nil
		}
		s.mu.Lock()
	}
}

// deliverLocked encodes up to limit pending updates; they stay pending
// until a later offset confirms them. Call with s.mu held.
func (s *Server) deliverLocked(limit int) []json.RawMessage {
	out := []json.RawMessage{}
	for _, q := range s.updates.pending {
		if len(out) == limit {
			break
		}
		b, err := json.Marshal(map[string]any{"update_id": q.id, q.kind: q.payload})
		if err != nil {
			panic(fmt.Sprintf("telegramtest: encoding update %d: %v", q.id, err))
		}
		out = append(out, b)
	}
	return out
}

var secretTokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

func (s *Server) setWebhook(rq *request) (any, *apiError) {
	u := rq.form.Get("url")
	secret := rq.form.Get("secret_token")
	if secret != "" && !secretTokenRE.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	if u != "" && !strings.HasPrefix(u, "https://") {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates.webhookURL, s.updates.webhookSecret = u, secret
	if boolParam(rq.form, "drop_pending_updates") {
		s.updates.pending = nil
	}
	if s.updates.poller != nil && u != "" {
		s.updates.poller.stop("Conflict: terminated by setWebhook request")
		s.updates.poller = nil
	}
	s.broadcast()
	return true, nil
}

func (s *Server) deleteWebhook(rq *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates.webhookURL, s.updates.webhookSecret = "", ""
	if boolParam(rq.form, "drop_pending_updates") {
		s.updates.pending = nil
	}
	s.broadcast()
	return true, nil
}

func (s *Server) getWebhookInfo(*request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return map[string]any{
		"url":                    s.updates.webhookURL,
		"has_custom_certificate": false,
		"pending_update_count":   len(s.updates.pending),
	}, nil
}

// Webhook returns the webhook URL and secret token set, if any.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updates.webhookURL, s.updates.webhookSecret
}

// SetNextUpdateID sets the id of the next queued update, e.g. to a lower
// value to imitate Telegram restarting its sequence after a quiet period.
func (s *Server) SetNextUpdateID(id int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates.nextID = id
}

// Pending returns the ids of updates not yet confirmed, in delivery order.
func (s *Server) Pending() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, len(s.updates.pending))
	for i, q := range s.updates.pending {
		ids[i] = q.id
	}
	return ids
}

// Polling reports whether a getUpdates call is waiting for updates.
func (s *Server) Polling() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.updates.poller != nil
}

// enqueue queues an update of kind built by mk (called with s.mu held and
// the update id) and returns its id, or 0 if the bot's allowed_updates
// exclude kind, in which case Telegram would not create it.
func (s *Server) enqueue(kind string, mk func(id int) any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.updates.allows(kind) {
		return 0
	}
	id := s.updates.nextID
	s.updates.nextID++
	s.updates.pending = append(s.updates.pending, queued{id: id, kind: kind, payload: mk(id)})
	s.broadcast()
	return id
}

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
