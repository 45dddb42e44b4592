package engine

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/dialogue"
	"github.com/clubbot/clubbot/bot/digest"
)

// Config tunes the engine. Zero fields take the defaults of DefaultConfig.
type Config struct {
	OlderAge   int           // age from which a member counts as older (60)
	SessionTTL time.Duration // a dialogue idle this long expires (24 h)
	CodeTries  int           // wrong invite codes allowed per hour (5)
	InviteTTL  time.Duration // an invite made in the chat expires after this long (7 days)
	// BotUsername is the bot's username, for the deep links of invites
	// ("https://t.me/<BotUsername>?start=CODE"); without it only codes are shown.
	BotUsername string
	// Reports draws the digests officers ask for as a chart and a spreadsheet.
	Reports digest.Reports
	// ReminderDay is the day of the month leaders are reminded of the fund
	// report (25), after which a leader's /status says the report is late.
	ReminderDay int
}

// DefaultConfig is the configuration of a province that follows the Law on
// the Elderly.
func DefaultConfig() Config {
	return Config{OlderAge: 60, SessionTTL: 24 * time.Hour, CodeTries: 5, InviteTTL: 7 * 24 * time.Hour, ReminderDay: 25}
}

// Engine runs the dialogues: it turns one inbound event into a saved session,
// saved club data and queued replies, all in one transaction.
type Engine struct {
	store bot.Store
	now   func() time.Time
	cfg   Config
	flows map[string]*dialogue.Flow
	// commands is the command table (commandTable).
	commands []commandSpec
	log      *slog.Logger
	// OnQueued, when set, receives the replies of each handled event once
	// they are committed to the outbox (the sender's Submit).
	OnQueued func([]bot.Outgoing)
	// Observer is told of every event handled, for metrics; NopObserver
	// unless set before the first Handle.
	Observer bot.StepObserver
}

// NewEngine returns an engine on store with the clock now.
func NewEngine(store bot.Store, now func() time.Time, cfg Config, log *slog.Logger) *Engine {
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
	if cfg.InviteTTL <= 0 {
		cfg.InviteTTL = def.InviteTTL
	}
	if cfg.ReminderDay < 1 || cfg.ReminderDay > 28 {
		cfg.ReminderDay = def.ReminderDay
	}
	return &Engine{store: store, now: now, cfg: cfg, flows: dialogue.Flows(), commands: commandTable(), log: log, Observer: bot.NopObserver{}}
}

// Handle processes one inbound event exactly once: an event already handled
// is skipped, and nothing of a failed one is kept, so it can be retried.
// The caller handles the events of one chat one at a time; several
// processes may share the store (see handleOnce), and an earlier event of
// the chat that another process recorded and has not handled yet is
// handled first.
func (e *Engine) Handle(ctx context.Context, in bot.Inbound) (err error) {
	start := e.now()
	defer func() { e.Observer.StepHandled(bot.StepKind(in), e.now().Sub(start), err) }()
	// Each earlier event handled (or failed, which ends the waiting for
	// them) brings the chat closer to in, so only the rereads are counted.
	inOrder, rereads := true, 0
	for rereads < maxRedo {
		again, err := e.handleOnce(ctx, in, inOrder)
		if err != nil || again == nil {
			return err
		}
		if again.earlier == nil {
			rereads++ // the session changed meanwhile: read it again
			continue
		}
		if err := e.handleEarlier(ctx, *again.earlier); err != nil {
			// A failing event must not hold up its chat for ever.
			e.log.Warn("handle an earlier event of the chat first", "key", again.earlier.Key, "err", err)
			inOrder = false
		}
	}
	return bot.Errorf(bot.ECONFLICT, "handle %s: the chat is busy in another process", in.Key)
}

// handleOnce runs one attempt at in: it loads the chat, runs the turn and
// commits its session, data and replies in one transaction, which holds
// the chat. It gives the attempt up, changing nothing, and says why, when
// the chat's session changed since it was read (another process handled
// one of its events) or, if inOrder, when an earlier event of the chat
// waits.
func (e *Engine) handleOnce(ctx context.Context, in bot.Inbound, inOrder bool) (*redo, error) {
	s, user, err := e.load(ctx, in)
	if err != nil {
		return nil, err
	}
	var answered *turn
	if isQuery(e.commands, in, s, user) {
		answered = e.newTurn(ctx, e.store.Reader(), nil, in, s, user)
		if err := answered.run(); err != nil {
			return nil, err
		}
	}
	var queued []bot.Outgoing
	var again *redo
	err = e.store.InTx(ctx, func(tx bot.Writer) error {
		queued, again = nil, nil
		if err := tx.LockChat(ctx, in.Channel, in.ChatID); err != nil {
			return fmt.Errorf("lock chat: %w", err)
		}
		claimed, err := tx.MarkInboundDone(ctx, in.Key, e.now())
		if err != nil {
			return fmt.Errorf("claim inbound: %w", err)
		} else if !claimed {
			return nil // handled before
		}
		if again, err = e.checkOrder(ctx, tx, in, s, inOrder); err != nil || again != nil {
			return cmp.Or(err, errRedo)
		}
		t := answered
		if t == nil {
			t = e.newTurn(ctx, tx, tx, in, s, user)
			if err := t.run(); err != nil {
				return err
			}
		}
		t.s.Updated = t.now
		if err := tx.SaveSession(ctx, t.s); err != nil {
			return fmt.Errorf("save session: %w", err)
		}
		out := t.render()
		if err := tx.Enqueue(ctx, out, t.now); err != nil {
			return fmt.Errorf("enqueue replies: %w", err)
		}
		queued = out
		return nil
	})
	if again != nil {
		return again, nil
	}
	if err == nil && e.OnQueued != nil && len(queued) > 0 {
		e.OnQueued(queued)
	}
	return nil, err
}

// newTurn starts the handling of in, reading through r and writing
// through tx (nil for a question, which writes nothing).
func (e *Engine) newTurn(ctx context.Context, r bot.Reader, tx bot.Writer, in bot.Inbound, s bot.Session, user *bot.User) *turn {
	t := &turn{e: e, ctx: ctx, r: r, tx: tx, in: in, now: e.now().In(bot.Vietnam()), s: s.Clone(), user: user}
	t.lang = t.language()
	return t
}

// load reads the chat's session, and the user if known, before the
// transaction, so that other chats' steps need not wait for the reads.
func (e *Engine) load(ctx context.Context, in bot.Inbound) (bot.Session, *bot.User, error) {
	return e.loadFrom(ctx, e.store, in)
}

// chatReader reads a chat's session and its user: the store outside any
// transaction, or a Tx.
type chatReader interface {
	Session(ctx context.Context, channel, chatID string) (bot.Session, error)
	UserByAccount(ctx context.Context, channel, channelUserID string) (bot.User, error)
}

// loadFrom reads in's session through r, a new one if the chat has none,
// and its user, nil if the account is not linked.
func (e *Engine) loadFrom(ctx context.Context, r chatReader, in bot.Inbound) (bot.Session, *bot.User, error) {
	s, err := r.Session(ctx, in.Channel, in.ChatID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		s = bot.Session{Channel: in.Channel, ChatID: in.ChatID, Updated: e.now()}
	} else if err != nil {
		return s, nil, fmt.Errorf("load session: %w", err)
	}
	if s.Draft == nil {
		s.Draft = map[string]string{}
	}
	u, err := r.UserByAccount(ctx, in.Channel, in.ChannelUserID)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		return s, nil, nil
	} else if err != nil {
		return s, nil, fmt.Errorf("load user: %w", err)
	}
	return s, &u, nil
}
