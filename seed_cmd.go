package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store"
)

// seedCommand writes a synthetic national-scale database, for benchmarks
// and load tests: clubs spread over the commune-level units, their members
// and monthly fund reports, the same for the same --seed and day.
func seedCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config
	fs := newFlagSet("seed", "Writes synthetic data at national scale into a new database (--national). The data\n"+
		"is deterministic for a --seed and --as-of day; the database must have no clubs yet.", stderr)
	env := newEnvReader(getenv)
	cfg.register(fs, env, "clubbot-national.db")
	national := fs.Bool("national", false, "write the synthetic national database (required)")
	opts := store.SyntheticOptions{}
	fs.IntVar(&opts.Clubs, "clubs", 10_000, "clubs")
	fs.IntVar(&opts.Members, "members", 600_000, "members in all")
	fs.IntVar(&opts.Months, "months", 24, "monthly fund reports per club")
	fs.Uint64Var(&opts.Seed, "seed", 1, "seed of the random data")
	asOf := fs.String("as-of", "", "the day the data leads up to, YYYY-MM-DD (default today)")
	if err := env.err(); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*national {
		fs.Usage()
		return fmt.Errorf("seed needs --national")
	}
	day, err := parseDayFlag(*asOf, clock())
	if err != nil {
		return err
	}
	opts.AsOf = day
	return runSeed(ctx, &cfg, opts, stdout)
}

// runSeed opens the database, writes the data and reports how long it took.
func runSeed(ctx context.Context, cfg *config, opts store.SyntheticOptions, stdout io.Writer) error {
	db, err := cfg.openStore(ctx, nil, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := db.SeedSynthetic(ctx, opts); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	fmt.Fprintf(stdout, "%s: %d clubs, %d members, %d months of fund reports to %s in %s\n",
		store.Redacted(cfg.DB), opts.Clubs, opts.Members, opts.Months, opts.AsOf.Format(time.DateOnly),
		time.Since(start).Round(time.Millisecond))
	return nil
}

// parseDayFlag parses a YYYY-MM-DD day as midnight in Vietnam; empty is
// now's day.
func parseDayFlag(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return bot.Day(now), nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, bot.Vietnam())
	if err != nil {
		return time.Time{}, fmt.Errorf("day %q: want YYYY-MM-DD", s)
	}
	return t, nil
}
