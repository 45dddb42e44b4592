package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
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
	p, e := parsePollRequest(rq.form)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	me, e := s.startPollLocked(p)
	if e != nil {
		s.mu.Unlock()
		return nil, e
	}
	defer s.endPoll(me)
	return s.awaitUpdatesLocked(rq.ctx, me, int(p.limit), p.timeout)
}

// pollRequest is a decoded getUpdates call.
type pollRequest struct {
	offset, limit, timeout int64
	allowed                map[string]bool // nil: the default set
	setAllowed             bool            // whether allowed_updates was given
}

// parsePollRequest decodes getUpdates' parameters, bringing limit and
// timeout within the bounds the real server applies.
func parsePollRequest(form url.Values) (pollRequest, *apiError) {
	var p pollRequest
	var e *apiError
	if p.offset, e = intParam(form, "offset", 0); e != nil {
		return p, e
	}
	if p.limit, e = intParam(form, "limit", 100); e != nil {
		return p, e
	}
	if p.limit < 1 || p.limit > 100 {
		p.limit = 100
	}
	if p.timeout, e = intParam(form, "timeout", 0); e != nil {
		return p, e
	}
	p.timeout = min(max(p.timeout, 0), maxPollTimeout)
	raw := form.Get("allowed_updates")
	if raw == "" {
		return p, nil
	}
	if p.allowed, e = parseAllowedUpdates(raw); e != nil {
		return p, e
	}
	p.setAllowed = true
	return p, nil
}

// parseAllowedUpdates decodes allowed_updates. An empty list stands for
// the default set, returned as nil.
func parseAllowedUpdates(raw string) (map[string]bool, *apiError) {
	var kinds []string
	if err := json.Unmarshal([]byte(raw), &kinds); err != nil {
		return nil, badRequest("can't parse allowed_updates JSON array")
	}
	if len(kinds) == 0 {
		return nil, nil
	}
	allowed := make(map[string]bool)
	for _, k := range kinds {
		allowed[k] = true
	}
	return allowed, nil
}

// startPollLocked applies p's allowed_updates and offset and makes a new
// poller the waiting one, ending the one before it with a 409 Conflict.
// Call with s.mu held.
func (s *Server) startPollLocked(p pollRequest) (*poller, *apiError) {
	if s.updates.webhookURL != "" {
		return nil, &apiError{code: http.StatusConflict, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}
	}
	if p.setAllowed {
		s.updates.allowed = p.allowed // applies to updates queued from now on
	}
	s.updates.confirm(p.offset)
	me := &poller{terminate: make(chan struct{})}
	if old := s.updates.poller; old != nil {
		old.stop(defaultDescription(http.StatusConflict, 0))
	}
	s.updates.poller = me
	s.broadcast()
	return me, nil
}

// endPoll forgets me unless a newer poller has taken its place.
func (s *Server) endPoll(me *poller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.updates.poller == me {
		s.updates.poller = nil
		s.broadcast()
	}
}

// awaitUpdatesLocked answers the poll me with up to limit updates once any
// are pending, or with none when timeout seconds pass, the request is
// cancelled or the server closes. Call with s.mu held; it returns with
// s.mu released.
func (s *Server) awaitUpdatesLocked(ctx context.Context, me *poller, limit int, timeout int64) (any, *apiError) {
	timer := time.NewTimer(time.Duration(timeout) * time.Second)
	defer timer.Stop()
	for {
		if len(s.updates.pending) > 0 || timeout == 0 {
			out := s.deliverLocked(limit)
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
		case <-ctx.Done():
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
	var allowed map[string]bool
	raw := rq.form.Get("allowed_updates")
	if raw != "" {
		var e *apiError
		if allowed, e = parseAllowedUpdates(raw); e != nil {
			return nil, e
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates.webhookURL, s.updates.webhookSecret = u, secret
	if raw != "" {
		s.updates.allowed = allowed // applies to updates queued from now on
	}
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
	info := map[string]any{
		"url":                    s.updates.webhookURL,
		"has_custom_certificate": false,
		"pending_update_count":   len(s.updates.pending),
	}
	if s.updates.webhookURL != "" && s.hook.lastErrorDate != 0 {
		info["last_error_date"], info["last_error_message"] = s.hook.lastErrorDate, s.hook.lastError
	}
	return info, nil
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
