// Package telegramtest is a fake Telegram Bot API server for tests. It speaks
// the wire protocol the real client library (tgbotapi v5) uses: every call is
// a POST to /bot<token>/<method> with an application/x-www-form-urlencoded or
// multipart/form-data body, nested objects are JSON strings inside form
// fields (the literal string "null" means absent), and every answer is the
// envelope {"ok":true,"result":...} or {"ok":false,"error_code":N,
// "description":"...","parameters":{...}} with the HTTP status equal to
// error_code.
//
// Tests play the user's side with SendText, SendCommand, PressButton,
// ShareContact and friends, and inspect what the bot did with Sent,
// WaitSent, Commands, Calls and Requests. FailNext and SetFaultHook inject
// errors (429 with retry_after, 500, 403, non-JSON gateway pages).
//
// All methods are safe for concurrent use.
package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// DefaultToken is the bot token the server accepts unless WithToken is given.
// Its numeric prefix is the bot's user id, as with real tokens.
const DefaultToken = "123456789:AAF-fake-token-for-tests_0123456789ab"

// DefaultBotUsername is the bot's username unless WithBotUsername is given.
const DefaultBotUsername = "ClubTestBot"

// Option configures a Server.
type Option func(*config)

type config struct {
	token         string
	username      string
	firstUpdateID int
	firstMsgID    int
	now           func() time.Time
}

// WithToken sets the only token the server accepts.
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithBotUsername sets the username getMe reports for the bot.
func WithBotUsername(name string) Option { return func(c *config) { c.username = name } }

// WithFirstUpdateID sets the id of the first queued update (default 100000).
func WithFirstUpdateID(id int) Option { return func(c *config) { c.firstUpdateID = id } }

// Fault is an error the server answers instead of handling a call.
type Fault struct {
	Code            int    // HTTP status and error_code, e.g. 429, 500, 403
	Description     string // defaults to a text matching Code
	RetryAfter      int    // parameters.retry_after, seconds
	MigrateToChatID int64  // parameters.migrate_to_chat_id
	// RawBody, when set, is written as is (with Content-Type text/html)
	// instead of the JSON envelope, like a proxy's 502 page.
	RawBody string
}

// File is an uploaded file part of a multipart call.
type File struct {
	Field    string // form field name: "photo", "document"
	FileName string
	Data     []byte
}

// Call is one request the server received.
type Call struct {
	Method string     // as in the URL, e.g. "sendMessage"
	Form   url.Values // form fields; fields sent as "null" are left out
	Files  []File
	At     time.Time
	Status int // HTTP status of the answer; 0 while the call is in progress
}

// apiError is an error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrate    int64
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

// request is one decoded call handed to a method handler.
type request struct {
	ctx    context.Context
	method string
	form   url.Values
	files  map[string]File
}

type handler func(s *Server, rq *request) (any, *apiError)

var handlers = map[string]handler{
	"getme":                  (*Server).getMe,
	"getupdates":             (*Server).getUpdates,
	"setwebhook":             (*Server).setWebhook,
	"deletewebhook":          (*Server).deleteWebhook,
	"getwebhookinfo":         (*Server).getWebhookInfo,
	"sendmessage":            (*Server).sendMessage,
	"editmessagetext":        (*Server).editMessageText,
	"editmessagereplymarkup": (*Server).editMessageReplyMarkup,
	"answercallbackquery":    (*Server).answerCallbackQuery,
	"sendchataction":         (*Server).sendChatAction,
	"sendphoto":              (*Server).sendPhoto,
	"senddocument":           (*Server).sendDocument,
	"setmycommands":          (*Server).setMyCommands,
	"getmycommands":          (*Server).getMyCommands,
	"deletemycommands":       (*Server).deleteMyCommands,
}

// Server is a fake Telegram Bot API server.
type Server struct {
	srv   *httptest.Server
	token string
	bot   User
	now   func() time.Time

	closing   chan struct{}
	closeOnce sync.Once

	mu        sync.Mutex
	changed   chan struct{}           // closed and replaced on every change of state
	chatSent  map[int64]chan struct{} // closed when a message is sent to the chat
	updates   updateState
	messages  messageState
	commands  map[cmdKey][]Command
	users     map[int64]User
	blocked   map[int64]bool
	calls     []*Call
	faults    map[string][]Fault // by lower-cased method
	faultHook func(method string, form url.Values) *Fault
	hook      webhookPusher // see webhook.go
	flood     *floodControl // see limits.go; nil: no limits
}

// NewServer starts a server and closes it when the test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := New(opts...)
	t.Cleanup(s.Close)
	return s
}

// New starts a server; the caller must Close it.
func New(opts ...Option) *Server {
	cfg := config{token: DefaultToken, username: DefaultBotUsername, firstUpdateID: 100000, firstMsgID: 1, now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	botID, _ := strconv.ParseInt(strings.SplitN(cfg.token, ":", 2)[0], 10, 64)
	if botID <= 0 {
		botID = 123456789
	}
	s := &Server{
		token:    cfg.token,
		bot:      User{ID: botID, FirstName: "Club Test Bot", Username: cfg.username},
		now:      cfg.now,
		closing:  make(chan struct{}),
		changed:  make(chan struct{}),
		chatSent: make(map[int64]chan struct{}),
		commands: make(map[cmdKey][]Command),
		users:    make(map[int64]User),
		blocked:  make(map[int64]bool),
		faults:   make(map[string][]Fault),
	}
	s.updates.init(cfg.firstUpdateID)
	s.messages.init(cfg.firstMsgID)
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	return s
}

// Close releases waiting long polls and shuts the server down.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.srv.Close()
	})
}

// URL is the server's base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.srv.URL }

// Endpoint is the format string for tgbotapi.NewBotAPIWithAPIEndpoint.
func (s *Server) Endpoint() string { return s.srv.URL + "/bot%s/%s" }

// Token is the token the server accepts.
func (s *Server) Token() string { return s.token }

// Bot is the bot's own user, as getMe reports it.
func (s *Server) Bot() User { return s.bot }

// NewAPI returns a real tgbotapi client connected to the server.
func (s *Server) NewAPI() (*tgbotapi.BotAPI, error) {
	return tgbotapi.NewBotAPIWithAPIEndpoint(s.token, s.Endpoint())
}

// broadcast wakes everyone waiting for a change. Call with s.mu held.
func (s *Server) broadcast() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitChange returns a channel closed at the next change of state.
func (s *Server) waitChange() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	method, aerr := s.methodOf(r)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	form, files, aerr := readForm(r)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	call, fault := s.startCall(method, form, files)
	status := http.StatusOK
	// Deferred so that waiters still see the call end if a handler panics.
	defer func() { s.endCall(call, status) }()
	if fault != nil {
		status = writeFault(w, fault)
		return
	}
	status = s.handle(w, &request{ctx: r.Context(), method: method, form: form, files: files})
}

// methodOf returns the method a request calls, after checking its path,
// token and HTTP method.
func (s *Server) methodOf(r *http.Request) (string, *apiError) {
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || method == "" || strings.Contains(method, "/") {
		return "", &apiError{code: http.StatusNotFound, desc: "Not Found"}
	}
	if token != s.token {
		return "", &apiError{code: http.StatusUnauthorized, desc: "Unauthorized"}
	}
	if r.Method != http.MethodPost {
		return "", badRequest("the fake accepts only POST, got %s", r.Method)
	}
	return method, nil
}

// startCall records a call as in progress and takes the fault injected
// for it, if any.
func (s *Server) startCall(method string, form url.Values, files map[string]File) (*Call, *Fault) {
	call := &Call{Method: method, Form: form, At: s.now()}
	for _, f := range files {
		call.Files = append(call.Files, f)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, call)
	fault := s.takeFault(method, form)
	if fault == nil {
		fault = s.flood.check(method, form)
	}
	s.broadcast()
	return call, fault
}

// endCall records the status a call was answered with.
func (s *Server) endCall(call *Call, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	call.Status = status
	s.broadcast()
}

// handle runs the method's handler and writes its answer. It returns the
// HTTP status of the answer.
func (s *Server) handle(w http.ResponseWriter, rq *request) int {
	h, ok := handlers[strings.ToLower(rq.method)]
	if !ok {
		return writeError(w, &apiError{code: http.StatusNotFound, desc: "Not Found"})
	}
	result, aerr := h(s, rq)
	if aerr != nil {
		return writeError(w, aerr)
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": true, "result": result})
	return http.StatusOK
}

// readForm decodes a urlencoded or multipart body. Fields sent as "null"
// are dropped, as the real server treats them as absent.
func readForm(r *http.Request) (url.Values, map[string]File, *apiError) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mt = ""
	}
	files := map[string]File{}
	switch mt {
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, nil, badRequest("can't parse form: %v", err)
		}
	case "multipart/form-data":
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			return nil, nil, badRequest("can't parse multipart form: %v", err)
		}
		for field, fhs := range r.MultipartForm.File {
			if len(fhs) == 0 {
				continue
			}
			f, err := fhs[0].Open()
			if err != nil {
				return nil, nil, badRequest("can't read file %q: %v", field, err)
			}
			data, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, nil, badRequest("can't read file %q: %v", field, err)
			}
			files[field] = File{Field: field, FileName: fhs[0].Filename, Data: data}
		}
	default:
		return nil, nil, badRequest("unsupported Content-Type %q: use application/x-www-form-urlencoded or multipart/form-data", r.Header.Get("Content-Type"))
	}
	form := url.Values{}
	for k, vs := range r.PostForm {
		if len(vs) == 0 || vs[len(vs)-1] == "null" {
			continue
		}
		form.Set(k, vs[len(vs)-1])
	}
	return form, files, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"ok":false,"error_code":500,"description":"Internal Server Error: fake cannot encode result"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

func writeError(w http.ResponseWriter, e *apiError) int {
	body := map[string]any{"ok": false, "error_code": e.code, "description": e.desc}
	params := map[string]any{}
	if e.retryAfter > 0 {
		params["retry_after"] = e.retryAfter
	}
	if e.migrate != 0 {
		params["migrate_to_chat_id"] = e.migrate
	}
	if len(params) > 0 {
		body["parameters"] = params
	}
	writeJSON(w, e.code, body)
	return e.code
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// intParam reads an optional integer field.
func intParam(form url.Values, name string, def int64) (int64, *apiError) {
	v := form.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest("invalid %s specified", name)
	}
	return n, nil
}

// boolParam reads an optional boolean field.
func boolParam(form url.Values, name string) bool {
	b, _ := strconv.ParseBool(form.Get(name))
	return b
}
