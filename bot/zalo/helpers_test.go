package zalo

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
)

// memInbox records events in memory, refusing a key seen before.
type memInbox struct {
	mu   sync.Mutex
	keys map[string]bool
	ins  []bot.Inbound
	err  error
}

func (m *memInbox) RecordInbound(_ context.Context, in bot.Inbound, _ time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return false, m.err
	}
	if m.keys == nil {
		m.keys = map[string]bool{}
	}
	if m.keys[in.Key] {
		return false, nil
	}
	m.keys[in.Key] = true
	m.ins = append(m.ins, in)
	return true, nil
}

func (m *memInbox) recorded() []bot.Inbound {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]bot.Inbound(nil), m.ins...)
}

// memTokens is a TokenStore in memory that counts saves.
type memTokens struct {
	mu    sync.Mutex
	tok   *bot.OAuthToken
	saves int
	err   error
}

func (m *memTokens) ZaloToken(context.Context) (bot.OAuthToken, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tok == nil {
		return bot.OAuthToken{}, bot.Errorf(bot.ENOTFOUND, "no token")
	}
	return *m.tok, nil
}

func (m *memTokens) SaveZaloToken(_ context.Context, tok bot.OAuthToken, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	m.tok = &tok
	m.saves++
	return nil
}

func (m *memTokens) stored() bot.OAuthToken {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tok == nil {
		return bot.OAuthToken{}
	}
	return *m.tok
}

const oaSecret = "oa-secret-key"

// fixture is a channel on a fake Zalo, with its webhook served.
type fixture struct {
	zalo    *zalotest.Server
	ch      *Channel
	inbox   *memInbox
	store   *memTokens
	tokens  *Tokens
	hook    *zalotest.Webhook
	notices chan []bot.Inbound
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{zalo: zalotest.NewServer(t, nil), inbox: &memInbox{}, store: &memTokens{},
		notices: make(chan []bot.Inbound, 100)}
	f.tokens = NewTokens(TokenConfig{AppID: f.zalo.AppID, AppSecret: f.zalo.AppSecret, OAuthBase: f.zalo.URL,
		FirstRefresh: f.zalo.RefreshToken()}, f.store, nil, time.Now, nil)
	f.ch = New(Config{AppID: f.zalo.AppID, OASecretKey: oaSecret, APIBase: f.zalo.URL}, f.inbox, f.tokens, time.Now, nil,
		WithNotify(func(ins []bot.Inbound) { f.notices <- ins }))
	srv := httptest.NewServer(f.ch)
	t.Cleanup(srv.Close)
	f.hook = &zalotest.Webhook{URL: srv.URL, AppID: f.zalo.AppID, OASecretKey: oaSecret}
	return f
}
