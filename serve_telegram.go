package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/store"
)

// errNoChannel is why serve does not start when no channel is configured.
var errNoChannel = errors.New("no channel configured: set TELEGRAM_BOT_TOKEN (or --token) for Telegram, " +
	"or ZALO_LISTEN (or --zalo-listen) with the ZALO_* settings for Zalo")

// checkChannels reports a configuration that would serve nobody.
func (cfg serveConfig) checkChannels() error {
	if cfg.Token == "" && cfg.ZaloListen == "" {
		return errNoChannel
	}
	return nil
}

// telegramPart is the Telegram channel of serve: the loop taking its
// updates in and when it last heard from Telegram, for /healthz. Without
// a token it is off: its intake returns at once and lastContact is nil.
type telegramPart struct {
	intake      loop
	lastContact func() time.Time
	close       func()
}

// startTelegram adds the Telegram channel to channels when a token is set,
// registers its command menu and opens its webhook's listener, if any.
// Recorded events go to the dispatcher; a user whose update the store
// could not record is told by unavailable that the store is down. Long
// polling is done under the database's lease, taken as instanceID.
func startTelegram(ctx context.Context, cfg serveConfig, db *store.DB, instanceID string, channels map[string]bot.Channel,
	dispatcher *relay.Dispatcher, unavailable relay.UnavailableNotifier,
	now func() time.Time, log *slog.Logger) (telegramPart, error) {
	off := telegramPart{intake: func(context.Context) error { return nil }, close: func() {}}
	if cfg.Token == "" {
		return off, nil
	}
	ln, err := cfg.webhookConfig.listen()
	if err != nil {
		return off, err
	}
	part := off
	if ln != nil {
		part.close = func() { ln.Close() }
	}
	api, err := cfg.telegramAPI()
	if err != nil {
		part.close()
		return off, err
	}
	opts := []telegram.Option{telegram.WithPollTimeout(cfg.PollTimeout),
		telegram.WithNotify(dispatcher.Submit), telegram.WithUnavailable(unavailable.Unavailable)}
	if ln == nil {
		// One process among those sharing the database polls; with a
		// webhook every process receives.
		lease := db.Lease(store.PollLeaseName, instanceID, store.PollLeaseTTL)
		opts = append(opts, telegram.WithLease(lease, store.PollLeaseEvery))
	}
	channel := telegram.New(api, db, now, log, opts...)
	channels[telegram.Name] = channel
	if err := channel.SetCommands(ctx, commandMenu()); err != nil {
		log.Warn("register command menu", "err", err)
	}
	part.intake, part.lastContact = cfg.webhookConfig.intake(channel, ln), channel.LastContact
	log.Info("telegram", "bot", api.Self.UserName, "webhook", ln != nil)
	return part, nil
}

// telegramAPI connects to the Bot API. tgbotapi takes no context: a client
// timeout longer than the long poll keeps a dead connection from hanging a
// send for ever. Sends go out in parallel: their connections are kept open
// between messages rather than the default two.
func (cfg serveConfig) telegramAPI() (*tgbotapi.BotAPI, error) {
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 64
	client := &http.Client{Timeout: cfg.PollTimeout + 20*time.Second, Transport: transport}
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, cfg.APIEndpoint, telegram.RedactToken(client, cfg.Token))
	if err != nil {
		return nil, fmt.Errorf("connect to telegram: %w", err)
	}
	return api, nil
}
