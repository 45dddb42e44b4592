package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"
)

// logBuffer collects what a command logs, safely for concurrent writers.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newLogBuffer() *logBuffer { return &logBuffer{changed: make(chan struct{})} }

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.changed)
	b.changed = make(chan struct{})
	return b.buf.Write(p)
}

// String is everything logged so far.
func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// records are the JSON records logged so far; a line that is not JSON
// fails the test.
func (b *logBuffer) records(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %q", sc.Text())
		}
		out = append(out, rec)
	}
	return out
}

// waitFor waits for a record with the message msg and returns it.
func (b *logBuffer) waitFor(t testing.TB, msg string) map[string]any {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		b.mu.Lock()
		ch := b.changed
		b.mu.Unlock()
		for _, rec := range b.records(t) {
			if rec["msg"] == msg {
				return rec
			}
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("nothing logged as %q in:\n%s", msg, b.String())
		}
	}
}

// runServe runs `clubbot serve` with args and env, its logs in the
// returned buffer, until the test ends or stop is called.
func runServe(t testing.TB, args []string, env map[string]string) (logs *logBuffer, stop func() error) {
	t.Helper()
	logs = newLogBuffer()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), nil, &strings.Builder{}, logs, func(k string) string { return env[k] })
	}()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			err = <-done
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return logs, stop
}
