package telegramtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

func newAPI(t *testing.T, opts ...telegramtest.Option) (*telegramtest.Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv := telegramtest.NewServer(t, opts...)
	api, err := srv.NewAPI()
	if err != nil {
		t.Fatalf("NewAPI: %v", err)
	}
	return srv, api
}

func apiError(t *testing.T, err error) *tgbotapi.Error {
	t.Helper()
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		t.Fatalf("error %v is not a *tgbotapi.Error", err)
	}
	return te
}

func waitPolling(t *testing.T, srv *telegramtest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.WaitFor(ctx, srv.Polling); err != nil {
		t.Fatalf("no getUpdates waiting: %v", err)
	}
}

func TestGetMeAndUnauthorized(t *testing.T) {
	srv, api := newAPI(t, telegramtest.WithBotUsername("HoaSenBot"))
	if api.Self.UserName != "HoaSenBot" || !api.Self.IsBot || api.Self.ID != 123456789 {
		t.Errorf("Self = %+v", api.Self)
	}
	_, err := tgbotapi.NewBotAPIWithAPIEndpoint("999:wrong", srv.Endpoint())
	if te := apiError(t, err); te.Code != 401 || te.Message != "Unauthorized" {
		t.Errorf("wrong token: %d %q", te.Code, te.Message)
	}
}

func TestRejectsWhatTelegramDoesNotSpeak(t *testing.T) {
	srv, _ := newAPI(t)
	base := srv.URL() + "/bot" + srv.Token()
	for name, req := range map[string]func() (*http.Response, error){
		"json body": func() (*http.Response, error) {
			return http.Post(base+"/sendMessage", "application/json", strings.NewReader(`{"chat_id":1,"text":"x"}`))
		},
		"GET":            func() (*http.Response, error) { return http.Get(base + "/getMe") },
		"unknown method": func() (*http.Response, error) { return http.PostForm(base+"/sendTelepathy", url.Values{}) },
		"bad path":       func() (*http.Response, error) { return http.PostForm(srv.URL()+"/getMe", url.Values{}) },
	} {
		resp, err := req()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var env struct {
			OK          bool   `json:"ok"`
			ErrorCode   int    `json:"error_code"`
			Description string `json:"description"`
		}
		if err := json.Unmarshal(body, &env); err != nil {
			t.Fatalf("%s: body %q: %v", name, body, err)
		}
		if env.OK || env.ErrorCode != resp.StatusCode || env.ErrorCode < 400 || env.Description == "" {
			t.Errorf("%s: status %d body %s", name, resp.StatusCode, body)
		}
	}
}

func TestLongPollReturnsEarly(t *testing.T) {
	srv, api := newAPI(t)
	type result struct {
		updates []tgbotapi.Update
		err     error
		took    time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		u, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
		done <- result{u, err, time.Since(start)}
	}()
	waitPolling(t, srv)
	id := srv.SendText(10, telegramtest.User{}, "hello")
	select {
	case r := <-done:
		if r.err != nil || len(r.updates) != 1 || r.updates[0].UpdateID != id || r.updates[0].Message.Text != "hello" {
			t.Errorf("GetUpdates = %+v, %v", r.updates, r.err)
		}
		if r.took > 5*time.Second {
			t.Errorf("long poll took %v", r.took)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("long poll did not return when an update arrived")
	}
}

func TestLongPollTimesOutEmpty(t *testing.T) {
	_, api := newAPI(t)
	start := time.Now()
	u, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 1})
	if err != nil || len(u) != 0 {
		t.Fatalf("GetUpdates = %v, %v", u, err)
	}
	if d := time.Since(start); d < 900*time.Millisecond || d > 5*time.Second {
		t.Errorf("timeout 1 s took %v", d)
	}
}

// As on the real server, a new getUpdates terminates the one waiting,
// which gets 409 Conflict; the new one carries on.
func TestConcurrentGetUpdatesConflict(t *testing.T) {
	srv, api := newAPI(t)
	errc := make(chan error, 1)
	go func() {
		_, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 30})
		errc <- err
	}()
	waitPolling(t, srv)
	if _, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 0}); err != nil {
		t.Fatalf("second getUpdates: %v", err)
	}
	select {
	case err := <-errc:
		te := apiError(t, err)
		if te.Code != 409 || !strings.HasPrefix(te.Message, "Conflict: terminated by other getUpdates request") {
			t.Errorf("first getUpdates: %d %q", te.Code, te.Message)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the waiting getUpdates was not terminated")
	}
}

func TestOffsetConfirmsAndDrops(t *testing.T) {
	srv, api := newAPI(t, telegramtest.WithFirstUpdateID(500))
	a := srv.SendText(1, telegramtest.User{}, "a")
	b := srv.SendText(1, telegramtest.User{}, "b")
	c := srv.SendText(1, telegramtest.User{}, "c")
	if a != 500 || b != 501 || c != 502 {
		t.Fatalf("ids %d %d %d", a, b, c)
	}
	ids := func(us []tgbotapi.Update) (out []int) {
		for _, u := range us {
			out = append(out, u.UpdateID)
		}
		return out
	}
	u, _ := api.GetUpdates(tgbotapi.UpdateConfig{Limit: 2})
	if got := ids(u); len(got) != 2 || got[0] != a || got[1] != b {
		t.Errorf("limit 2: %v", got)
	}
	u, _ = api.GetUpdates(tgbotapi.UpdateConfig{}) // no offset: nothing confirmed
	if len(u) != 3 {
		t.Errorf("unconfirmed updates = %v", ids(u))
	}
	u, _ = api.GetUpdates(tgbotapi.UpdateConfig{Offset: b + 1})
	if got := ids(u); len(got) != 1 || got[0] != c {
		t.Errorf("after offset %d: %v", b+1, got)
	}
	u, _ = api.GetUpdates(tgbotapi.UpdateConfig{})
	if got := ids(u); len(got) != 1 || got[0] != c {
		t.Errorf("confirmed updates came back: %v", got)
	}
	srv.SetNextUpdateID(10) // a restarted sequence
	if id := srv.SendText(1, telegramtest.User{}, "d"); id != 10 {
		t.Errorf("next id = %d", id)
	}
	if p := srv.Pending(); len(p) != 2 || p[0] != c || p[1] != 10 {
		t.Errorf("pending = %v", p)
	}
}

func TestAllowedUpdatesFilterLaterUpdates(t *testing.T) {
	srv, api := newAPI(t)
	if id := srv.SendUpdate("edited_message", map[string]any{"message_id": 1, "date": 1,
		"chat": map[string]any{"id": 1, "type": "private"}, "text": "x"}); id == 0 {
		t.Fatal("edited_message refused before any allowed_updates")
	}
	if _, err := api.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"message"}}); err != nil {
		t.Fatal(err)
	}
	if id := srv.SendUpdate("edited_message", map[string]any{}); id != 0 {
		t.Errorf("edited_message queued despite allowed_updates")
	}
	if id := srv.PressButton(1, 1, "x"); id != 0 {
		t.Errorf("callback_query queued despite allowed_updates")
	}
}

func TestWebhookBlocksGetUpdates(t *testing.T) {
	srv, api := newAPI(t)
	if _, err := api.MakeRequest("setWebhook", tgbotapi.Params{"url": "https://bot.example.vn/tg", "secret_token": "s3cr3t_-"}); err != nil {
		t.Fatal(err)
	}
	if u, s := srv.Webhook(); u != "https://bot.example.vn/tg" || s != "s3cr3t_-" {
		t.Errorf("webhook = %q %q", u, s)
	}
	_, err := api.GetUpdates(tgbotapi.UpdateConfig{})
	if te := apiError(t, err); te.Code != 409 {
		t.Errorf("getUpdates with webhook: %v", err)
	}
	if _, err := api.Request(tgbotapi.DeleteWebhookConfig{}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
		t.Errorf("getUpdates after deleteWebhook: %v", err)
	}
}
