package bot

import "context"

// ChatOrderTx is what keeps the events of one chat in order when several
// processes handle events on one database: inside a step's transaction
// the chat is held, and an earlier event of the chat that another process
// recorded and has not handled yet is found, to be handled first.
type ChatOrderTx interface {
	// LockChat holds the chat until the transaction ends.
	LockChat(ctx context.Context, channel, chatID string) error
	// EarlierInbound returns the oldest event of in's chat recorded before
	// in and not yet handled, or ENOTFOUND.
	EarlierInbound(ctx context.Context, in Inbound) (Inbound, error)
	// SessionStamp returns the chat's session without its draft and the
	// steps back (Flow, Step, Seq, Lang, Updated), or ENOTFOUND: enough to
	// tell whether it changed since it was read.
	SessionStamp(ctx context.Context, channel, chatID string) (Session, error)
}
