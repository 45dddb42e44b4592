package main

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
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
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := store.Open(context.Background(), dbPath, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	club := seedClub(t, db, "CLB Hoa Sen")
	typed, linked := seedInvite(t, db, club), seedInvite(t, db, club)
	db.Close()
	logs, stop := runServe(t, []string{"-v", "--no-schedule", "--poll-timeout", "1s", "--metrics", "127.0.0.1:0"},
		map[string]string{"TELEGRAM_BOT_TOKEN": hygieneToken, "TELEGRAM_API_ENDPOINT": srv.Endpoint(), "CLUBBOT_DB": dbPath})

	lan := newUser(t, srv, 701)
	wantText(t, lan.say("xin chào"), "mã mời")
	wantText(t, lan.say(strings.ToLower(strings.ReplaceAll(typed, "-", " "))), "chủ nhiệm CLB Hoa Sen")
	wantText(t, newUser(t, srv, 702).say("/start "+linked), "chủ nhiệm CLB Hoa Sen")
	wantText(t, newUser(t, srv, 703).say("/start "+linked), "đã được dùng")

	srv.Close() // Telegram unreachable: the poller logs its network errors
	logs.waitFor(t, "polling failed")
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}

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
	assertNoSecret(t, text, "typed invite code", typed)
	assertNoSecret(t, text, "deep-linked invite code", linked)
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
