package main

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"
)

// stopOrder records the order in which loops return.
type stopOrder struct {
	mu    sync.Mutex
	names []string
}

// loop returns a loop named name that runs until its context ends, then
// takes a moment to finish what it holds.
func (o *stopOrder) loop(name string) loop {
	return func(ctx context.Context) error {
		<-ctx.Done()
		time.Sleep(5 * time.Millisecond)
		o.mu.Lock()
		defer o.mu.Unlock()
		o.names = append(o.names, name)
		return ctx.Err()
	}
}

func TestRunStagesStopsStagesInTurn(t *testing.T) {
	var o stopOrder
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runStages(ctx, slog.New(slog.DiscardHandler),
			[]loop{o.loop("intake"), o.loop("schedules")}, []loop{o.loop("dispatcher")}, []loop{o.loop("sender")})
	}()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("runStages after the signal: %v, want nil", err)
	}
	first := o.names[:2]
	slices.Sort(first)
	if !slices.Equal(first, []string{"intake", "schedules"}) || o.names[2] != "dispatcher" || o.names[3] != "sender" {
		t.Errorf("stopped in the order %v, want intake and schedules, then dispatcher, then sender", o.names)
	}
}

func TestRunStagesStopsAllWhenALoopFails(t *testing.T) {
	var o stopOrder
	broken := errors.New("setWebhook refused")
	err := runStages(context.Background(), slog.New(slog.DiscardHandler),
		[]loop{func(context.Context) error { return broken }, o.loop("schedules")}, []loop{o.loop("dispatcher")})
	if !errors.Is(err, broken) {
		t.Errorf("runStages = %v, want the loop's failure", err)
	}
	if !slices.Equal(o.names, []string{"schedules", "dispatcher"}) {
		t.Errorf("stopped %v, want schedules then dispatcher", o.names)
	}
}
