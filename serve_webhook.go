package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/url"

	"github.com/clubbot/clubbot/bot/telegram"
)

// webhookConfig is how `clubbot serve` receives updates: by long polling,
// or through a webhook when URL is set.
type webhookConfig struct {
	URL    string // https://HOST/PATH Telegram posts updates to
	Listen string // address the webhook's HTTP server listens on
	// listener, when set, is an open listener used in place of Listen
	// (tests, which need the port before the bot starts).
	listener net.Listener
}

func (c *webhookConfig) addFlags(fs *flag.FlagSet, env *envReader) {
	fs.StringVar(&c.URL, "webhook-url", env.getenv("TELEGRAM_WEBHOOK_URL"), "receive updates through a webhook at this https:// URL, which\n"+
		"must reach --listen (through a TLS-terminating proxy); empty: long polling (env TELEGRAM_WEBHOOK_URL)")
	fs.StringVar(&c.Listen, "listen", env.addr("CLUBBOT_LISTEN", ":8080"), "address of the webhook's HTTP server (env CLUBBOT_LISTEN)")
}

// listen checks the webhook URL and opens the webhook's listener; it
// returns nil for long polling.
func (c *webhookConfig) listen() (net.Listener, error) {
	if c.URL == "" {
		return nil, nil
	}
	u, err := url.Parse(c.URL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("--webhook-url %q: Telegram posts only to https://HOST/PATH", c.URL)
	}
	if c.listener != nil {
		return c.listener, nil
	}
	ln, err := net.Listen("tcp", c.Listen)
	if err != nil {
		return nil, fmt.Errorf("webhook: %w", err)
	}
	return ln, nil
}

// intake is the loop that takes updates in: the webhook's server on ln,
// or, without a listener, the long poll (which deletes any webhook first).
func (c *webhookConfig) intake(ch *telegram.Channel, ln net.Listener) loop {
	if ln == nil {
		return ch.Poll
	}
	return func(ctx context.Context) error { return ch.ServeWebhook(ctx, ln, c.URL) }
}
