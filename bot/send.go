package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Outbox holds the replies waiting to be sent.
type Outbox interface {
	PendingOutbox(ctx context.Context, limit int) ([]Outgoing, error)
	MarkSent(ctx context.Context, id int64, at time.Time) error
	MarkFailed(ctx context.Context, id int64, reason string, at time.Time) error
}

// Channel delivers a message to a user of one messaging service.
type Channel interface {
	Send(ctx context.Context, out Outgoing) error
}

// SendError is a channel's verdict on a failed send: Permanent failures
// (a bad request) are recorded and dropped; others are retried, not before
// RetryAfter when the service asked for a pause.
type SendError struct {
	Permanent  bool
	RetryAfter time.Duration
	Err        error
}

// Error implements error.
func (e *SendError) Error() string { return fmt.Sprintf("send: %v", e.Err) }

// Unwrap returns the channel's own error.
func (e *SendError) Unwrap() error { return e.Err }

// Sender drains the outbox: the messages of one chat in order, chats in
// parallel. A message is marked sent only after the channel accepted it.
type Sender struct {
	outbox   Outbox
	channels map[string]Channel
	now      func() time.Time
	log      *slog.Logger
	wake     chan struct{}
	parallel int
}

// NewSender returns a sender over the named channels.
func NewSender(outbox Outbox, channels map[string]Channel, now func() time.Time, log *slog.Logger) *Sender {
	return &Sender{outbox: outbox, channels: channels, now: now, log: log, wake: make(chan struct{}, 1), parallel: 64}
}

// Wake tells the sender that replies were queued.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends.
func (s *Sender) Run(ctx context.Context) error {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for ctx.Err() == nil {
		pause, err := s.Flush(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("read outbox", "err", err)
		}
		wait := tick.C
		if pause > 0 {
			wait = time.After(pause)
		}
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-wait:
		}
	}
	return nil
}

// Flush sends what the outbox holds now. It returns how long to pause
// when a channel asked for one.
func (s *Sender) Flush(ctx context.Context) (time.Duration, error) {
	pending, err := s.outbox.PendingOutbox(ctx, 500)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	chats := map[string][]Outgoing{}
	var order []string
	for _, o := range pending {
		k := o.Channel + "/" + o.ChatID
		if _, ok := chats[k]; !ok {
			order = append(order, k)
		}
		chats[k] = append(chats[k], o)
	}
	var mu sync.Mutex
	var pause time.Duration
	sem := make(chan struct{}, s.parallel)
	var wg sync.WaitGroup
	for _, k := range order {
		wg.Add(1)
		sem <- struct{}{}
		go func(msgs []Outgoing) {
			defer func() { <-sem; wg.Done() }()
			if p := s.sendChat(ctx, msgs); p > 0 {
				mu.Lock()
				pause = max(pause, p)
				mu.Unlock()
			}
		}(chats[k])
	}
	wg.Wait()
	if len(pending) == 500 && pause == 0 {
		s.Wake()
	}
	return pause, nil
}

// sendChat sends one chat's messages in order, stopping at the first
// failure that may be retried so that the order is kept.
func (s *Sender) sendChat(ctx context.Context, msgs []Outgoing) time.Duration {
	for _, o := range msgs {
		ch := s.channels[o.Channel]
		if ch == nil {
			s.fail(ctx, o, "no such channel")
			continue
		}
		err := ch.Send(ctx, o)
		if err == nil {
			// Record what went out even when shutting down, or the restart
			// would send it again.
			if err := s.outbox.MarkSent(context.WithoutCancel(ctx), o.ID, s.now()); err != nil {
				s.log.Warn("mark sent", "id", o.ID, "err", err)
			}
			continue
		}
		var se *SendError
		if errors.As(err, &se) && se.Permanent {
			s.fail(ctx, o, err.Error())
			continue
		}
		s.log.Warn("send failed, will retry", "channel", o.Channel, "id", o.ID, "err", err)
		if errors.As(err, &se) && se.RetryAfter > 0 {
			return se.RetryAfter
		}
		return 500 * time.Millisecond
	}
	return 0
}

func (s *Sender) fail(ctx context.Context, o Outgoing, reason string) {
	s.log.Error("send failed for good", "channel", o.Channel, "id", o.ID, "reason", reason)
	if err := s.outbox.MarkFailed(context.WithoutCancel(ctx), o.ID, reason, s.now()); err != nil {
		s.log.Warn("mark failed", "id", o.ID, "err", err)
	}
}
