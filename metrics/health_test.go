package metrics

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestHealthz(t *testing.T) {
	start := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	up := func(context.Context) error { return nil }
	down := func(context.Context) error { return errors.New("database is locked") }
	hung := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	for _, c := range []struct {
		name     string
		ping     func(context.Context) error
		contact  time.Time // zero: never
		now      time.Time
		wantCode int
		wantBody string
	}{
		{"fresh poll", up, start.Add(9 * time.Minute), start.Add(10 * time.Minute), 200, "ok"},
		{"poll exactly at the limit", up, start.Add(8 * time.Minute), start.Add(10 * time.Minute), 200, "ok"},
		{"stale poll", up, start.Add(7 * time.Minute), start.Add(10 * time.Minute), 503, "telegram silent for 3m0s since last answer"},
		{"store down", down, start.Add(9 * time.Minute), start.Add(10 * time.Minute), 503, "store does not answer: database is locked"},
		{"store hung", hung, start.Add(9 * time.Minute), start.Add(10 * time.Minute), 503, "store does not answer: context deadline exceeded"},
		{"no poll yet, just started", up, time.Time{}, start.Add(time.Minute), 200, "ok"},
		{"no poll since start", up, time.Time{}, start.Add(5 * time.Minute), 503, "telegram silent for 5m0s since start"},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := start
			h := NewHealth(c.ping, func() time.Time { return c.contact }, func() time.Time { return now }, 2*time.Minute)
			now = c.now
			// A hung store is given up on at the request's deadline when
			// sooner than the check's own.
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil).WithContext(ctx))
			body, _ := io.ReadAll(rec.Body)
			if rec.Code != c.wantCode || !strings.Contains(string(body), c.wantBody) {
				t.Errorf("GET /healthz = %d %q, want %d %q", rec.Code, body, c.wantCode, c.wantBody)
			}
		})
	}
}

func TestServeRoutesAndStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m := New(depthOf(0, nil))
	now := time.Now
	health := NewHealth(func(context.Context) error { return nil }, now, now, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, NewMux(m, health)) }()
	base := "http://" + ln.Addr().String()
	for path, want := range map[string]string{"/metrics": "clubbot_outbox_depth 0", "/healthz": "ok"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s = %d %.200q, want %q", path, resp.StatusCode, body, want)
		}
	}
	if resp, err := http.Get(base + "/"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET / = %v, %v; want 404", resp, err)
	} else {
		resp.Body.Close()
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v after its context ended", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}

func TestHealthWithoutTelegramIsTheStore(t *testing.T) {
	start := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	now := start
	clock := func() time.Time { return now }
	up := NewHealth(func(context.Context) error { return nil }, nil, clock, time.Minute)
	down := NewHealth(func(context.Context) error { return errors.New("disk I/O error") }, nil, clock, time.Minute)
	now = start.Add(24 * time.Hour) // a quiet Zalo webhook for a day
	if err := up.Check(context.Background()); err != nil {
		t.Errorf("store up, no Telegram: %v", err)
	}
	if err := down.Check(context.Background()); err == nil || !strings.Contains(err.Error(), "store does not answer") {
		t.Errorf("store down, no Telegram: %v", err)
	}
}
