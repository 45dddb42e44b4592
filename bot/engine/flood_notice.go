package engine

import (
	"context"
	"fmt"

	"github.com/clubbot/clubbot/bot"
)

// Notify queues the sentence key for in's chat, in the user's language,
// outside any dialogue: the session and the event are left alone, so the
// event is still handled in its turn.
func (e *Engine) Notify(ctx context.Context, in bot.Inbound, key string) error {
	s, user, err := e.load(ctx, in)
	if err != nil {
		return err
	}
	t := e.newTurn(ctx, nil, nil, in, s, user)
	t.say(key, nil)
	out := t.render()
	if err := e.store.InTx(ctx, func(tx bot.Writer) error { return tx.Enqueue(ctx, out, t.now) }); err != nil {
		return fmt.Errorf("enqueue notice: %w", err)
	}
	if e.OnQueued != nil {
		e.OnQueued(out)
	}
	return nil
}
