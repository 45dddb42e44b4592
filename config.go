package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// config is what every command shares: where the data is and how the
// dialogues behave.
type config struct {
	DB         string
	OlderAge   int
	SessionTTL time.Duration
	Verbose    bool
}

// envOr returns the environment variable, or def when it is empty.
func envOr(getenv func(string) string, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

// register adds the shared flags to fs, with defaults from the environment.
func (c *config) register(fs *flag.FlagSet, getenv func(string) string, defaultDB string) {
	fs.StringVar(&c.DB, "db", envOr(getenv, "CLUBBOT_DB", defaultDB), "SQLite database file (env CLUBBOT_DB)")
	age, _ := strconv.Atoi(envOr(getenv, "CLUBBOT_OLDER_AGE", "60"))
	fs.IntVar(&c.OlderAge, "older-age", age, "age from which a member counts as older (env CLUBBOT_OLDER_AGE)")
	ttl, _ := time.ParseDuration(envOr(getenv, "CLUBBOT_SESSION_TTL", "24h"))
	fs.DurationVar(&c.SessionTTL, "session-ttl", ttl, "an unfinished dialogue expires after this long (env CLUBBOT_SESSION_TTL)")
	fs.BoolVar(&c.Verbose, "v", false, "log every event handled")
}

// engineConfig is the engine's part of the configuration.
func (c *config) engineConfig() bot.Config {
	return bot.Config{OlderAge: c.OlderAge, SessionTTL: c.SessionTTL}
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
