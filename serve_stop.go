package main

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/clubbot/clubbot/bot/relay"
)

// shutdownFlushWait is how long a stopping bot goes on sending what the
// outbox holds: replies to the last messages handled reach their users
// before the process exits, within what a service manager waits after
// SIGTERM (systemd and Docker wait 10 s by default before SIGKILL; the
// outbox sends the rest after the restart anyway).
const shutdownFlushWait = 10 * time.Second

// loop is a part of the bot that runs until its context ends.
type loop func(context.Context) error

// runStages runs the loops of every stage until ctx ends or one of them
// fails, then stops the stages one after another, in order, each once the
// loops of the one before have returned: the first stage takes work in,
// the later ones finish what it took. It returns the first failure.
func runStages(ctx context.Context, log *slog.Logger, stages ...[]loop) error {
	n := 0
	for _, s := range stages {
		n += len(s)
	}
	failed := make(chan error, n)
	type running struct {
		stop context.CancelFunc
		wg   *sync.WaitGroup
	}
	var all []running
	for _, stage := range stages {
		// Not derived from ctx: each stage is stopped in its turn.
		sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
		wg := &sync.WaitGroup{}
		for _, l := range stage {
			wg.Go(func() {
				if err := l(sctx); err != nil && sctx.Err() == nil {
					failed <- err
				}
			})
		}
		all = append(all, running{stop, wg})
	}
	var err error
	select {
	case <-ctx.Done():
		log.Info("stopping: taking no more updates, finishing those in hand")
	case err = <-failed:
		log.Error("stopping after a failure", "err", err)
	}
	for _, r := range all {
		r.stop()
		r.wg.Wait()
	}
	return err
}

// flushOutbox sends what the outbox holds, keeping the rate limits, for
// up to wait, once the sender's loop has stopped.
func flushOutbox(s *relay.Sender, wait time.Duration, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	_, err := s.Flush(ctx)
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		log.Warn("the outbox was not flushed in time; the rest goes out after the restart", "wait", wait)
	case err != nil:
		log.Warn("flush the outbox", "err", err)
	}
}
