package telegram

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// closedEndpoint is a Bot API endpoint on a port where nothing listens.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr + "/bot%s/%s"
}

func TestNetworkErrorsDoNotHoldTheToken(t *testing.T) {
	const token = "123456:AAE-secret_Token"
	endpoint := closedEndpoint(t)
	_, plain := tgbotapi.NewBotAPIWithClient(token, endpoint, &http.Client{})
	if plain == nil || !strings.Contains(plain.Error(), token) {
		t.Fatalf("without redaction the error was %v; the test expects net/http to quote the token", plain)
	}
	_, err := tgbotapi.NewBotAPIWithClient(token, endpoint, RedactToken(&http.Client{}, token))
	if err == nil {
		t.Fatal("getMe on a closed port succeeded")
	}
	if strings.Contains(err.Error(), token) || strings.Contains(err.Error(), "AAE-secret") {
		t.Errorf("the error holds the token: %v", err)
	}
	var ue *url.Error
	if !errors.As(err, &ue) || !strings.Contains(ue.URL, "/bot<token>/getMe") {
		t.Errorf("the error %v lost its *url.Error or its method", err)
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("the error %v lost its cause", err)
	}
}

func TestRedactingClientPassesAnswersThrough(t *testing.T) {
	srv := telegramtest.NewServer(t)
	api, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), RedactToken(&http.Client{}, srv.Token()))
	if err != nil {
		t.Fatal(err)
	}
	srv.FailNext("sendMessage", 429, "", 7)
	_, err = api.Send(tgbotapi.NewMessage(1, "xin chào"))
	if RetryAfter(err) != 7*time.Second {
		t.Errorf("a 429 through the client gave %v, want retry_after 7s", err)
	}
}
