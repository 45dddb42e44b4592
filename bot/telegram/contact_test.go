package telegram

import (
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

func TestLastContactIsTheLastAnsweredPoll(t *testing.T) {
	srv := telegramtest.NewServer(t)
	api, err := srv.NewAPI()
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	inbox := newInbox()
	ch := New(api, inbox, func() time.Time { return at }, nil)
	if !ch.LastContact().IsZero() {
		t.Fatalf("LastContact before any poll = %v", ch.LastContact())
	}
	startPoll(t, ch)
	srv.SendText(1, telegramtest.User{ID: 1, FirstName: "Lan"}, "xin chào")
	inbox.wait(t, 1)
	if got := ch.LastContact(); !got.Equal(at) {
		t.Errorf("LastContact = %v, want %v", got, at)
	}
}
