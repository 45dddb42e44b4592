package relay

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// UnavailableNotifier is told each time an event could not be handled
// because the store was unavailable; the dispatcher retries the event.
type UnavailableNotifier interface {
	Unavailable(ctx context.Context, in bot.Inbound, cause error)
}

// LangReader reads what tells a chat's language; *store.DB is one.
type LangReader interface {
	Session(ctx context.Context, channel, chatID string) (bot.Session, error)
	UserByAccount(ctx context.Context, channel, channelUserID string) (bot.User, error)
}

// unavailableEvery is how often a chat is told again while the store stays down.
const unavailableEvery = time.Minute

// langReadTimeout bounds the reads that find the language of a notice: a
// store that is down may make them wait.
const langReadTimeout = time.Second

// UnavailableNotice tells a user whose message could not be handled that
// the system is busy and to try again in a minute, at most once a minute
// per chat, and logs the cause. It sends directly through the channel: the
// outbox is in the store that is failing.
type UnavailableNotice struct {
	send  DirectSender
	langs LangReader
	now   func() time.Time
	log   *slog.Logger

	mu   sync.Mutex
	last map[string]time.Time // when each chat was last told
}

var _ UnavailableNotifier = (*UnavailableNotice)(nil)

// NewUnavailableNotice returns a notifier that sends through send and
// reads the users' languages from langs.
func NewUnavailableNotice(send DirectSender, langs LangReader, now func() time.Time, log *slog.Logger) *UnavailableNotice {
	return &UnavailableNotice{send: send, langs: langs, now: now, log: log, last: map[string]time.Time{}}
}

// Unavailable logs the cause and tells the user, unless the chat was told
// less than a minute ago.
func (n *UnavailableNotice) Unavailable(ctx context.Context, in bot.Inbound, cause error) {
	n.log.Warn("store unavailable, event kept for retry", "key", in.Key, "err", cause)
	if !n.due(in.Channel + "/" + in.ChatID) {
		return
	}
	lang := n.language(ctx, in)
	out := bot.Outgoing{Channel: in.Channel, ChatID: in.ChatID, Lang: lang, Text: messages.Render(lang, "store.unavailable", nil)}
	if err := n.send.SendDirect(ctx, out); err != nil {
		n.log.Warn("tell user the store is unavailable", "key", in.Key, "err", err)
	}
}

// due reports whether chat may be told now, and if so notes that it is.
// Chats told over a minute ago are forgotten, so the map stays small.
func (n *UnavailableNotice) due(chat string) bool {
	now := n.now()
	n.mu.Lock()
	defer n.mu.Unlock()
	if at, ok := n.last[chat]; ok && now.Sub(at) < unavailableEvery {
		return false
	}
	for k, at := range n.last {
		if now.Sub(at) >= unavailableEvery {
			delete(n.last, k)
		}
	}
	n.last[chat] = now
	return true
}

// language is the user's language if the store can still tell it, else the
// one chosen in the chat, else the channel's hint, else Vietnamese.
func (n *UnavailableNotice) language(ctx context.Context, in bot.Inbound) string {
	ctx, cancel := context.WithTimeout(ctx, langReadTimeout)
	defer cancel()
	if u, err := n.langs.UserByAccount(ctx, in.Channel, in.ChannelUserID); err == nil && u.Lang != "" {
		return messages.Normalize(u.Lang)
	}
	if s, err := n.langs.Session(ctx, in.Channel, in.ChatID); err == nil && s.Lang != "" {
		return messages.Normalize(s.Lang)
	}
	return messages.Normalize(in.LangHint)
}
