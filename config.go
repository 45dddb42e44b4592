package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/chart"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/xlsx"
)

// config is what every command shares: where the data is and how the
// dialogues behave.
type config struct {
	DB       string
	OlderAge int
	// ReminderDay is the day of the month of the leaders' fund reminder,
	// from which this month's fund report is owed (bot.Reporting).
	ReminderDay int
	SessionTTL  time.Duration
	InviteTTL   time.Duration
	UnitsDir    string
	PlanFile    string
	Verbose     bool
	// BotUsername is the bot's Telegram username, for invites' deep links.
	BotUsername string
}

// register adds the shared flags to fs, with defaults from the
// environment; env keeps the malformed ones.
func (c *config) register(fs *flag.FlagSet, env *envReader, defaultDB string) {
	fs.StringVar(&c.DB, "db", env.str("CLUBBOT_DB", env.str("DATABASE_URL", defaultDB)),
		"SQLite database file or postgres:// URL (env CLUBBOT_DB, else DATABASE_URL)")
	fs.IntVar(&c.OlderAge, "older-age", env.int("CLUBBOT_OLDER_AGE", 60, 1, 120),
		"age from which a member counts as older (env CLUBBOT_OLDER_AGE)")
	fs.IntVar(&c.ReminderDay, "reminder-day", env.int("REMINDER_DAY", 25, 1, 28),
		"day of the month of the fund reminder, 1-28, from which the month's\n"+
			"fund report is owed (env REMINDER_DAY)")
	fs.DurationVar(&c.SessionTTL, "session-ttl", env.duration("CLUBBOT_SESSION_TTL", 24*time.Hour),
		"an unfinished dialogue expires after this long (env CLUBBOT_SESSION_TTL)")
	fs.DurationVar(&c.InviteTTL, "invite-ttl", env.duration("CLUBBOT_INVITE_TTL", 7*24*time.Hour),
		"an invite code expires after this long, 7 days by default (env CLUBBOT_INVITE_TTL)")
	getenv := env.getenv
	fs.StringVar(&c.UnitsDir, "units", getenv("CLUBBOT_UNITS_DIR"), "folder with districts.csv and communes.csv replacing the built-in\n"+
		"administrative units (env CLUBBOT_UNITS_DIR)")
	fs.StringVar(&c.PlanFile, "plan", getenv("CLUBBOT_PLAN_FILE"), "JSON file replacing or adding plans (env CLUBBOT_PLAN_FILE)")
	fs.BoolVar(&c.Verbose, "v", false, "log every event handled")
	fs.StringVar(&c.BotUsername, "bot", getenv("TELEGRAM_BOT_USERNAME"), "the bot's username, for the deep links of invites\n"+
		"(env TELEGRAM_BOT_USERNAME)")
}

// openStore opens the database and loads the operator's units and plan
// files, if any, over the built-in ones.
func (c *config) openStore(ctx context.Context, log *slog.Logger, now func() time.Time) (*store.DB, error) {
	db, err := store.Open(ctx, c.DB, store.WithClock(now), store.WithLogger(log))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", store.Redacted(c.DB), err)
	}
	if c.UnitsDir != "" {
		err = db.SeedUnitsFromFiles(ctx, filepath.Join(c.UnitsDir, "districts.csv"), filepath.Join(c.UnitsDir, "communes.csv"))
	}
	if err == nil && c.PlanFile != "" {
		err = db.SeedPlanFile(ctx, c.PlanFile)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("load data files: %w", err)
	}
	return db, nil
}

// engineConfig is the engine's part of the configuration.
func (c *config) engineConfig() engine.Config {
	return engine.Config{OlderAge: c.OlderAge, ReminderDay: c.ReminderDay, SessionTTL: c.SessionTTL, InviteTTL: c.InviteTTL, BotUsername: c.BotUsername,
		Reports: digest.Reports{Chart: chart.Progress, Spreadsheet: xlsx.Digest}}
}

// newFlagSet returns a flag set that prints its usage, with a line about
// the command, to w.
func newFlagSet(name, about string, w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(w)
	fs.Usage = func() {
		fmt.Fprintf(w, "Usage: clubbot %s [flags]\n\n%s\n\nFlags:\n", name, about)
		fs.PrintDefaults()
	}
	return fs
}
