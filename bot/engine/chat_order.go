package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/clubbot/clubbot/bot"
)

// maxRedo bounds the attempts of one Handle that give way to a step of the
// chat another process committed meanwhile.
const maxRedo = 16

// errRedo rolls back a step's transaction that is given up, to be run
// again (see redo); Handle never returns it.
var errRedo = errors.New("engine: step given up, to be run again")

// redo is why an attempt at a step was given up: an earlier event of the
// chat waits, to be handled first, or (earlier nil) the chat's session
// changed since it was read.
type redo struct {
	earlier *bot.Inbound
}

// checkOrder holds the chat for the step's transaction and says whether
// the step must give way. Several processes may handle events on one
// store: the one that reads the chat's session before another commits a
// step of the same chat must read it again, and an event recorded by one
// process may wait while another handles a later event of the chat
// (webhook posts land on any process; a process that died leaves its
// events). With inOrder false an earlier event does not hold the step up.
func (e *Engine) checkOrder(ctx context.Context, tx bot.Writer, in bot.Inbound, s bot.Session, inOrder bool) (*redo, error) {
	if inOrder {
		earlier, err := tx.EarlierInbound(ctx, in)
		if err == nil {
			return &redo{earlier: &earlier}, nil
		} else if bot.ErrorCode(err) != bot.ENOTFOUND {
			return nil, fmt.Errorf("earlier event: %w", err)
		}
	}
	fresh, err := tx.SessionStamp(ctx, in.Channel, in.ChatID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	if !fresh.Updated.Equal(s.Updated) || fresh.Seq != s.Seq || fresh.Flow != s.Flow || fresh.Step != s.Step ||
		fresh.Lang != s.Lang {
		return &redo{}, nil
	}
	return nil, nil
}

// handleEarlier handles an earlier event of a chat before the one in hand.
// A panic is turned into an error, as the dispatcher does for the event in
// hand, so that the later event is still handled.
func (e *Engine) handleEarlier(ctx context.Context, in bot.Inbound) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic handling event %s: %v", in.Key, r)
		}
	}()
	return e.Handle(ctx, in)
}
