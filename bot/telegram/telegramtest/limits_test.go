package telegramtest_test

import (
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// TestEnforcedLimits sends, at a stopped clock, more than a chat's burst
// to one chat and more than the overall burst to many: the excess is
// answered 429 with a retry_after, counted, and not delivered; a second
// later the chat may be written to again.
func TestEnforcedLimits(t *testing.T) {
	srv, api := newAPI(t)
	var mu sync.Mutex
	now := time.Date(2025, 9, 1, 7, 30, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	srv.EnforceLimits(telegramtest.Limits{PerSecond: 30, Burst: 30, ChatPerSecond: 1, ChatBurst: 5, Now: clock})
	send := func(chat int64) error {
		_, err := api.Send(tgbotapi.NewMessage(chat, "Báo cáo tuần"))
		return err
	}
	for i := range 6 {
		err := send(42)
		if i < 5 && err != nil {
			t.Fatalf("message %d of the chat's burst: %v", i+1, err)
		}
		if i == 5 {
			if te := apiError(t, err); te.Code != 429 || te.RetryAfter != 1 {
				t.Fatalf("a sixth message at once: %d, retry after %d; want 429 and 1", te.Code, te.RetryAfter)
			}
		}
	}
	refused := 0
	for chat := range int64(40) {
		if send(1000+chat) != nil {
			refused++
		}
	}
	if refused != 15 || srv.TooManyRequests() != 16 {
		t.Fatalf("%d of 40 chats refused, %d 429s counted; want 15 and 16 (the burst of 30 spent 5 and 25)", refused, srv.TooManyRequests())
	}
	if n := len(srv.Sent(42)); n != 5 {
		t.Fatalf("chat 42 got %d messages, want 5", n)
	}
	mu.Lock()
	now = now.Add(time.Second)
	mu.Unlock()
	if err := send(42); err != nil {
		t.Fatalf("a second later: %v", err)
	}
}
