package relay

import (
	"context"
	"fmt"

	"github.com/clubbot/clubbot/bot"
)

// DirectSender sends one message at once, not through the outbox.
type DirectSender interface {
	SendDirect(ctx context.Context, out bot.Outgoing) error
}

var _ DirectSender = (*Sender)(nil)

// SendDirect sends out through its channel at once, bypassing the outbox:
// for the few messages that must go out when the outbox cannot be written,
// such as telling a user that the database is unavailable. Nothing records
// that it was sent, so a caller must not mind it being lost or repeated.
func (s *Sender) SendDirect(ctx context.Context, out bot.Outgoing) error {
	ch := s.channels[out.Channel]
	if ch == nil {
		return bot.Errorf(bot.EINVALID, "send direct: no channel %q", out.Channel)
	}
	if err := ch.Send(ctx, out); err != nil {
		return fmt.Errorf("send direct: %w", err)
	}
	return nil
}
