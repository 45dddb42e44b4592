package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/bot/zalo"
	"github.com/clubbot/clubbot/messages"
	"github.com/clubbot/clubbot/metrics"
	"github.com/clubbot/clubbot/store"
)

// serveConfig is the configuration of `clubbot serve`.
type serveConfig struct {
	config
	scheduleConfig
	metricsConfig
	zaloConfig
	webhookConfig
	pruneConfig
	Token       string
	APIEndpoint string
	PollTimeout time.Duration
	Workers     int
	// Limits are the sender's rate limits; zero (as in tests against the
	// fake server) is none, the flags default to Telegram's.
	Limits bot.RateLimits
	// FloodBurst and FloodEvery slow a chat that sends faster than a person
	// types; a zero FloodBurst (as in tests built without flags) is no limit.
	FloodBurst int
	FloodEvery time.Duration
	// Host is the machine this instance records itself on: instances of
	// one machine take over a dead one at once, by its process id.
	Host string
}

// serveCommand runs the bot on every configured channel until ctx ends.
func serveCommand(ctx context.Context, args []string, stderr io.Writer, getenv func(string) string) error {
	var cfg serveConfig
	fs := newFlagSet("serve", "Runs the bot on Telegram (with a token), by long polling or, with --webhook-url, through a\n"+
		"webhook, and on Zalo (with --zalo-listen); at least one of them must be configured.\n"+
		"Updates are recorded in the database before the channel is told they arrived, and replies\n"+
		"go out through an outbox. SIGTERM or SIGINT stops it cleanly.", stderr)
	env := newEnvReader(getenv)
	cfg.register(fs, env, "clubbot.db")
	fs.StringVar(&cfg.Token, "token", getenv("TELEGRAM_BOT_TOKEN"), "bot token from BotFather (env TELEGRAM_BOT_TOKEN)")
	fs.StringVar(&cfg.APIEndpoint, "api-endpoint", env.str("TELEGRAM_API_ENDPOINT", tgbotapi.APIEndpoint),
		"Bot API endpoint format string, token then method (env TELEGRAM_API_ENDPOINT)")
	fs.DurationVar(&cfg.PollTimeout, "poll-timeout", 50*time.Second, "long-poll timeout of getUpdates (at most 50s)")
	fs.IntVar(&cfg.Workers, "workers", 64, "chats handled in parallel (their steps are committed together)")
	tl := bot.TelegramLimits()
	fs.Float64Var(&cfg.Limits.PerSecond, "send-rate", tl.PerSecond, "messages a second the bot sends over all chats (0: no limit)")
	fs.IntVar(&cfg.Limits.Burst, "send-burst", tl.Burst, "messages the bot may send at once over all chats")
	fs.Float64Var(&cfg.Limits.ChatPerSecond, "chat-rate", tl.ChatPerSecond, "messages a second the bot sends in one chat (0: no limit)")
	fs.IntVar(&cfg.Limits.ChatBurst, "chat-burst", tl.ChatBurst, "messages the bot may send at once in one chat")
	fs.IntVar(&cfg.FloodBurst, "flood-burst", 10, "messages a chat may send at once before it is slowed (0: no limit)")
	fs.DurationVar(&cfg.FloodEvery, "flood-every", time.Second, "once slowed, a chat's messages are read one per this interval")
	hostname, _ := os.Hostname()
	fs.StringVar(&cfg.Host, "host", env.str("CLUBBOT_HOST", hostname), "the machine this instance records itself on, for the\n"+
		"takeover of a dead instance of the same machine by its process id (env CLUBBOT_HOST)")
	fs.StringVar(&cfg.DigestSpec, "digest-schedule", env.cron("DIGEST_SCHEDULE", "30 7 * * 1"),
		"cron spec of the officers' weekly digest, Vietnam time (env DIGEST_SCHEDULE)")
	fs.IntVar(&cfg.ReminderHour, "reminder-hour", env.int("REMINDER_HOUR", 9, 8, 20), "hour of the fund reminder, 8-20 (env REMINDER_HOUR)")
	fs.BoolVar(&cfg.Off, "no-schedule", false, "send no digest or reminder on a schedule")
	cfg.registerMetrics(fs, env)
	cfg.registerZalo(fs, env)
	cfg.webhookConfig.addFlags(fs, env)
	cfg.pruneConfig.addFlags(fs, env)
	if err := env.err(); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.checkChannels(); err != nil {
		fs.Usage()
		return err
	}
	if err := cfg.pruneConfig.check(); err != nil {
		return err
	}
	level := slog.LevelInfo
	if cfg.Verbose {
		level = slog.LevelDebug
	}
	return serve(ctx, cfg, newLogger(stderr, level), clock)
}

// serve wires the store, the engine and every configured channel
// (Telegram, Zalo or both), and runs their intake, the dispatcher and the
// sender until ctx ends. Then it stops them in turn (see runStages) and
// flushes the outbox.
func serve(ctx context.Context, cfg serveConfig, log *slog.Logger, now func() time.Time) error {
	if err := cfg.checkChannels(); err != nil {
		return err
	}
	db, err := cfg.openStore(ctx, log, now)
	if err != nil {
		return err
	}
	defer db.Close()
	counts := metrics.New(db.OutboxDepth) // always counted, served with --metrics
	engine := engine.NewEngine(db, now, cfg.engineConfig(), log)
	engine.Observer = counts
	self, err := startInstance(ctx, db, engine, cfg.Host, now, log)
	if err != nil {
		return err
	}
	defer self.close()
	// Each part is made once what it hands work to exists: the sender over
	// the channels (which startTelegram and startZalo add before anything
	// is sent), the notice of a store that is down over the sender, the
	// dispatcher over the engine and the notice, the channels' intake over
	// the dispatcher and the notice.
	channels := map[string]bot.Channel{}
	sender := relay.NewSender(db.Instance(self.id), channels, now, log, relay.WithChannelLimits(telegram.Name, cfg.Limits),
		relay.WithChannelLimits(zalo.Name, cfg.ZaloLimits), relay.WithSendObserver(counts))
	engine.OnQueued = sender.Submit
	notice := relay.NewUnavailableNotice(sender, db, now, log)
	dispatcher := relay.NewDispatcher(db, engine, notice, cfg.floodLimit(engine), cfg.Workers, log)
	tg, err := startTelegram(ctx, cfg, db, self.id, channels, dispatcher, notice, now, log)
	if err != nil {
		return err
	}
	defer tg.close()
	zaloLoop, err := startZalo(cfg.zaloConfig, db, channels, dispatcher, now, log)
	if err != nil {
		return err
	}
	recoverLostReplies(ctx, sender, engine, log)
	jobs, err := scheduledJobs(cfg.scheduleConfig, cfg.engineConfig(), db, channels, now, log)
	if err != nil {
		return err
	}
	announcer := newAnnouncer(cfg.engineConfig(), db, channels, now, log)
	observe, err := serveMetrics(cfg.metricsConfig, counts, db, tg.lastContact, jobs, now, log)
	if err != nil {
		return err
	}
	log.Info("serving", "db", store.Redacted(cfg.DB), "channels", len(channels))
	// Intake stops first, then the dispatcher finishes the events in hand,
	// then the sender the sends in hand; what the outbox still holds goes
	// out in the flush. Metrics are served to the end.
	err = runStages(ctx, log,
		[]loop{tg.intake, zaloLoop, func(ctx context.Context) error { return runSchedules(ctx, log, jobs...) },
			cfg.pruneLoop(db, now, log), func(ctx context.Context) error { return runAnnouncer(ctx, announcer, announceEvery, log) }},
		[]loop{dispatcher.Run},
		[]loop{sender.Run, observe})
	flushOutbox(sender, shutdownFlushWait, log)
	log.Info("stopped")
	return err
}

// The store is the dispatcher's backlog, the sender's outbox and where the
// notice of a store that is down reads the users' languages; the engine
// handles the dispatcher's events and its flood notices; the digest and the
// reminder are what the deliverers compose.
var (
	_ relay.Backlog    = (*store.DB)(nil)
	_ relay.Outbox     = (*store.DB)(nil)
	_ relay.Outbox     = (*store.Instance)(nil)
	_ relay.LangReader = (*store.DB)(nil)
	_ relay.Handler    = (*engine.Engine)(nil)
	_ relay.Notifier   = (*engine.Engine)(nil)
	_ relay.Composer   = digest.Composer{}
	_ relay.Composer   = digest.ReminderComposer{}
)

// floodLimit is how the dispatcher slows a chat that floods, telling it
// through the engine; a zero FloodBurst is no limit.
func (cfg serveConfig) floodLimit(notify relay.Notifier) relay.FloodLimit {
	if cfg.FloodBurst <= 0 {
		return relay.FloodLimit{}
	}
	flood := relay.DefaultFloodLimit(notify)
	flood.Burst, flood.Every = cfg.FloodBurst, cfg.FloodEvery
	return flood
}

// commandMenu is the bot's default command menu, a leader's, in every
// language, the default first. Officers get theirs in their chat when they
// join.
func commandMenu() map[string][]telegram.Command {
	menu := map[string][]telegram.Command{}
	for _, lang := range messages.Langs {
		var cmds []telegram.Command
		for _, c := range engine.Menu(engine.LeaderCommands(), lang) {
			cmds = append(cmds, telegram.Command{Name: c.Name, Description: c.Description})
		}
		menu[lang] = cmds
		if lang == messages.VI {
			menu[""] = cmds
		}
	}
	return menu
}
