package engine

import (
	"context"
	"fmt"

	"github.com/clubbot/clubbot/bot"
)

// RecoverLostReplies makes good, once, the replies a crash may have lost:
// call it at start, after the claims are resolved and before any event is
// handled. A chat whose last reply is among them gets the notice
// "restart.notice" and then its current question: the open dialogue's,
// asked again as /help asks it, or with no dialogue open what a user gets
// after every finished one (a leader's menu, others' help text). A
// crash-caught reply may have reached the user, so the question may come
// twice; the notice is the word that tells why. Nothing is sent for a bulk
// message (a digest, a reminder), for a chat that was sent a reply after
// the lost one, or for a dialogue that has expired (the user's next message
// is told so). The lost replies are marked recovered in the transaction
// that queues the notices, so a crash during the recovery neither loses it
// nor repeats it. typed tells the channels that show no buttons. It returns
// the messages queued.
func (e *Engine) RecoverLostReplies(ctx context.Context, typed func(channel string) bool) ([]bot.Outgoing, error) {
	var queued []bot.Outgoing
	err := e.store.InTx(ctx, func(tx bot.Writer) error {
		queued = nil
		lost, err := tx.LostReplies(ctx)
		if err != nil {
			return fmt.Errorf("lost replies: %w", err)
		}
		ids := make([]int64, 0, len(lost))
		for _, last := range lastReplyByChat(lost) {
			out, err := e.recoverChat(ctx, tx, last, typed(last.Channel))
			if err != nil {
				return fmt.Errorf("recover chat %s/%s: %w", last.Channel, last.ChatID, err)
			}
			queued = append(queued, out...)
		}
		for _, o := range lost {
			ids = append(ids, o.ID)
		}
		if err := tx.MarkRecovered(ctx, ids, e.now()); err != nil {
			return fmt.Errorf("mark recovered: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if e.OnQueued != nil && len(queued) > 0 {
		e.OnQueued(queued)
	}
	return queued, nil
}

// lastReplyByChat returns, in the order of their chats' first, the latest
// of each chat's lost messages that are not bulk.
func lastReplyByChat(lost []bot.Outgoing) []bot.Outgoing {
	var out []bot.Outgoing
	at := map[string]int{}
	for _, o := range lost {
		if o.Bulk {
			continue
		}
		k := o.Channel + "/" + o.ChatID
		if i, ok := at[k]; ok {
			out[i] = o
			continue
		}
		at[k] = len(out)
		out = append(out, o)
	}
	return out
}

// recoverChat queues the notice and the current question for the chat of
// last, the latest reply a crash caught there, unless the chat has moved
// on since.
func (e *Engine) recoverChat(ctx context.Context, tx bot.Writer, last bot.Outgoing, typed bool) ([]bot.Outgoing, error) {
	// Another process may be handling a step of the chat: wait for it, so
	// that what is read here is what it saved.
	if err := tx.LockChat(ctx, last.Channel, last.ChatID); err != nil {
		return nil, fmt.Errorf("lock chat: %w", err)
	}
	if later, err := tx.RepliedAfter(ctx, last.Channel, last.ChatID, last.ID); err != nil || later {
		return nil, err
	}
	// Chats are private: the chat is its user's account.
	in := bot.Inbound{Channel: last.Channel, ChatID: last.ChatID, ChannelUserID: last.ChatID, Typed: typed}
	s, user, err := e.loadFrom(ctx, tx, in)
	if err != nil {
		return nil, err
	}
	t := e.newTurn(ctx, tx, tx, in, s, user)
	if !t.s.Idle() && t.now.Sub(t.s.Updated) >= e.cfg.SessionTTL {
		return nil, nil
	}
	t.say("restart.notice", nil)
	if t.s.Idle() {
		t.menu("menu.next")
	} else if err := t.reask(); err != nil {
		return nil, err
	}
	// Asking again drops an answer held for "are you sure?": the session
	// must agree with the question shown.
	t.s.Updated = t.now
	if err := tx.SaveSession(ctx, t.s); err != nil {
		return nil, fmt.Errorf("save session: %w", err)
	}
	out := t.render()
	if err := tx.Enqueue(ctx, out, t.now); err != nil {
		return nil, fmt.Errorf("enqueue: %w", err)
	}
	return out, nil
}
