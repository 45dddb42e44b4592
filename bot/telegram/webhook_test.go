package telegram

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

const testWebhookURL = "https://bot.example.vn/tg/hook"

// startWebhook runs ch.ServeWebhook on a local port until the test ends,
// routes the fake's posts to it and waits for the webhook to be set.
func startWebhook(t *testing.T, srv *telegramtest.Server, ch *Channel) (base string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- ch.ServeWebhook(ctx, ln, testWebhookURL) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("ServeWebhook returned %v, want context.Canceled", err)
		}
	})
	base = "http://" + ln.Addr().String()
	srv.RouteWebhook(base)
	waitFor(t, srv, "webhook set", func() bool { u, _ := srv.Webhook(); return u != "" })
	return base
}

// recordingNotifier records the events it is told could not be recorded.
type recordingNotifier struct {
	mu   sync.Mutex
	told []string // event keys
}

func (n *recordingNotifier) Unavailable(_ context.Context, in bot.Inbound, _ error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.told = append(n.told, in.Key)
}

func (n *recordingNotifier) keys() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.told...)
}

func TestWebhookRegistersWithSecretAndRecordsPosts(t *testing.T) {
	inbox := newInbox()
	var mu sync.Mutex
	var notified []string
	srv, ch := newChannel(t, inbox, WithNotify(func(ins []bot.Inbound) {
		mu.Lock()
		defer mu.Unlock()
		for _, in := range ins {
			notified = append(notified, in.Key)
		}
	}))
	startWebhook(t, srv, ch)

	url, secret := srv.Webhook()
	if url != testWebhookURL {
		t.Errorf("webhook URL = %q, want %q", url, testWebhookURL)
	}
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(secret) || secret != WebhookSecret(srv.Token()) {
		t.Errorf("secret_token %q is not the bot's WebhookSecret, 43 characters of A-Za-z0-9_-", secret)
	}
	set := srv.Requests("setWebhook")
	if len(set) != 1 || set[0].Form.Get("allowed_updates") != `["message","callback_query"]` {
		t.Errorf("setWebhook calls = %+v, want one with allowed_updates [message callback_query]", set)
	}

	lan := telegramtest.User{ID: 501, FirstName: "Lan", LanguageCode: "vi"}
	id1 := srv.SendText(501, lan, "xin chào")
	id2 := srv.PressButton(501, 7, "m:1")
	got := inbox.wait(t, 2)
	if got[0].Key != Key(id1) || got[0].Text != "xin chào" || got[1].Key != Key(id2) || got[1].Data != "m:1" {
		t.Errorf("recorded %+v", got)
	}
	waitFor(t, srv, "posts answered", func() bool { return len(srv.Pending()) == 0 })
	for _, d := range srv.WebhookDeliveries() {
		if d.Status != http.StatusOK {
			t.Errorf("post of update %d answered %d (%s), want 200", d.UpdateID, d.Status, d.Err)
		}
	}
	if ok, _ := srv.Answered(telegramtest.CallbackID(id2)); !ok {
		t.Error("the button press was not acknowledged")
	}
	mu.Lock()
	if want := []string{Key(id1), Key(id2)}; strings.Join(notified, ",") != strings.Join(want, ",") {
		t.Errorf("notified %v, want %v", notified, want)
	}
	mu.Unlock()
	if ch.LastContact().IsZero() {
		t.Error("LastContact is zero after webhook posts")
	}
	if _, err := ch.api.GetUpdates(tgbotapi.UpdateConfig{}); err == nil || !strings.Contains(err.Error(), "webhook is active") {
		t.Errorf("getUpdates while the webhook is set: %v, want a 409 Conflict", err)
	}
}

// TestInstancesOfOneBotShareTheWebhookSecret serves the webhook from two
// channels of one bot, as two instances of a deployment do: both register
// the same secret, so the first still takes Telegram's posts after the
// second registered the webhook again.
func TestInstancesOfOneBotShareTheWebhookSecret(t *testing.T) {
	inbox := newInbox()
	srv, first := newChannel(t, inbox)
	firstBase := startWebhook(t, srv, first)
	startWebhook(t, srv, channelOn(t, srv, newInbox()))
	waitFor(t, srv, "both instances registered", func() bool { return len(srv.Requests("setWebhook")) == 2 })
	set := srv.Requests("setWebhook")
	if a, b := set[0].Form.Get("secret_token"), set[1].Form.Get("secret_token"); a != b || a == "" {
		t.Errorf("the instances registered secrets %q and %q, want one secret", a, b)
	}
	srv.RouteWebhook(firstBase)
	id := srv.SendText(501, telegramtest.User{ID: 501, FirstName: "Lan", LanguageCode: "vi"}, "xin chào")
	if got := inbox.wait(t, 1); got[0].Key != Key(id) {
		t.Errorf("the first instance recorded %+v, want update %d", got, id)
	}
	for _, d := range srv.WebhookDeliveries() {
		if d.Status != http.StatusOK {
			t.Errorf("post of update %d to the first instance answered %d, want 200", d.UpdateID, d.Status)
		}
	}
}

func TestWebhookRefusesWhatTelegramDidNotSend(t *testing.T) {
	inbox := newInbox()
	_, ch := newChannel(t, inbox)
	const secret = "s3cr3t-of-the-test_0123456789"
	hook := httptest.NewServer(ch.WebhookHandler(secret))
	t.Cleanup(hook.Close)
	update := `{"update_id":9001,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"Mai"},"text":"hi"}}`
	cases := []struct {
		name, method, secret, body string
		want                       int
	}{
		{"no secret", http.MethodPost, "", update, http.StatusUnauthorized},
		{"forged secret", http.MethodPost, "s3cr3t-of-the-test_0123456788", update, http.StatusUnauthorized},
		{"secret's prefix", http.MethodPost, secret[:10], update, http.StatusUnauthorized},
		{"GET with no secret", http.MethodGet, "", "", http.StatusUnauthorized},
		{"GET with the secret", http.MethodGet, secret, "", http.StatusMethodNotAllowed},
		{"not JSON", http.MethodPost, secret, "update_id=9001", http.StatusBadRequest},
		{"over 1 MB", http.MethodPost, secret, `{"update_id":9001,"message":{"text":"` + strings.Repeat("a", 1<<20) + `"}}`, http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		if got := post(t, hook.URL, c.method, c.secret, c.body); got != c.want {
			t.Errorf("%s: status %d, want %d", c.name, got, c.want)
		}
	}
	if got := inbox.recorded(); len(got) != 0 {
		t.Errorf("recorded %+v from requests that were refused", got)
	}
	if !ch.LastContact().IsZero() {
		t.Error("LastContact moved on refused requests")
	}
}

func TestWebhookAnswersIgnoredAndRepeatedUpdatesWith200(t *testing.T) {
	inbox := newInbox()
	var notified int
	var mu sync.Mutex
	_, ch := newChannel(t, inbox, WithNotify(func(ins []bot.Inbound) { mu.Lock(); notified += len(ins); mu.Unlock() }))
	const secret = "abc_DEF-123"
	hook := httptest.NewServer(ch.WebhookHandler(secret))
	t.Cleanup(hook.Close)
	ignored := []string{
		`{"update_id":1,"edited_message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"x"}}`,
		`{"update_id":2,"message":{"message_id":2,"date":1,"chat":{"id":-100,"type":"group"},"from":{"id":5,"first_name":"Mai"},"text":"hi group"}}`,
		`{"update_id":3,"my_chat_member":{"chat":{"id":5,"type":"private"},"date":1}}`,
		`{"update_id":4}`,
	}
	for _, body := range ignored {
		if got := post(t, hook.URL, http.MethodPost, secret, body); got != http.StatusOK {
			t.Errorf("ignored update %s: status %d, want 200", body, got)
		}
	}
	msg := `{"update_id":5,"message":{"message_id":3,"date":1,"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"Mai"},"text":"Lưu"}}`
	for range 3 { // Telegram posts again when it missed the answer
		if got := post(t, hook.URL, http.MethodPost, secret, msg); got != http.StatusOK {
			t.Errorf("message update: status %d, want 200", got)
		}
	}
	if got := inbox.recorded(); len(got) != 1 || got[0].Key != Key(5) || got[0].Text != "Lưu" {
		t.Errorf("recorded %+v, want update 5 once", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if notified != 1 {
		t.Errorf("the dispatcher was handed %d events, want 1", notified)
	}
}

func TestWebhookAnswers500WhileTheInboxFails(t *testing.T) {
	inbox := newInbox()
	notice := &recordingNotifier{}
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := telegramtest.NewServer(t)
	api, err := srv.NewAPI()
	if err != nil {
		t.Fatal(err)
	}
	ch := New(api, inbox, nil, log, WithBackoff(5*time.Millisecond, 50*time.Millisecond), WithUnavailable(notice.Unavailable))
	base := startWebhook(t, srv, ch)
	hoa := telegramtest.User{ID: 77, FirstName: "Hoa", LanguageCode: "en"}
	srv.RouteWebhook("") // hold the post until the inbox is set to fail
	id := srv.SendText(77, hoa, "/fund")
	inbox.failKey(Key(id), 2)
	srv.RouteWebhook(base)
	inbox.wait(t, 1)
	waitFor(t, srv, "update taken", func() bool { return len(srv.Pending()) == 0 })

	var statuses []string
	for _, d := range srv.WebhookDeliveries() {
		statuses = append(statuses, strconv.Itoa(d.Status))
	}
	if got := strings.Join(statuses, ","); got != "500,500,200" {
		t.Errorf("answers to Telegram's posts = %s, want 500,500,200", got)
	}
	if got := notice.keys(); len(got) != 2 || got[0] != Key(id) {
		t.Errorf("told of unrecorded events %v, want %s twice", got, Key(id))
	}
	_, secret := srv.Webhook()
	if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), srv.Token()) {
		t.Errorf("the logs show the webhook secret or the bot token:\n%s", logs.String())
	}
}

func TestWebhookCheckKeepsContactAndLogsTrouble(t *testing.T) {
	inbox := newInbox()
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	srv := telegramtest.NewServer(t)
	api, err := srv.NewAPI()
	if err != nil {
		t.Fatal(err)
	}
	ch := New(api, inbox, nil, log, WithBackoff(5*time.Millisecond, 50*time.Millisecond), WithWebhookCheck(5*time.Millisecond))
	base := startWebhook(t, srv, ch)
	waitFor(t, srv, "contact with no post", func() bool { return !ch.LastContact().IsZero() })
	if n := len(srv.WebhookDeliveries()); n != 0 {
		t.Fatalf("%d posts, want none", n)
	}

	srv.RouteWebhook("")
	id := srv.SendText(5, telegramtest.User{ID: 5, FirstName: "Mai"}, "một")
	inbox.failKey(Key(id), 1)
	srv.RouteWebhook(base)
	inbox.wait(t, 1)
	waitLog(t, &logs, "Wrong response from the webhook: 500")

	if _, err := api.Request(tgbotapi.DeleteWebhookConfig{}); err != nil { // another process polls
		t.Fatal(err)
	}
	waitLog(t, &logs, "the webhook was deleted or replaced")
	last := ch.LastContact()
	time.Sleep(30 * time.Millisecond)
	if !ch.LastContact().Equal(last) {
		t.Error("LastContact still moves while the webhook is another's")
	}
}

// waitLog waits until the logs hold s.
func waitLog(t *testing.T, logs *lockedBuffer, s string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs.String(), s); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no %q in the logs:\n%s", s, logs.String())
		}
	}
}

func TestPollTellsOfUpdatesTheInboxFailedToRecord(t *testing.T) {
	inbox := newInbox()
	notice := &recordingNotifier{}
	srv, ch := newChannel(t, inbox, WithUnavailable(notice.Unavailable))
	id := srv.SendText(5, telegramtest.User{ID: 5, FirstName: "Mai"}, "một")
	inbox.failKey(Key(id), 2)
	startPoll(t, ch)
	inbox.wait(t, 1)
	if got := notice.keys(); len(got) != 2 || got[0] != Key(id) || got[1] != Key(id) {
		t.Errorf("told of unrecorded events %v, want %s twice", got, Key(id))
	}
	if ch.LastContact().IsZero() {
		t.Error("LastContact is zero after getUpdates")
	}
}

func post(t *testing.T, url, method, secret, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// lockedBuffer is a log sink safe for concurrent use.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
