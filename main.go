// Command clubbot is a chatbot for Vietnam's Intergenerational Self-Help
// Clubs: club leaders report members and funds through guided dialogues,
// officers follow the province's plan.
//
// This file is the composition root: it reads configuration, opens the
// store, builds the engine and the channels, and runs them until a signal.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// clock is the real clock in Vietnam's time.
func clock() time.Time { return time.Now().In(bot.Vietnam()) }

func main() {
	// The first SIGINT or SIGTERM asks for a clean stop (serve finishes what
	// it has in hand and exits 0); a second one ends the process at once.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "clubbot:", err)
		os.Exit(1)
	}
}

// run dispatches to a subcommand. It takes its environment as arguments so
// that tests can run the real thing.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		usage(stderr)
		return flag.ErrHelp
	}
	switch args[0] {
	case "serve":
		return serveCommand(ctx, args[1:], stderr, getenv)
	case "demo":
		return demoCommand(ctx, args[1:], stdin, stdout, stderr, getenv)
	case "invite":
		return inviteCommand(ctx, args[1:], stdout, stderr, getenv)
	case "import":
		return importCommand(ctx, args[1:], stdout, stderr, getenv)
	case "digest":
		return digestCommand(ctx, args[1:], stdout, stderr, getenv)
	case "seed":
		return seedCommand(ctx, args[1:], stdout, stderr, getenv)
	case "migrate":
		return migrateCommand(ctx, args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return flag.ErrHelp
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprint(w, `clubbot: a chatbot for Intergenerational Self-Help Clubs

Commands:
  clubbot serve     run the bot on Telegram
  clubbot demo      chat with the bot in this terminal, as a demo club leader
  clubbot invite    print an invite code and its deep link
  clubbot import    bring clubs, members and fund reports in from CSV files
  clubbot digest    print this week's digest (--dry-run)
  clubbot seed      fill a database with synthetic national-scale data (--national)
  clubbot migrate   copy a database into another, SQLite into PostgreSQL, and verify the copy

Run "clubbot COMMAND --help" for the flags and environment of a command.
`)
}

// newLogger logs JSON when stderr is not a terminal, text when it is.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if f, ok := w.(*os.File); ok && isTerminal(f) {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// isTerminal reports whether f is a character device, a terminal.
func isTerminal(f *os.File) bool {
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
