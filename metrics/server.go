package metrics

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"
)

// shutdownTimeout is how long a scrape in progress may finish at the end.
const shutdownTimeout = 2 * time.Second

// NewMux routes /metrics to m and /healthz to health.
func NewMux(m *Metrics, health *Health) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("GET /healthz", health)
	return mux
}

// Serve serves handler on ln until ctx ends, then shuts down and returns
// nil, or returns the error that stopped it.
func Serve(ctx context.Context, ln net.Listener, handler http.Handler) error {
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if serveErr := <-done; !errors.Is(serveErr, http.ErrServerClosed) {
		return serveErr
	}
	return err
}
