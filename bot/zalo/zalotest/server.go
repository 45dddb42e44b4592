// Package zalotest is a fake Zalo OA API and OAuth server for tests: the
// customer-service send endpoint records messages, error codes can be
// injected, and access tokens expire and are refreshed with rotating
// single-use refresh tokens. It also signs and posts webhook events.
package zalotest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// Message is a text the OA sent to a user.
type Message struct {
	UserID string
	Text   string
}

// Server is the fake. Its URL serves both the OA API and OAuth.
type Server struct {
	*httptest.Server
	AppID     string
	AppSecret string

	mu        sync.Mutex
	now       func() time.Time
	access    map[string]time.Time // valid access tokens and their expiry
	refresh   string               // the one refresh token that works now
	lifetime  time.Duration
	seq       int
	refreshes int
	sent      []Message
	byUser    map[string][]string // texts sent, by user
	failNext  []int               // error codes answered to the next sends, in order
	userFail  map[string]int      // an error code answered for every send to a user
}

// NewServer starts a fake closed at the end of the test. It issues one
// refresh token (RefreshToken) and no access token; access tokens live
// 25 h by the clock now (time.Now if nil).
func NewServer(t testing.TB, now func() time.Time) *Server {
	if now == nil {
		now = time.Now
	}
	s := &Server{AppID: "4321098765432109876", AppSecret: "app-secret", now: now,
		access: map[string]time.Time{}, lifetime: 25 * time.Hour, userFail: map[string]int{}, byUser: map[string][]string{}}
	s.refresh = s.next("refresh")
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v3.0/oa/message/cs", s.handleSend)
	mux.HandleFunc("POST /v4/oa/access_token", s.handleRefresh)
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// next returns a new token; the caller holds mu or is the constructor.
func (s *Server) next(kind string) string {
	s.seq++
	return kind + "-" + strconv.Itoa(s.seq)
}

// RefreshToken is the refresh token that works now.
func (s *Server) RefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refresh
}

// Refreshes counts the successful refreshes.
func (s *Server) Refreshes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshes
}

// Sent returns the messages sent so far, in order.
func (s *Server) Sent() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.sent...)
}

// SentTo returns the texts sent to a user, in order.
func (s *Server) SentTo(userID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.byUser[userID]...)
}

// FailNext makes the next sends fail with these error codes, one each.
func (s *Server) FailNext(codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext = append(s.failNext, codes...)
}

// FailUser makes every send to userID fail with code (e.g. -230, outside
// the messaging window); 0 stops it.
func (s *Server) FailUser(userID string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userFail[userID] = code
}

// ExpireTokens makes every access token issued so far expired.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok := range s.access {
		s.access[tok] = time.Time{}
	}
}

func (s *Server) handleSend(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Recipient struct {
			UserID string `json:"user_id"`
		} `json:"recipient"`
		Message struct {
			Text string `json:"text"`
		} `json:"message"`
	}
	if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&body) != nil {
		answer(w, -201, "Parameter is invalid", nil)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	expiry, ok := s.access[r.Header.Get("access_token")]
	switch {
	case !ok:
		answer(w, -216, "Access token is invalid", nil)
	case !s.now().Before(expiry):
		answer(w, -220, "Access token has expired", nil)
	case len(s.failNext) > 0:
		code := s.failNext[0]
		s.failNext = s.failNext[1:]
		answer(w, code, "injected error", nil)
	case s.userFail[body.Recipient.UserID] != 0:
		answer(w, s.userFail[body.Recipient.UserID], "injected error for user", nil)
	case body.Recipient.UserID == "" || body.Message.Text == "" || len([]rune(body.Message.Text)) > 2000:
		answer(w, -201, "Parameter is invalid", nil)
	default:
		s.sent = append(s.sent, Message{UserID: body.Recipient.UserID, Text: body.Message.Text})
		s.byUser[body.Recipient.UserID] = append(s.byUser[body.Recipient.UserID], body.Message.Text)
		answer(w, 0, "Success", map[string]string{"message_id": s.next("msg"), "user_id": body.Recipient.UserID})
	}
}

func answer(w http.ResponseWriter, code int, message string, data any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"error": code, "message": message, "data": data})
}

// handleRefresh trades the current refresh token for a new access token
// and a new refresh token; the old refresh token stops working.
func (s *Server) handleRefresh(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Header.Get("secret_key") != s.AppSecret || r.PostFormValue("app_id") != s.AppID ||
		r.PostFormValue("grant_type") != "refresh_token" {
		_ = json.NewEncoder(w).Encode(map[string]any{"error": -14002, "error_name": "Invalid app", "error_description": "bad app id or secret"})
		return
	}
	if r.PostFormValue("refresh_token") != s.refresh {
		_ = json.NewEncoder(w).Encode(map[string]any{"error": -14014, "error_name": "Invalid refresh token",
			"error_description": "refresh token is invalid or was used"})
		return
	}
	access := s.next("access")
	s.access[access] = s.now().Add(s.lifetime)
	s.refresh = s.next("refresh")
	s.refreshes++
	_ = json.NewEncoder(w).Encode(map[string]string{"access_token": access, "refresh_token": s.refresh,
		"expires_in": fmt.Sprint(int(s.lifetime / time.Second))})
}

// WaitSent waits until at least n texts were sent to userID and returns
// them all, or fails when ctx ends.
func (s *Server) WaitSent(ctx context.Context, userID string, n int) ([]string, error) {
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if got := s.SentTo(userID); len(got) >= n {
			return got, nil
		}
		select {
		case <-ctx.Done():
			return s.SentTo(userID), fmt.Errorf("waiting for %d messages to %s: %w", n, userID, ctx.Err())
		case <-tick.C:
		}
	}
}
