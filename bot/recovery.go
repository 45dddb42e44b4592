package bot

import (
	"context"
	"time"
)

// RecoveryTx is what the recovery of lost replies needs from the store
// inside a transaction.
type RecoveryTx interface {
	// LostReplies returns the messages a crash caught between claim and
	// mark (recorded uncertain, see relay.Outbox.ResolveClaims) that no
	// recovery has dealt with yet, oldest first.
	LostReplies(ctx context.Context) ([]Outgoing, error)
	// RepliedAfter reports whether a message that is not bulk was queued
	// for the chat after message id, whatever became of it.
	RepliedAfter(ctx context.Context, channel, chatID string, id int64) (bool, error)
	// MarkRecovered records that the recovery has dealt with the lost
	// messages ids.
	MarkRecovered(ctx context.Context, ids []int64, at time.Time) error
}
