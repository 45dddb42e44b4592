package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// scrapeMetric reads the value of one series from the text at url.
func scrapeMetric(t testing.TB, url, series string) float64 {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in /metrics:\n%s", series, body)
	}
	v, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestServeShowsMetricsAndHealth(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	code := seedInvite(t, db, seedClub(t, db, "CLB Hoa Sen"))
	db.Close()
	logs, _ := runServe(t, []string{"--no-schedule", "--poll-timeout", "1s", "--metrics", "127.0.0.1:0",
		"--health-max-silence", "3s"},
		map[string]string{"TELEGRAM_BOT_TOKEN": srv.Token(), "TELEGRAM_API_ENDPOINT": srv.Endpoint(), "CLUBBOT_DB": dbPath})
	base := "http://" + logs.waitFor(t, "metrics")["addr"].(string)

	u := newUser(t, srv, 601)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.press("➕ Thêm thành viên"), "Họ và tên")
	u.say("/cancel")

	if n := scrapeMetric(t, base+"/metrics", `clubbot_updates_handled_total{kind="message",result="ok"}`); n != 2 {
		t.Errorf("messages handled = %v, want 2", n)
	}
	if n := scrapeMetric(t, base+"/metrics", `clubbot_updates_handled_total{kind="callback",result="ok"}`); n != 1 {
		t.Errorf("button presses handled = %v, want 1", n)
	}
	if n := scrapeMetric(t, base+"/metrics", `clubbot_step_seconds_count{kind="message"}`); n != 2 {
		t.Errorf("message steps timed = %v, want 2", n)
	}
	// The reply is seen before the sender marks it sent.
	deadline := time.Now().Add(10 * time.Second)
	for scrapeMetric(t, base+"/metrics", "clubbot_outbox_depth") != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the outbox never emptied")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Three replies at least: the welcome, the name question, the cancel.
	if n := scrapeMetric(t, base+"/metrics", `clubbot_send_results_total{channel="telegram",result="sent"}`); n < 3 {
		t.Errorf("messages sent = %v, want 3 or more", n)
	}
	if code, body := getHealth(t, base); code != http.StatusOK || body != "ok\n" {
		t.Errorf("GET /healthz = %d %q, want 200 ok", code, body)
	}

	srv.Close() // Telegram unreachable: polls fail from now on
	for {
		code, body := getHealth(t, base)
		if code == http.StatusServiceUnavailable && strings.Contains(body, "telegram silent") {
			break
		}
		if time.Now().After(deadline.Add(10 * time.Second)) {
			t.Fatalf("GET /healthz without Telegram = %d %q", code, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func getHealth(t testing.TB, base string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
