package main

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// hygieneToken is a bot token whose secret part is easy to spot.
const hygieneToken = "987654321:AAH-Hygiene_secret-Token42"

// squash keeps only the letters and digits of s, lower-cased, so that a
// code is found whatever its grouping or case.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// assertNoSecret fails if text holds secret as it is, or squashed.
func assertNoSecret(t *testing.T, text, what, secret string) {
	t.Helper()
	if strings.Contains(text, secret) || strings.Contains(squash(text), squash(secret)) {
		t.Errorf("the logs hold the %s %q:\n%s", what, secret, text)
	}
}

// TestServeLogsHoldNoSecrets runs `clubbot serve -v` (every event logged,
// as JSON since its output is no terminal) through two joinings with
// invite codes, then takes Telegram away so that polling fails, and reads
// every line it logged.
func TestServeLogsHoldNoSecrets(t *testing.T) {
	srv := telegramtest.NewServer(t, telegramtest.WithToken(hygieneToken))
	dbPath, typed, linked := seedTwoInvites(t)
	logs, stop := runServe(t, []string{"-v", "--no-schedule", "--poll-timeout", "1s", "--metrics", "127.0.0.1:0"},
		map[string]string{"TELEGRAM_BOT_TOKEN": hygieneToken, "TELEGRAM_API_ENDPOINT": srv.Endpoint(), "CLUBBOT_DB": dbPath})

	joinTwice(t, srv, typed, linked)

	srv.Close() // Telegram unreachable: the poller logs its network errors
	logs.waitFor(t, "polling failed")
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}

	assertLogsClean(t, logs, typed, linked)
}

// TestWebhookLogsHoldNoSecrets is TestServeLogsHoldNoSecrets in webhook
// mode, with a forged post besides: neither the webhook's secret nor the
// forger's guess is logged.
func TestWebhookLogsHoldNoSecrets(t *testing.T) {
	srv := telegramtest.NewServer(t, telegramtest.WithToken(hygieneToken))
	dbPath, typed, linked := seedTwoInvites(t)
	logs, stop := runServe(t, []string{"-v", "--no-schedule", "--webhook-url", "https://clubbot.example.vn/tg/hook",
		"--listen", "127.0.0.1:0"},
		map[string]string{"TELEGRAM_BOT_TOKEN": hygieneToken, "TELEGRAM_API_ENDPOINT": srv.Endpoint(), "CLUBBOT_DB": dbPath})
	addr := logs.waitFor(t, "webhook listening")["addr"].(string)
	srv.RouteWebhook("http://" + addr)
	waitUntil(t, "the webhook is set", func() bool { _, secret := srv.Webhook(); return secret != "" })
	_, secret := srv.Webhook()

	joinTwice(t, srv, typed, linked)
	const guess = "forged-Secret-guess_1234"
	req, err := http.NewRequest("POST", "http://"+addr+"/tg/hook", strings.NewReader(`{"update_id":1}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set(telegram.SecretHeader, guess)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a forged post got %d, want 401", resp.StatusCode)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}

	assertLogsClean(t, logs, typed, linked)
	assertNoSecret(t, logs.String(), "webhook secret", secret)
	assertNoSecret(t, logs.String(), "forged secret", guess)
}

// seedTwoInvites makes a database with a club and two invites for its
// leader, and returns its path and the codes.
func seedTwoInvites(t *testing.T) (dbPath, typed, linked string) {
	t.Helper()
	dbPath = filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	club := seedClub(t, db, "CLB Hoa Sen")
	return dbPath, seedInvite(t, db, club), seedInvite(t, db, club)
}

// joinTwice has one leader type the first code, in lower case with spaces,
// a second follow the deep link of the other, and a third try it again.
func joinTwice(t *testing.T, srv *telegramtest.Server, typed, linked string) {
	t.Helper()
	lan := newUser(t, srv, 701)
	wantText(t, lan.say("xin chào"), "mã mời")
	wantText(t, lan.say(strings.ToLower(strings.ReplaceAll(typed, "-", " "))), "chủ nhiệm CLB Hoa Sen")
	wantText(t, newUser(t, srv, 702).say("/start "+linked), "chủ nhiệm CLB Hoa Sen")
	wantText(t, newUser(t, srv, 703).say("/start "+linked), "đã được dùng")
}

// assertLogsClean checks that the four events of joinTwice were logged
// (so the test sees the debug records) and that no line holds the token
// or the codes.
func assertLogsClean(t *testing.T, logs *logBuffer, codes ...string) {
	t.Helper()
	handled := 0
	for _, rec := range logs.records(t) {
		if rec["msg"] == "handled" {
			handled++
		}
	}
	if handled < 4 {
		t.Fatalf("%d events logged as handled, want 4: the test sees too little", handled)
	}
	text := logs.String()
	assertNoSecret(t, text, "bot token", hygieneToken)
	assertNoSecret(t, text, "secret part of the bot token", strings.SplitN(hygieneToken, ":", 2)[1])
	for _, code := range codes {
		assertNoSecret(t, text, "invite code", code)
	}
}

// TestServeErrorHoldsNoToken starts serve against an endpoint where
// nothing listens: the error it returns, which main prints, names the
// failure but not the token.
func TestServeErrorHoldsNoToken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + ln.Addr().String() + "/bot%s/%s"
	ln.Close()
	logs := newLogBuffer()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": hygieneToken, "TELEGRAM_API_ENDPOINT": endpoint,
		"CLUBBOT_DB": filepath.Join(t.TempDir(), "clubbot.db")}
	err = run(context.Background(), []string{"serve"}, nil, &strings.Builder{}, logs, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "connect to telegram") {
		t.Fatalf("serve on a closed port: %v", err)
	}
	assertNoSecret(t, err.Error()+"\n"+logs.String(), "bot token", hygieneToken)
}
