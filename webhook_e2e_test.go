package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// e2eWebhookURL is the webhook the bot registers in these tests; the fake
// posts to the bot's listener in its place (see RouteWebhook).
const e2eWebhookURL = "https://clubbot.example.vn/tg/hook-7Qx"

// startWebhookBot runs `clubbot serve --webhook-url` in the test process
// on a local port, routes the fake's posts to it and waits until the
// webhook is set. It returns the URL Telegram's posts reach the bot at.
func startWebhookBot(t *testing.T, srv *telegramtest.Server, dbPath string) (hook string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := testServeConfig(dbPath)
	cfg.Token, cfg.APIEndpoint, cfg.Workers = srv.Token(), srv.Endpoint(), 8
	cfg.webhookConfig = webhookConfig{URL: e2eWebhookURL, listener: ln}
	startServe(t, cfg, clock)
	srv.RouteWebhook("http://" + ln.Addr().String())
	waitUntil(t, "the webhook is set", func() bool { u, _ := srv.Webhook(); return u != "" })
	return "http://" + ln.Addr().String() + "/tg/hook-7Qx"
}

func TestWebhookDialogueEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	clubID := seedClub(t, db, "CLB Hoa Sen")
	code := seedInvite(t, db, clubID)
	hook := startWebhookBot(t, srv, dbPath)

	url, secret := srv.Webhook()
	if url != e2eWebhookURL || !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(secret) {
		t.Fatalf("webhook set to %q with secret %q; want %q with 43 random characters", url, secret, e2eWebhookURL)
	}
	u := newUser(t, srv, 501)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/member"), "Họ và tên")
	wantText(t, u.say("Nguyễn Thị Hoa"), "Giới tính")
	wantText(t, u.press("Nữ"), "Năm sinh")
	wantText(t, u.say("1952"), "Hoàn cảnh")
	wantText(t, u.press("Hộ nghèo"), "dân tộc thiểu số")
	wantText(t, u.press("Có"), "tình nguyện viên")
	wantText(t, u.press("Không"), "Họ tên: Nguyễn Thị Hoa")
	wantText(t, u.press("Lưu"), "Đã lưu thành viên Nguyễn Thị Hoa")
	wantText(t, u.press("Không"), "Cảm ơn")

	if n := srv.Calls("getUpdates"); n != 0 {
		t.Errorf("the bot called getUpdates %d times in webhook mode", n)
	}
	waitUntil(t, "the fake has the answer to every post", func() bool { return len(srv.Pending()) == 0 })
	deliveries := srv.WebhookDeliveries()
	if len(deliveries) != 10 {
		t.Errorf("%d webhook posts, want one per update (10)", len(deliveries))
	}
	for _, d := range deliveries {
		if d.Status != http.StatusOK {
			t.Errorf("post of update %d answered %d %s", d.UpdateID, d.Status, d.Err)
		}
	}
	lastID := deliveries[len(deliveries)-1].UpdateID

	// Posts Telegram did not send, or sent before, change nothing.
	status := func(id int) string {
		return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":%d,"chat":{"id":501,"type":"private"},"from":{"id":501,"first_name":"Lan","language_code":"vi"},"text":"/status","entities":[{"type":"bot_command","offset":0,"length":7}]}}`,
			id, id, time.Now().Unix())
	}
	forgedID := lastID + 1000
	forged := secret[:len(secret)-1] + "A"
	if strings.HasSuffix(secret, "A") {
		forged = secret[:len(secret)-1] + "B"
	}
	for _, c := range []struct {
		name, method, secret, body string
		want                       int
	}{
		{"forged secret", http.MethodPost, forged, status(forgedID), http.StatusUnauthorized},
		{"no secret", http.MethodPost, "", status(forgedID), http.StatusUnauthorized},
		{"GET", http.MethodGet, secret, "", http.StatusMethodNotAllowed},
		{"an update posted again", http.MethodPost, secret, status(lastID), http.StatusOK},
		{"an edited message", http.MethodPost, secret, strings.Replace(status(forgedID+1), `"message"`, `"edited_message"`, 1), http.StatusOK},
		{"a group message", http.MethodPost, secret, strings.Replace(status(forgedID+2), `"type":"private"`, `"type":"group"`, 1), http.StatusOK},
	} {
		if got := postHook(t, hook, c.method, c.secret, c.body); got != c.want {
			t.Errorf("%s: answered %d, want %d", c.name, got, c.want)
		}
	}
	wantText(t, u.say("/status"), "Thành viên: 1")
	settleInProcess(t, db)
	for _, id := range []int{forgedID, forgedID + 1, forgedID + 2} {
		if recorded(t, db, telegram.Key(id)) {
			t.Errorf("update %d, which the bot should have refused or ignored, was recorded", id)
		}
	}
	if n := countSent(srv, u.chat, "Thành viên: 1"); n != 1 {
		t.Errorf("the user got the status %d times, want once", n)
	}
	if ms := membersOf(t, db, clubID); len(ms) != 1 {
		t.Errorf("the club has %d members, want 1", len(ms))
	}
	assertNoDuplicateReplies(t, srv, u.chat)
}

func TestPollingStartDeletesTheWebhook(t *testing.T) {
	srv := telegramtest.NewServer(t)
	api, err := srv.NewAPI()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.MakeRequest("setWebhook", tgbotapi.Params{"url": e2eWebhookURL, "secret_token": "left_from_before"}); err != nil {
		t.Fatal(err)
	}
	startBot(t, srv, filepath.Join(t.TempDir(), "clubbot.db"))
	u := newUser(t, srv, 502)
	wantText(t, u.say("xin chào"), "mã mời")
	if url, _ := srv.Webhook(); url != "" {
		t.Errorf("webhook still set to %q while polling", url)
	}
}

func TestServeRefusesAWebhookURLTelegramCannotPost(t *testing.T) {
	env := func(k string) string {
		return map[string]string{"TELEGRAM_BOT_TOKEN": telegramtest.DefaultToken}[k]
	}
	err := run(context.Background(), []string{"serve", "--webhook-url", "http://plain.example/hook", "--listen", "127.0.0.1:0",
		"--db", filepath.Join(t.TempDir(), "x.db")}, nil, &strings.Builder{}, &strings.Builder{}, env)
	if err == nil || !strings.Contains(err.Error(), "https://") {
		t.Errorf("serve with an http:// webhook: %v, want an error asking for https://", err)
	}
}

func postHook(t *testing.T, url, method, secret, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(telegramtest.SecretHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// settleInProcess waits until every recorded event is handled and every
// reply sent.
func settleInProcess(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	waitUntil(t, "the bot is idle", func() bool {
		in, err := db.PendingInbound(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		out, err := db.PendingOutbox(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(in) == 0 && len(out) == 0
	})
}

// recorded reports whether the event with key is in the inbox, handled or not.
func recorded(t *testing.T, db *store.DB, key string) bool {
	t.Helper()
	ctx := context.Background()
	var done bool
	if err := db.InTx(ctx, func(tx bot.Writer) (err error) {
		done, err = tx.InboundDone(ctx, key)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	pending, err := db.PendingInbound(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	return done || slices.ContainsFunc(pending, func(in bot.Inbound) bool { return in.Key == key })
}

func membersOf(t *testing.T, db *store.DB, clubID int64) []bot.Member {
	t.Helper()
	var ms []bot.Member
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx bot.Writer) (err error) {
		ms, err = tx.ActiveMembers(ctx, clubID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return ms
}
