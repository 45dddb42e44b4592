package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/clubbot/clubbot/metrics"
	"github.com/clubbot/clubbot/store"
)

// defaultMaxSilence is how long Telegram may stay silent before /healthz
// fails: over two long polls of 50 s.
const defaultMaxSilence = 2 * time.Minute

// metricsConfig says where `clubbot serve` shows what it does.
type metricsConfig struct {
	MetricsAddr string        // where /metrics and /healthz are served; empty: nowhere
	MaxSilence  time.Duration // /healthz fails when Telegram has not answered for longer
}

// registerMetrics adds the metrics flags to fs, with defaults from the
// environment.
func (c *metricsConfig) registerMetrics(fs *flag.FlagSet, env *envReader) {
	fs.StringVar(&c.MetricsAddr, "metrics", env.addr("CLUBBOT_METRICS", ""), "address serving /metrics (Prometheus) and /healthz,\n"+
		"e.g. 127.0.0.1:9090; empty: none (env CLUBBOT_METRICS)")
	fs.DurationVar(&c.MaxSilence, "health-max-silence", env.duration("CLUBBOT_HEALTH_MAX_SILENCE", defaultMaxSilence), "/healthz fails when Telegram has not answered for this long;\n"+
		"longer than --poll-timeout (env CLUBBOT_HEALTH_MAX_SILENCE)")
}

// serveMetrics lets m count the scheduled jobs' deliveries and returns the
// loop serving m and the health on cfg.MetricsAddr, which listens at once
// so that a taken address stops the start. Without an address the loop
// only waits for the end. lastContact is when Telegram last answered, nil
// without Telegram: a Zalo webhook is quiet while nobody writes, so then
// the health is the store's alone.
func serveMetrics(cfg metricsConfig, m *metrics.Metrics, db *store.DB, lastContact func() time.Time, jobs []scheduledJob,
	now func() time.Time, log *slog.Logger) (func(context.Context) error, error) {
	for _, j := range jobs {
		j.run.Observer = m
	}
	if cfg.MetricsAddr == "" {
		return func(ctx context.Context) error { <-ctx.Done(); return nil }, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	if cfg.MaxSilence <= 0 {
		cfg.MaxSilence = defaultMaxSilence
	}
	health := metrics.NewHealth(db.Ping, lastContact, now, cfg.MaxSilence)
	log.Info("metrics", "addr", ln.Addr().String())
	return func(ctx context.Context) error { return metrics.Serve(ctx, ln, metrics.NewMux(m, health)) }, nil
}
