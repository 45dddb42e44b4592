package telegramtest

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// FailNext makes the next call of method fail with code, description and,
// if retryAfter > 0, parameters.retry_after. Calls queue up in order.
func (s *Server) FailNext(method string, code int, description string, retryAfter int) {
	s.InjectFault(method, Fault{Code: code, Description: description, RetryAfter: retryAfter})
}

// InjectFault makes the next call of method answer with f.
func (s *Server) InjectFault(method string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := strings.ToLower(method)
	s.faults[m] = append(s.faults[m], f)
}

// SetFaultHook installs a hook consulted on every call (after FailNext
// faults) with the method as in the URL (e.g. "sendMessage") and a copy of
// the form: returning a non-nil Fault answers with it. It runs with the
// server's lock held, so it must not call the Server. nil removes the hook.
func (s *Server) SetFaultHook(hook func(method string, form url.Values) *Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faultHook = hook
}

// Block makes every send to chatID fail with 403 "Forbidden: bot was blocked
// by the user"; Unblock undoes it.
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = true
}

// Unblock undoes Block.
func (s *Server) Unblock(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.blocked, chatID)
}

// Calls counts the calls of method received so far (case-insensitive), in
// progress ones included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if strings.EqualFold(c.Method, method) {
			n++
		}
	}
	return n
}

// InFlight counts the calls of method (case-insensitive) received and not
// yet answered: cheaper than Requests for a test that polls it.
func (s *Server) InFlight(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c.Status == 0 && strings.EqualFold(c.Method, method) {
			n++
		}
	}
	return n
}

// Requests returns copies of the calls of method ("" for all), oldest first.
func (s *Server) Requests(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if method == "" || strings.EqualFold(c.Method, method) {
			cp := *c
			cp.Form = cloneValues(c.Form)
			cp.Files = append([]File(nil), c.Files...)
			out = append(out, cp)
		}
	}
	return out
}

// takeFault pops the next fault for method. Call with s.mu held.
func (s *Server) takeFault(method string, form url.Values) *Fault {
	key := strings.ToLower(method)
	if q := s.faults[key]; len(q) > 0 {
		f := q[0]
		s.faults[key] = q[1:]
		return &f
	}
	if s.faultHook != nil {
		return s.faultHook(method, cloneValues(form))
	}
	return nil
}

func writeFault(w http.ResponseWriter, f *Fault) int {
	code := f.Code
	if code == 0 {
		code = http.StatusInternalServerError
	}
	if f.RawBody != "" {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(code)
		io.WriteString(w, f.RawBody)
		return code
	}
	desc := f.Description
	if desc == "" {
		desc = defaultDescription(code, f.RetryAfter)
	}
	return writeError(w, &apiError{code: code, desc: desc, retryAfter: f.RetryAfter, migrate: f.MigrateToChatID})
}

func defaultDescription(code, retryAfter int) string {
	switch code {
	case http.StatusTooManyRequests:
		return fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
	case http.StatusBadRequest:
		return "Bad Request"
	case http.StatusUnauthorized:
		return "Unauthorized"
	case http.StatusForbidden:
		return "Forbidden: bot was blocked by the user"
	case http.StatusConflict:
		return "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	case http.StatusBadGateway:
		return "Bad Gateway"
	default:
		return "Internal Server Error"
	}
}
