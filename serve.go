package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/messages"
)

// serveConfig is the configuration of `clubbot serve`.
type serveConfig struct {
	config
	scheduleConfig
	metricsConfig
	zaloConfig
	Token       string
	APIEndpoint string
	PollTimeout time.Duration
	Workers     int
}

// serveCommand runs the bot on Telegram until ctx ends.
func serveCommand(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	var cfg serveConfig
	fs := newFlagSet("serve", "Runs the bot on Telegram by long polling. Updates are recorded in the database\n"+
		"before Telegram is told they arrived, and replies go out through an outbox.", stderr)
	cfg.register(fs, getenv, "clubbot.db")
	fs.StringVar(&cfg.Token, "token", getenv("TELEGRAM_BOT_TOKEN"), "bot token from BotFather (env TELEGRAM_BOT_TOKEN)")
	fs.StringVar(&cfg.APIEndpoint, "api-endpoint", envOr(getenv, "TELEGRAM_API_ENDPOINT", tgbotapi.APIEndpoint),
		"Bot API endpoint format string, token then method (env TELEGRAM_API_ENDPOINT)")
	fs.DurationVar(&cfg.PollTimeout, "poll-timeout", 50*time.Second, "long-poll timeout of getUpdates (at most 50s)")
	fs.IntVar(&cfg.Workers, "workers", 64, "chats handled in parallel (their steps are committed together)")
	fs.StringVar(&cfg.DigestSpec, "digest-schedule", envOr(getenv, "DIGEST_SCHEDULE", "30 7 * * 1"),
		"cron spec of the officers' weekly digest, Vietnam time (env DIGEST_SCHEDULE)")
	day, _ := strconv.Atoi(envOr(getenv, "REMINDER_DAY", "25"))
	fs.IntVar(&cfg.ReminderDay, "reminder-day", day, "day of the month of the fund reminder, 1-28 (env REMINDER_DAY)")
	hour, _ := strconv.Atoi(envOr(getenv, "REMINDER_HOUR", "9"))
	fs.IntVar(&cfg.ReminderHour, "reminder-hour", hour, "hour of the fund reminder, 8-20 (env REMINDER_HOUR)")
	fs.BoolVar(&cfg.Off, "no-schedule", false, "send no digest or reminder on a schedule")
	cfg.registerMetrics(fs, getenv)
	cfg.registerZalo(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.Token == "" {
		fs.Usage()
		return fmt.Errorf("no bot token: set TELEGRAM_BOT_TOKEN or --token")
	}
	level := slog.LevelInfo
	if cfg.Verbose {
		level = slog.LevelDebug
	}
	return serve(ctx, cfg, newLogger(stderr, level), clock)
}

// serve wires the store, the engine and the Telegram channel, and runs the
// poller, the dispatcher and the sender until ctx ends.
func serve(ctx context.Context, cfg serveConfig, log *slog.Logger, now func() time.Time) error {
	db, err := cfg.openStore(ctx, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	// tgbotapi takes no context: a client timeout longer than the long
	// poll keeps a dead connection from hanging a send for ever.
	// Sends go out in parallel: keep their connections open between
	// messages rather than the default two.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 64
	client := &http.Client{Timeout: cfg.PollTimeout + 20*time.Second, Transport: transport}
	api, err := tgbotapi.NewBotAPIWithClient(cfg.Token, cfg.APIEndpoint, telegram.RedactToken(client, cfg.Token))
	if err != nil {
		return fmt.Errorf("connect to telegram: %w", err)
	}
	engine := bot.NewEngine(db, now, cfg.engineConfig(), log)
	var dispatcher *bot.Dispatcher
	channel := telegram.New(api, db, now, log, telegram.WithPollTimeout(cfg.PollTimeout),
		telegram.WithNotify(func(recorded []bot.Inbound) { dispatcher.Submit(recorded) }))
	channels := map[string]bot.Channel{telegram.Name: channel}
	zaloLoop, err := startZalo(cfg.zaloConfig, db, channels, func(recorded []bot.Inbound) { dispatcher.Submit(recorded) }, now, log)
	if err != nil {
		return err
	}
	sender := bot.NewSender(db, channels, now, log)
	engine.OnQueued = sender.Submit
	dispatcher = bot.NewDispatcher(db, engine, cfg.Workers, log)
	dispatcher.OnUnavailable = bot.NewUnavailableNotice(sender, db, now, log)
	if err := channel.SetCommands(ctx, commandMenu()); err != nil {
		log.Warn("register command menu", "err", err)
	}
	jobs, err := scheduledJobs(cfg.scheduleConfig, cfg.engineConfig(), db, now, log)
	if err != nil {
		return err
	}
	observe, err := serveMetrics(cfg.metricsConfig, db, engine, channel, jobs, now, log)
	if err != nil {
		return err
	}
	log.Info("serving", "bot", api.Self.UserName, "db", cfg.DB)
	return runAll(ctx, log, channel.Poll, dispatcher.Run, sender.Run, observe, zaloLoop,
		func(ctx context.Context) error { return runSchedules(ctx, log, jobs...) })
}

// runAll runs each loop until ctx ends or one fails, then waits for all.
func runAll(ctx context.Context, log *slog.Logger, loops ...func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(loops))
	for _, loop := range loops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := loop(ctx); err != nil && ctx.Err() == nil {
				errs <- err
				cancel()
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// commandMenu is the bot's default command menu, a leader's, in every
// language, the default first. Officers get theirs in their chat when they
// join.
func commandMenu() map[string][]telegram.Command {
	menu := map[string][]telegram.Command{}
	for _, lang := range messages.Langs {
		var cmds []telegram.Command
		for _, c := range bot.Menu(bot.LeaderCommands(), lang) {
			cmds = append(cmds, telegram.Command{Name: c.Name, Description: c.Description})
		}
		menu[lang] = cmds
		if lang == messages.VI {
			menu[""] = cmds
		}
	}
	return menu
}
