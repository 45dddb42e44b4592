package metrics

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/clubbot/clubbot/bot"
)

func depthOf(n int, err error) OutboxDepth {
	return func(context.Context) (int, error) { return n, err }
}

func TestMetricsCountWhatTheyAreTold(t *testing.T) {
	m := New(depthOf(3, nil))
	m.StepHandled(bot.StepMessage, 20*time.Millisecond, nil)
	m.StepHandled(bot.StepMessage, 30*time.Millisecond, nil)
	m.StepHandled(bot.StepCallback, time.Millisecond, errors.New("store is locked"))
	m.SendResult("telegram", bot.SendSent)
	m.SendResult("telegram", bot.SendSent)
	m.SendResult("telegram", bot.SendRateLimited)
	m.Delivered("digest")

	for _, c := range []struct {
		name string
		got  float64
		want float64
	}{
		{"messages ok", testutil.ToFloat64(m.updates.WithLabelValues("message", "ok")), 2},
		{"callbacks failed", testutil.ToFloat64(m.updates.WithLabelValues("callback", "error")), 1},
		{"callbacks ok", testutil.ToFloat64(m.updates.WithLabelValues("callback", "ok")), 0},
		{"sent", testutil.ToFloat64(m.sends.WithLabelValues("telegram", "sent")), 2},
		{"rate limited", testutil.ToFloat64(m.sends.WithLabelValues("telegram", "rate_limited")), 1},
		{"digests", testutil.ToFloat64(m.deliveries.WithLabelValues("digest")), 1},
		{"reminders", testutil.ToFloat64(m.deliveries.WithLabelValues("reminder")), 0},
	} {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if n := testutil.CollectAndCount(m.stepTime, "clubbot_step_seconds"); n != 2 {
		t.Errorf("step time series = %d, want one per kind seen (2)", n)
	}
}

// scrape returns the text m serves at /metrics.
func scrape(t *testing.T, h http.Handler) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d %s", rec.Code, body)
	}
	return string(body)
}

func TestMetricsAreServedInPrometheusFormat(t *testing.T) {
	m := New(depthOf(7, nil))
	m.StepHandled(bot.StepContact, 40*time.Millisecond, nil)
	m.SendResult("telegram", bot.SendBlocked)
	m.Delivered("reminder")
	text := scrape(t, m.Handler())
	for _, want := range []string{
		`clubbot_updates_handled_total{kind="contact",result="ok"} 1`,
		`clubbot_updates_handled_total{kind="other",result="error"} 0`,
		`clubbot_step_seconds_bucket{kind="contact",le="0.05"} 1`,
		`clubbot_step_seconds_bucket{kind="contact",le="0.025"} 0`,
		`clubbot_step_seconds_count{kind="contact"} 1`,
		`clubbot_send_results_total{channel="telegram",result="blocked"} 1`,
		`clubbot_deliveries_total{kind="reminder"} 1`,
		`clubbot_outbox_depth 7`,
		`go_goroutines `,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestOutboxDepthIsNaNWhenTheStoreFails(t *testing.T) {
	m := New(depthOf(0, errors.New("database is locked")))
	if text := scrape(t, m.Handler()); !strings.Contains(text, "clubbot_outbox_depth NaN") {
		t.Errorf("/metrics with a failing store shows no NaN depth:\n%s", text)
	}
}
