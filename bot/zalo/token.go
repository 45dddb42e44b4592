package zalo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// refreshPath is the OAuth v4 endpoint that trades a refresh token for a
// new access token and a new refresh token.
const refreshPath = "/v4/oa/access_token"

// TokenStore keeps the OA's tokens; the store is one. ZaloToken fails with
// a *bot.Error of code bot.ENOTFOUND when none was saved yet;
// SaveZaloToken saves the access and refresh tokens together, atomically.
type TokenStore interface {
	ZaloToken(ctx context.Context) (bot.OAuthToken, error)
	SaveZaloToken(ctx context.Context, tok bot.OAuthToken, at time.Time) error
}

// TokenConfig is what refreshing needs.
type TokenConfig struct {
	AppID     string
	AppSecret string
	OAuthBase string // DefaultOAuthBase if empty
	// FirstRefresh is the refresh token to start from when the store holds
	// none (ZALO_REFRESH_TOKEN); ignored once a token is stored, because
	// it is single-use and the stored one replaced it.
	FirstRefresh string
	// Margin is how long before expiry a token is refreshed (10 min if 0).
	Margin time.Duration
}

// Tokens hands out the OA access token, refreshing it before it expires
// and when Zalo refuses it. Refreshes are single-flight: callers that find
// the token stale while one refresh runs wait for its result, because a
// refresh token is single-use and a second refresh with it would fail.
type Tokens struct {
	cfg    TokenConfig
	store  TokenStore
	client *http.Client
	now    func() time.Time
	log    *slog.Logger

	lock    chan struct{} // held (a value in it) while the token is read or refreshed
	cur     bot.OAuthToken
	loaded  bool
	unsaved bool // cur was refreshed but could not be saved yet
}

var _ AccessTokens = (*Tokens)(nil)

// NewTokens returns a token source over store. client may be nil (a 30 s
// timeout); now is the clock; log may be nil.
func NewTokens(cfg TokenConfig, store TokenStore, client *http.Client, now func() time.Time, log *slog.Logger) *Tokens {
	if cfg.OAuthBase == "" {
		cfg.OAuthBase = DefaultOAuthBase
	}
	if cfg.Margin == 0 {
		cfg.Margin = 10 * time.Minute
	}
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Tokens{cfg: cfg, store: store, client: client, now: now, log: log.With("channel", Name),
		lock: make(chan struct{}, 1)}
}

// Token returns an access token valid for at least the margin, refreshing
// it first when needed.
func (t *Tokens) Token(ctx context.Context) (string, error) {
	select {
	case t.lock <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-t.lock }()
	if err := t.load(ctx); err != nil {
		return "", err
	}
	if t.unsaved {
		t.save(ctx)
	}
	if t.cur.Access != "" && t.now().Add(t.cfg.Margin).Before(t.cur.ExpiresAt) {
		return t.cur.Access, nil
	}
	if err := t.refresh(ctx); err != nil {
		return "", err
	}
	return t.cur.Access, nil
}

// Invalid marks token as refused, so the next Token refreshes. A token
// already replaced is ignored: a hundred sends refused with the same old
// token cause one refresh, not a hundred.
func (t *Tokens) Invalid(token string) {
	t.lock <- struct{}{}
	defer func() { <-t.lock }()
	if t.cur.Access == token {
		t.cur.Access = ""
	}
}

// load reads the stored token the first time, else starts from the
// configured refresh token.
func (t *Tokens) load(ctx context.Context) error {
	if t.loaded {
		return nil
	}
	tok, err := t.store.ZaloToken(ctx)
	switch {
	case err == nil:
		t.cur = tok
	case bot.ErrorCode(err) == bot.ENOTFOUND && t.cfg.FirstRefresh != "":
		t.cur = bot.OAuthToken{Refresh: t.cfg.FirstRefresh}
	case bot.ErrorCode(err) == bot.ENOTFOUND:
		return bot.Errorf(bot.EUNAVAILABLE, "zalo: no token stored and no refresh token configured (ZALO_REFRESH_TOKEN)")
	default:
		return fmt.Errorf("zalo: load token: %w", err)
	}
	t.loaded = true
	return nil
}

// refresh trades the refresh token for new tokens and saves them before
// they are used.
func (t *Tokens) refresh(ctx context.Context) error {
	tok, err := t.call(ctx, t.cur.Refresh)
	if err != nil {
		return fmt.Errorf("zalo: refresh token: %w", err)
	}
	t.cur, t.unsaved = tok, true
	t.log.Info("access token refreshed", "expires_at", tok.ExpiresAt)
	t.save(ctx)
	return nil
}

// save stores cur. The old refresh token is spent, so on failure cur is
// kept in memory (and used) and saving is tried again on the next Token.
func (t *Tokens) save(ctx context.Context) {
	if err := t.store.SaveZaloToken(context.WithoutCancel(ctx), t.cur, t.now()); err != nil {
		t.log.Error("new token not saved yet: the refresh token lives only in memory", "err", err)
		return
	}
	t.unsaved = false
}

// tokenReply is the OAuth server's answer; expires_in is a string of
// seconds, or an error with error_name and error_description.
type tokenReply struct {
	AccessToken  string      `json:"access_token"`
	RefreshToken string      `json:"refresh_token"`
	ExpiresIn    ID          `json:"expires_in"`
	Error        json.Number `json:"error"`
	ErrorName    string      `json:"error_name"`
	ErrorDesc    string      `json:"error_description"`
}

// call posts the refresh request.
func (t *Tokens) call(ctx context.Context, refresh string) (bot.OAuthToken, error) {
	if refresh == "" {
		return bot.OAuthToken{}, bot.Errorf(bot.EUNAVAILABLE, "no refresh token")
	}
	form := url.Values{"refresh_token": {refresh}, "app_id": {t.cfg.AppID}, "grant_type": {"refresh_token"}}
	req, err := http.NewRequestWithContext(context.WithoutCancel(ctx), http.MethodPost, t.cfg.OAuthBase+refreshPath,
		strings.NewReader(form.Encode()))
	if err != nil {
		return bot.OAuthToken{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("secret_key", t.cfg.AppSecret)
	resp, err := t.client.Do(req)
	if err != nil {
		return bot.OAuthToken{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return bot.OAuthToken{}, err
	}
	var r tokenReply
	if resp.StatusCode != http.StatusOK || json.Unmarshal(raw, &r) != nil {
		return bot.OAuthToken{}, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, raw)
	}
	secs, err := strconv.ParseInt(string(r.ExpiresIn), 10, 64)
	if r.AccessToken == "" || r.RefreshToken == "" || err != nil || secs <= 0 {
		return bot.OAuthToken{}, errors.New("refused: " + strings.TrimSpace(r.Error.String()+" "+r.ErrorName+" "+r.ErrorDesc))
	}
	return bot.OAuthToken{Access: r.AccessToken, Refresh: r.RefreshToken,
		ExpiresAt: t.now().Add(time.Duration(secs) * time.Second)}, nil
}
