package relay

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// announceStore is an AnnouncementStore in memory: the accounts of one
// announcement, and what was recorded for each user.
type announceStore struct {
	ann      bot.Announcement
	accounts []bot.AnnouncementRecipient
	queued   map[int64][]bot.Outgoing // by user
	failed   map[int64]string         // reason, by user
}

var _ AnnouncementStore = (*announceStore)(nil)

func (s *announceStore) OpenAnnouncements(context.Context, time.Time) ([]bot.Announcement, error) {
	return []bot.Announcement{s.ann}, nil
}

func (s *announceStore) AnnouncementRecipients(context.Context, bot.Announcement) ([]bot.AnnouncementRecipient, error) {
	var out []bot.AnnouncementRecipient
	for _, r := range s.accounts {
		if _, done := s.queued[r.User.ID]; !done && s.failed[r.User.ID] == "" {
			out = append(out, r)
		}
	}
	return out, nil
}

func (s *announceStore) DeliverOnce(_ context.Context, d bot.Delivery, msgs []bot.Outgoing, _ time.Time) (bool, error) {
	if _, done := s.queued[d.UserID]; done || d.Kind != bot.DeliveryAnnouncement || d.Period != "7" {
		return false, nil
	}
	s.queued[d.UserID] = msgs
	return true, nil
}

func (s *announceStore) DeliverFailed(_ context.Context, d bot.Delivery, _ []bot.Outgoing, _ time.Time, reason string) (bool, error) {
	s.failed[d.UserID] = reason
	return true, nil
}

// textComposer sends each recipient one line.
type textComposer struct{}

func (textComposer) Compose(context.Context, bot.Announcement) (func(bot.Recipient) []bot.Outgoing, error) {
	return func(r bot.Recipient) []bot.Outgoing {
		return []bot.Outgoing{{Channel: r.Channel, ChatID: r.ChatID, Text: "Họp"}}
	}, nil
}

func account(user int64, channel, chat string, inactive bool) bot.AnnouncementRecipient {
	return bot.AnnouncementRecipient{Recipient: bot.Recipient{User: bot.User{ID: user}, Channel: channel, ChatID: chat}, Inactive: inactive}
}

func TestAnnouncerSendsOncePerUserAndWaitsForDialogues(t *testing.T) {
	now := time.Date(2025, 9, 3, 10, 0, 0, 0, bot.Vietnam())
	talking, stale := now.Add(-time.Minute), now.Add(-25*time.Hour)
	busy := account(3, "telegram", "3", false)
	busy.DialogueSince = &talking
	forgotten := account(4, "telegram", "4", false)
	forgotten.DialogueSince = &stale
	s := &announceStore{ann: bot.Announcement{ID: 7}, queued: map[int64][]bot.Outgoing{}, failed: map[int64]string{},
		accounts: []bot.AnnouncementRecipient{
			account(1, "zalo", "z1", true), account(1, "telegram", "1", false), // two channels, the active one
			account(2, "telegram", "2", false), account(2, "zalo", "z2", false), // two channels, the first
			busy, forgotten,
			account(5, "zalo", "z5", true),    // outside Zalo's window
			account(6, "telegram", "6", true), // blocked the bot
			account(8, "console", "8", false), // a channel this run does not serve
		}}
	a := &Announcer{Store: s, Composer: textComposer{}, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler),
		SessionTTL: 24 * time.Hour, Window: 72 * time.Hour, Serves: func(c string) bool { return c != "console" }}
	if n, err := a.Run(context.Background()); err != nil || n != 3 {
		t.Fatalf("Run = %d, %v; want 3 sent", n, err)
	}
	for user, chat := range map[int64]string{1: "1", 2: "2", 4: "4"} {
		if msgs := s.queued[user]; len(msgs) != 1 || msgs[0].ChatID != chat || !msgs[0].Bulk {
			t.Errorf("user %d: queued %+v, want one bulk message to chat %s", user, msgs, chat)
		}
	}
	if _, sent := s.queued[3]; sent {
		t.Error("the user in the middle of a dialogue was sent the announcement")
	}
	for user, reason := range map[int64]string{5: unreachableReason, 6: "blocked: the user blocked the bot", 8: channelOffReason} {
		if s.failed[user] != reason {
			t.Errorf("user %d recorded %q, want %q", user, s.failed[user], reason)
		}
	}
	s.accounts[4].DialogueSince = nil // the dialogue ended
	if n, err := a.Run(context.Background()); err != nil || n != 1 || len(s.queued[3]) != 1 {
		t.Fatalf("second Run = %d, %v (user 3: %+v); want the waiting user sent", n, err, s.queued[3])
	}
}
