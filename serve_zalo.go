package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/bot/zalo"
	"github.com/clubbot/clubbot/store"
)

// zaloConfig is the configuration of the Zalo Official Account channel of
// `clubbot serve`; the channel runs when ZaloListen is set.
type zaloConfig struct {
	ZaloListen    string
	ZaloPath      string
	ZaloAppID     string
	ZaloAppSecret string
	ZaloOASecret  string
	ZaloRefresh   string
	ZaloAPIBase   string
	ZaloOAuthBase string
	// ZaloLimits are the sender's limits on Zalo; zero (as in tests built
	// without flags) is none, the flags default to zalo.Limits.
	ZaloLimits bot.RateLimits
	// zaloListening, when set, is told the webhook's address once it
	// listens (tests listen on port 0).
	zaloListening func(addr string)
}

// registerZalo adds the Zalo flags to fs, with defaults from the environment.
func (c *zaloConfig) registerZalo(fs *flag.FlagSet, env *envReader) {
	getenv := env.getenv
	fs.StringVar(&c.ZaloListen, "zalo-listen", env.addr("ZALO_LISTEN", ""), "address of the Zalo OA webhook, e.g. :8443; empty: no Zalo\n"+
		"(env ZALO_LISTEN)")
	fs.StringVar(&c.ZaloPath, "zalo-path", env.str("ZALO_WEBHOOK_PATH", "/zalo/webhook"), "URL path of the Zalo webhook (env ZALO_WEBHOOK_PATH)")
	fs.StringVar(&c.ZaloAppID, "zalo-app-id", getenv("ZALO_APP_ID"), "the Zalo app's id (env ZALO_APP_ID)")
	zl := zalo.Limits()
	fs.Float64Var(&c.ZaloLimits.PerSecond, "zalo-send-rate", zl.PerSecond, "messages a second the bot sends on Zalo over all chats (0: no limit)")
	fs.IntVar(&c.ZaloLimits.Burst, "zalo-send-burst", zl.Burst, "messages the bot may send at once on Zalo over all chats")
	fs.Float64Var(&c.ZaloLimits.ChatPerSecond, "zalo-chat-rate", zl.ChatPerSecond, "messages a second the bot sends in one Zalo chat (0: no limit)")
	fs.IntVar(&c.ZaloLimits.ChatBurst, "zalo-chat-burst", zl.ChatBurst, "messages the bot may send at once in one Zalo chat")
	c.ZaloAppSecret = getenv("ZALO_APP_SECRET")   // secrets from the environment only,
	c.ZaloOASecret = getenv("ZALO_OA_SECRET_KEY") // never on a command line that ps shows
	c.ZaloRefresh = getenv("ZALO_REFRESH_TOKEN")
	fs.StringVar(&c.ZaloAPIBase, "zalo-api-base", env.url("ZALO_API_BASE", zalo.DefaultAPIBase),
		"base URL of the Zalo OA API (env ZALO_API_BASE)")
	fs.StringVar(&c.ZaloOAuthBase, "zalo-oauth-base", env.url("ZALO_OAUTH_BASE", zalo.DefaultOAuthBase),
		"base URL of Zalo's OAuth server (env ZALO_OAUTH_BASE); secrets come from ZALO_APP_SECRET,\n"+
			"ZALO_OA_SECRET_KEY and, on the first start only, ZALO_REFRESH_TOKEN")
}

// check reports missing settings when Zalo is on.
func (c zaloConfig) check() error {
	if c.ZaloListen == "" {
		return nil
	}
	if c.ZaloAppID == "" || c.ZaloAppSecret == "" || c.ZaloOASecret == "" {
		return errors.New("zalo: set ZALO_APP_ID, ZALO_APP_SECRET and ZALO_OA_SECRET_KEY, or leave --zalo-listen empty")
	}
	return nil
}

// startZalo adds the Zalo channel to channels when it is configured and
// returns the loop that serves its webhook until ctx ends (one that
// returns at once when Zalo is off). Recorded events go to the dispatcher.
func startZalo(cfg zaloConfig, db *store.DB, channels map[string]bot.Channel, dispatcher *relay.Dispatcher,
	now func() time.Time, log *slog.Logger) (func(context.Context) error, error) {
	if cfg.ZaloListen == "" {
		return func(context.Context) error { return nil }, nil
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	tokens := zalo.NewTokens(zalo.TokenConfig{AppID: cfg.ZaloAppID, AppSecret: cfg.ZaloAppSecret,
		OAuthBase: cfg.ZaloOAuthBase, FirstRefresh: cfg.ZaloRefresh}, db, nil, now, log)
	channel := zalo.New(zalo.Config{AppID: cfg.ZaloAppID, OASecretKey: cfg.ZaloOASecret, APIBase: cfg.ZaloAPIBase},
		db, tokens, now, log, zalo.WithNotify(dispatcher.Submit))
	channels[zalo.Name] = channel
	ln, err := net.Listen("tcp", cfg.ZaloListen)
	if err != nil {
		return nil, fmt.Errorf("zalo webhook: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle(cfg.ZaloPath, channel)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second}
	if cfg.zaloListening != nil {
		cfg.zaloListening(ln.Addr().String())
	}
	log.Info("zalo webhook listening", "addr", ln.Addr().String(), "path", cfg.ZaloPath)
	return func(ctx context.Context) error {
		if _, err := tokens.Token(ctx); err != nil {
			log.Warn("zalo access token not available yet", "err", err)
		}
		stop := context.AfterFunc(ctx, func() {
			shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(shutdown)
		})
		defer stop()
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("zalo webhook: %w", err)
		}
		return nil
	}, nil
}
