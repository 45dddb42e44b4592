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
	queue    sendQueue // see send_queue.go
}

// NewSender returns a sender over the named channels.
func NewSender(outbox Outbox, channels map[string]Channel, now func() time.Time, log *slog.Logger) *Sender {
	return &Sender{outbox: outbox, channels: channels, now: now, log: log, wake: make(chan struct{}, 1), parallel: 64,
		queue: newSendQueue()}
}

// Wake tells the sender that messages were queued in the outbox by
// someone who did not Submit them (a scheduled digest).
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Flush sends what the outbox holds now, for a caller that sends between
// its own steps (the console); a running Run does this by itself and must
// not be mixed with Flush. It returns how long to pause when a channel
// asked for one.
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
			if _, p := s.sendChat(ctx, msgs); p > 0 {
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
// failure that may be retried so that the order is kept. It returns how
// many messages it dealt with (sent, or failed for good) and how long to
// pause before the rest.
func (s *Sender) sendChat(ctx context.Context, msgs []Outgoing) (int, time.Duration) {
	for i, o := range msgs {
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
			return i, se.RetryAfter
		}
		return i, 500 * time.Millisecond
	}
	return len(msgs), 0
}

func (s *Sender) fail(ctx context.Context, o Outgoing, reason string) {
	s.log.Error("send failed for good", "channel", o.Channel, "id", o.ID, "reason", reason)
	if err := s.outbox.MarkFailed(context.WithoutCancel(ctx), o.ID, reason, s.now()); err != nil {
		s.log.Warn("mark failed", "id", o.ID, "err", err)
	}
}
