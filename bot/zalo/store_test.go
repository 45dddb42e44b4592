package zalo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/zalo"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
	"github.com/clubbot/clubbot/store"
)

var _ zalo.TokenStore = (*store.DB)(nil)

// TestRotatedRefreshTokenSurvivesRestart refreshes on the real store,
// closes it as a crash would, and refreshes again from what it holds: the
// refresh token Zalo rotated was saved with its access token.
func TestRotatedRefreshTokenSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	fake := zalotest.NewServer(t, nil)
	first := fake.RefreshToken()
	cfg := zalo.TokenConfig{AppID: fake.AppID, AppSecret: fake.AppSecret, OAuthBase: fake.URL, FirstRefresh: first}
	open := func() *store.DB {
		db, err := store.Open(ctx, path, store.WithLogger(nil))
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	access, err := zalo.NewTokens(cfg, db, nil, time.Now, nil).Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db = open()
	defer db.Close()
	tokens := zalo.NewTokens(cfg, db, nil, time.Now, nil) // ZALO_REFRESH_TOKEN still set, and spent
	if got, err := tokens.Token(ctx); err != nil || got != access {
		t.Fatalf("after restart: %q, %v; want %q", got, err, access)
	}
	tokens.Invalid(access)
	renewed, err := tokens.Token(ctx)
	if err != nil || renewed == access {
		t.Fatalf("refresh from the stored refresh token: %q, %v", renewed, err)
	}
	saved, err := db.ZaloToken(ctx)
	if err != nil || saved.Access != renewed || saved.Refresh != fake.RefreshToken() {
		t.Errorf("stored %+v, %v; Zalo's refresh token is %s", saved, err, fake.RefreshToken())
	}
}
