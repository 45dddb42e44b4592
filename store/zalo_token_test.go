package store

import (
	"context"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestZaloTokenSavedWhole(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	_, err := d.ZaloToken(ctx)
	wantCode(t, err, bot.ENOTFOUND)
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for i, tok := range []bot.OAuthToken{
		{Access: "access-1", Refresh: "refresh-1", ExpiresAt: at.Add(25 * time.Hour)},
		{Access: "access-2", Refresh: "refresh-2", ExpiresAt: at.Add(50 * time.Hour)},
	} {
		if err := d.SaveZaloToken(ctx, tok, at); err != nil {
			t.Fatal(err)
		}
		got, err := d.ZaloToken(ctx)
		if err != nil || got.Access != tok.Access || got.Refresh != tok.Refresh || !got.ExpiresAt.Equal(tok.ExpiresAt) {
			t.Fatalf("save %d: read back %+v, %v", i, got, err)
		}
	}
	if n := count(t, d, "zalo_tokens", ""); n != 1 {
		t.Errorf("%d rows, want one", n)
	}
	err = d.SaveZaloToken(ctx, bot.OAuthToken{Access: "access-3"}, at)
	wantCode(t, err, bot.EINVALID)
	if got, _ := d.ZaloToken(ctx); got.Refresh != "refresh-2" {
		t.Errorf("a refused save changed the tokens: %+v", got)
	}
}
