package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Config tunes the engine. Zero fields take the defaults of DefaultConfig.
type Config struct {
	OlderAge   int           // age from which a member counts as older (60)
	SessionTTL time.Duration // a dialogue idle this long expires (24 h)
	CodeTries  int           // wrong invite codes allowed per hour (5)
}

// DefaultConfig is the configuration of a province that follows the Law on
// the Elderly.
func DefaultConfig() Config {
	return Config{OlderAge: 60, SessionTTL: 24 * time.Hour, CodeTries: 5}
}

// Engine runs the dialogues: it turns one inbound event into a saved session,
// saved club data and queued replies, all in one transaction.
type Engine struct {
	store Store
	now   func() time.Time
	cfg   Config
	flows map[string]*Flow
	log   *slog.Logger
}

// NewEngine returns an engine on store with the clock now.
func NewEngine(store Store, now func() time.Time, cfg Config, log *slog.Logger) *Engine {
	def := DefaultConfig()
	if cfg.OlderAge == 0 {
		cfg.OlderAge = def.OlderAge
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = def.SessionTTL
	}
	if cfg.CodeTries == 0 {
		cfg.CodeTries = def.CodeTries
	}
	return &Engine{store: store, now: now, cfg: cfg, flows: Flows(), log: log}
}

// Handle processes one inbound event exactly once: an event already handled
// is skipped, and nothing of a failed one is kept, so it can be retried.
func (e *Engine) Handle(ctx context.Context, in Inbound) error {
	return e.store.InTx(ctx, func(tx Tx) error {
		claimed, err := tx.MarkInboundDone(ctx, in.Key, e.now())
		if err != nil {
			return fmt.Errorf("claim inbound: %w", err)
		} else if !claimed {
			return nil // handled before
		}
		t, err := e.begin(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := t.run(); err != nil {
			return err
		}
		t.s.Updated = t.now
		if err := tx.SaveSession(ctx, t.s); err != nil {
			return fmt.Errorf("save session: %w", err)
		}
		if err := tx.Enqueue(ctx, t.render(), t.now); err != nil {
			return fmt.Errorf("enqueue replies: %w", err)
		}
		return nil
	})
}

// begin loads what a turn needs: the session, and the user if known.
func (e *Engine) begin(ctx context.Context, tx Tx, in Inbound) (*turn, error) {
	t := &turn{e: e, ctx: ctx, tx: tx, in: in, now: e.now()}
	s, err := tx.Session(ctx, in.Channel, in.ChatID)
	if ErrorCode(err) == ENOTFOUND {
		s = Session{Channel: in.Channel, ChatID: in.ChatID, Draft: map[string]string{}, Updated: t.now}
	} else if err != nil {
		return nil, fmt.Errorf("load session: %w", err)
	}
	if s.Draft == nil {
		s.Draft = map[string]string{}
	}
	t.s = s
	u, err := tx.UserByAccount(ctx, in.Channel, in.ChannelUserID)
	if err == nil {
		t.user = &u
	} else if ErrorCode(err) != ENOTFOUND {
		return nil, fmt.Errorf("load user: %w", err)
	}
	t.lang = t.language()
	return t, nil
}

// day is midnight of t's day in t's zone.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}
