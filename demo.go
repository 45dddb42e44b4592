package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/console"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/relay"
	"github.com/clubbot/clubbot/messages"
	"github.com/clubbot/clubbot/store"
)

// The demo's console flushes the outbox through the sender between lines.
var _ console.Flusher = (*relay.Sender)(nil)

// demoCommand chats with the bot in the terminal on a seeded database.
func demoCommand(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config
	fs := newFlagSet("demo", "Chats with the bot in this terminal as a demo club leader, on a SQLite file seeded\n"+
		"with Quảng Ninh's units and a few demo clubs. Buttons are numbered: type the number or the label.\n"+
		"/as leader|officer|admin switches persona. Reads standard input until EOF.", stderr)
	// The demo writes demo clubs: never into the deployment's database
	// that DATABASE_URL may name.
	env := newEnvReader(func(name string) string {
		if name == "DATABASE_URL" {
			return ""
		}
		return getenv(name)
	})
	cfg.register(fs, env, filepath.Join(os.TempDir(), "clubbot-demo.db"))
	fresh := fs.Bool("fresh", false, "delete the demo database first")
	if err := env.err(); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if store.IsPostgres(cfg.DB) {
		return fmt.Errorf("demo: runs on an SQLite file, not on PostgreSQL (-db %s)", store.Redacted(cfg.DB))
	}
	if *fresh {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(cfg.DB + suffix)
		}
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	db, err := cfg.openStore(ctx, nil, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.SeedDemo(ctx, clock()); err != nil {
		return fmt.Errorf("seed demo data: %w", err)
	}
	engine := engine.NewEngine(db, clock, cfg.engineConfig(), log)
	term := console.New(stdout, db, engine, nil, clock, "demo-leader")
	// A terminal has no rate limits.
	sender := relay.NewSender(db, map[string]bot.Channel{console.Name: term}, clock, log, relay.WithRateLimits(bot.RateLimits{}))
	term.SetPipeline(engine, sender)
	if f, ok := stdin.(*os.File); ok && isTerminal(f) {
		fmt.Fprintln(stdout, html.UnescapeString(messages.Render(messages.VI, "demo.banner", messages.Args{"db": cfg.DB})))
	}
	if err := term.Line(ctx, "/start"); err != nil {
		return err
	}
	return term.Run(ctx, stdin)
}
