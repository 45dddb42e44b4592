// Package metrics counts what the bot does, in Prometheus's format, and
// tells whether it is healthy: the store answers and Telegram was reached
// lately. Each Metrics has its own registry, so nothing is global and
// tests can make as many as they like.
package metrics

import (
	"context"
	"math"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/clubbot/clubbot/bot"
)

// Results of a handled event, the label result of clubbot_updates_handled_total.
const (
	ResultOK    = "ok"
	ResultError = "error"
)

// depthTimeout bounds the count of the outbox at each scrape.
const depthTimeout = 2 * time.Second

// OutboxDepth counts the messages waiting to be sent; (*store.DB).OutboxDepth
// is one.
type OutboxDepth func(ctx context.Context) (int, error)

// Metrics observes the engine, the sender and the scheduled deliveries and
// serves what it counted.
type Metrics struct {
	registry   *prometheus.Registry
	updates    *prometheus.CounterVec
	stepTime   *prometheus.HistogramVec
	sends      *prometheus.CounterVec
	deliveries *prometheus.CounterVec
}

var (
	_ bot.StepObserver     = (*Metrics)(nil)
	_ bot.SendObserver     = (*Metrics)(nil)
	_ bot.DeliveryObserver = (*Metrics)(nil)
)

// New returns metrics on a registry of their own, with Go's runtime and
// the process's figures; depth is read at each scrape.
func New(depth OutboxDepth) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubbot_updates_handled_total",
			Help: "Inbound events handled by the engine, by kind (message, callback, contact, other) and result (ok, error).",
		}, []string{"kind", "result"}),
		stepTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "clubbot_step_seconds",
			Help:    "Time the engine took to handle an inbound event, by kind.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"kind"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubbot_send_results_total",
			Help: "Attempts to send a message, by channel and result (sent, retry, rate_limited, permanent, blocked, uncertain).",
		}, []string{"channel", "result"}),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "clubbot_deliveries_total",
			Help: "Scheduled messages queued for a user, by kind (digest, reminder).",
		}, []string{"kind"}),
	}
	m.registry.MustRegister(m.updates, m.stepTime, m.sends, m.deliveries,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "clubbot_outbox_depth",
			Help: "Messages waiting in the outbox, neither sent nor failed for good (NaN when the store does not answer).",
		}, depthGauge(depth)),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	m.zero()
	return m
}

// zero shows the series that are known in advance at 0, so that rates
// work from the first event.
func (m *Metrics) zero() {
	for _, kind := range []string{bot.StepMessage, bot.StepCallback, bot.StepContact, bot.StepOther} {
		m.updates.WithLabelValues(kind, ResultOK)
		m.updates.WithLabelValues(kind, ResultError)
	}
	for _, kind := range []string{"digest", "reminder"} {
		m.deliveries.WithLabelValues(kind)
	}
}

// depthGauge reads the outbox's depth, or NaN when the store fails.
func depthGauge(depth OutboxDepth) func() float64 {
	return func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), depthTimeout)
		defer cancel()
		n, err := depth(ctx)
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	}
}

// StepHandled counts an event the engine handled and how long it took.
func (m *Metrics) StepHandled(kind string, took time.Duration, err error) {
	result := ResultOK
	if err != nil {
		result = ResultError
	}
	m.updates.WithLabelValues(kind, result).Inc()
	m.stepTime.WithLabelValues(kind).Observe(took.Seconds())
}

// SendResult counts an attempt to send a message.
func (m *Metrics) SendResult(channel, result string) {
	m.sends.WithLabelValues(channel, result).Inc()
}

// Delivered counts a scheduled message queued for a user.
func (m *Metrics) Delivered(kind string) {
	m.deliveries.WithLabelValues(kind).Inc()
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}
