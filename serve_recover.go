package main

import (
	"context"
	"log/slog"

	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/bot/zalo"
)

// recoverLostReplies records as uncertain the messages the last run left
// claimed and not marked, and tells each chat whose last reply was one of
// them that the system restarted, with its current question
// (engine.Engine.RecoverLostReplies), before any update is handled and before
// the sender starts. A store that fails here is logged: the sender resolves
// the claims itself, and the next start tries the recovery again.
func recoverLostReplies(ctx context.Context, sender *relay.Sender, engine *engine.Engine, log *slog.Logger) {
	if err := sender.ResolveClaims(ctx); err != nil {
		log.Warn("cannot recover the replies the last run may have lost", "err", err)
		return
	}
	out, err := engine.RecoverLostReplies(ctx, typedChannel)
	if err != nil {
		log.Warn("cannot recover the replies the last run may have lost", "err", err)
		return
	}
	if len(out) > 0 {
		log.Info("told the chats whose last reply the last run may have lost that the system restarted",
			"messages", len(out))
	}
}

// typedChannel reports whether a channel shows no buttons, so that the
// recovery asks its question in the typed wording: Zalo's.
func typedChannel(channel string) bool { return channel == zalo.Name }
