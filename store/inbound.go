package store

import (
	"context"

	"github.com/clubbot/clubbot/bot"
)

// reactivateAccount clears the inactive mark of the account an event came
// from: a user who blocked the bot and writes again wants its messages.
const reactivateAccount = `UPDATE accounts SET inactive_since = NULL
	WHERE channel = ? AND channel_user_id = ? AND inactive_since IS NOT NULL`

// reactivate clears the inactive mark of the account that sent in.
func (t *Tx) reactivate(ctx context.Context, in bot.Inbound) error {
	if in.ChannelUserID == "" {
		return nil
	}
	_, err := t.sqlTx.ExecContext(ctx, t.dialect.rebind(reactivateAccount), in.Channel, in.ChannelUserID)
	return wrapErr("reactivate account", err)
}
