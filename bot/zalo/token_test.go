package zalo

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestBurstOfSendsWithExpiredTokenRefreshesOnce(t *testing.T) {
	f := newFixture(t)
	if err := f.ch.Send(t.Context(), bot.Outgoing{Channel: Name, ChatID: "84000", Text: "first"}); err != nil {
		t.Fatal(err)
	}
	if f.zalo.Refreshes() != 1 {
		t.Fatalf("%d refreshes for the first token", f.zalo.Refreshes())
	}
	f.zalo.ExpireTokens() // Zalo says -220 to every send with the token the channel holds
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := range 100 {
		wg.Go(func() {
			errs <- f.ch.Send(t.Context(), bot.Outgoing{Channel: Name, ChatID: fmt.Sprint("84", i), Text: "burst"})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("send in the burst: %v", err)
		}
	}
	if n := f.zalo.Refreshes(); n != 2 {
		t.Errorf("%d refreshes in all, want 2: one at start, one for the burst", n)
	}
	if n := len(f.zalo.Sent()); n != 101 {
		t.Errorf("%d messages sent, want 101", n)
	}
}

func TestTokensRefreshBeforeExpiryOnce(t *testing.T) {
	f := newFixture(t)
	clock := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	tokens := NewTokens(TokenConfig{AppID: f.zalo.AppID, AppSecret: f.zalo.AppSecret, OAuthBase: f.zalo.URL,
		FirstRefresh: f.zalo.RefreshToken()}, f.store, nil, now, nil)
	first, err := tokens.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := tokens.Token(t.Context()); again != first || f.zalo.Refreshes() != 1 {
		t.Fatalf("a fresh token was refreshed again")
	}
	mu.Lock()
	clock = clock.Add(25*time.Hour - 5*time.Minute) // within the margin of expiry
	mu.Unlock()
	var wg sync.WaitGroup
	got := make(chan string, 100)
	for range 100 {
		wg.Go(func() {
			tok, err := tokens.Token(t.Context())
			if err != nil {
				t.Error(err)
			}
			got <- tok
		})
	}
	wg.Wait()
	close(got)
	for tok := range got {
		if tok == first {
			t.Fatal("a caller got the token about to expire")
		}
	}
	if n := f.zalo.Refreshes(); n != 2 {
		t.Errorf("%d refreshes, want 2", n)
	}
}

func TestRefreshTokenRotationIsStored(t *testing.T) {
	f := newFixture(t)
	start := f.zalo.RefreshToken()
	access, err := f.tokens.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	saved := f.store.stored()
	if saved.Access != access || saved.Refresh != f.zalo.RefreshToken() || saved.Refresh == start ||
		saved.ExpiresAt.Before(time.Now().Add(24*time.Hour)) {
		t.Fatalf("stored %+v; Zalo's refresh token now %s", saved, f.zalo.RefreshToken())
	}
	// A restart reads the stored tokens; the environment's refresh token,
	// spent now, is ignored.
	restarted := NewTokens(TokenConfig{AppID: f.zalo.AppID, AppSecret: f.zalo.AppSecret, OAuthBase: f.zalo.URL,
		FirstRefresh: start}, f.store, nil, time.Now, nil)
	if tok, err := restarted.Token(t.Context()); err != nil || tok != access {
		t.Fatalf("after restart: %q, %v; want the stored %q", tok, err, access)
	}
	restarted.Invalid(access)
	if _, err := restarted.Token(t.Context()); err != nil {
		t.Fatalf("refresh with the stored refresh token: %v", err)
	}
	if got := f.store.stored(); got.Refresh != f.zalo.RefreshToken() || f.store.saves != 2 {
		t.Errorf("stored %+v after %d saves", got, f.store.saves)
	}
	// The spent refresh token from the environment no longer works.
	stale := NewTokens(TokenConfig{AppID: f.zalo.AppID, AppSecret: f.zalo.AppSecret, OAuthBase: f.zalo.URL,
		FirstRefresh: start}, &memTokens{}, nil, time.Now, nil)
	if _, err := stale.Token(t.Context()); err == nil {
		t.Error("a used refresh token was accepted")
	}
}

func TestTokenKeptWhenSaveFails(t *testing.T) {
	f := newFixture(t)
	f.store.err = errors.New("database is locked")
	access, err := f.tokens.Token(t.Context())
	if err != nil {
		t.Fatalf("the new token is usable even unsaved: %v", err)
	}
	f.store.err = nil
	if again, err := f.tokens.Token(t.Context()); err != nil || again != access {
		t.Fatalf("%q %v", again, err)
	}
	if got := f.store.stored(); got.Refresh != f.zalo.RefreshToken() || f.zalo.Refreshes() != 1 {
		t.Errorf("stored %+v after the store came back; %d refreshes", got, f.zalo.Refreshes())
	}
}

func TestNoTokenConfigured(t *testing.T) {
	tokens := NewTokens(TokenConfig{AppID: "1"}, &memTokens{}, nil, time.Now, nil)
	if _, err := tokens.Token(t.Context()); bot.ErrorCode(err) != bot.EUNAVAILABLE {
		t.Errorf("err %v", err)
	}
}
