package main

import (
	"context"
	"fmt"
	"html"
	"io"
	"regexp"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/messages"
	"github.com/clubbot/clubbot/store"
)

// digestCommand prints this week's digest of the province, or of an area,
// to the terminal as plain text.
func digestCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config
	fs := newFlagSet("digest", "Prints the weekly digest (--dry-run): where the province, or an area, stands\n"+
		"against the plan, the week's changes and the clubs that need attention.", stderr)
	env := newEnvReader(getenv)
	cfg.register(fs, env, "clubbot.db")
	dryRun := fs.Bool("dry-run", false, "print the digest here instead of sending it (required)")
	lang := fs.String("lang", messages.VI, "language: vi or en")
	area := fs.String("area", "", "a district-level or commune-level unit (default the whole province)")
	asOf := fs.String("as-of", "", "the digest's day, YYYY-MM-DD (default today)")
	if err := env.err(); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*dryRun {
		fs.Usage()
		return fmt.Errorf("digest needs --dry-run: the weekly sending is the scheduler's")
	}
	day, err := parseDayFlag(*asOf, clock())
	if err != nil {
		return err
	}
	db, err := cfg.openStore(ctx, nil, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := buildDigest(ctx, db, *area, day, cfg.OlderAge, cfg.ReminderDay)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, plainText(digest.Render(d, messages.Normalize(*lang))))
	return err
}

// buildDigest computes the digest of an area (the province if empty) on a
// day.
func buildDigest(ctx context.Context, db *store.DB, area string, day time.Time, olderAge, reminderDay int) (bot.Digest, error) {
	scope, name, err := areaScope(ctx, db, area)
	if err != nil {
		return bot.Digest{}, err
	}
	plan, err := db.PlanAt(ctx, day)
	if err != nil {
		return bot.Digest{}, fmt.Errorf("plan: %w", err)
	}
	districts, err := db.DistrictsOf(ctx, scope)
	if err != nil {
		return bot.Digest{}, fmt.Errorf("districts: %w", err)
	}
	stats, err := db.ClubStats(ctx, scope, day, olderAge)
	if err != nil {
		return bot.Digest{}, fmt.Errorf("club figures: %w", err)
	}
	d := digest.Compute(stats, districts, plan, day, olderAge, reminderDay, name)
	d.Area = scope.Kind != bot.ScopeProvince
	return d, nil
}

// areaScope returns the scope and name of an area: a district-level unit,
// else a commune-level one, by name; the province if area is empty.
func areaScope(ctx context.Context, db *store.DB, area string) (bot.Scope, string, error) {
	if area == "" {
		units, err := db.Units(ctx, bot.LevelProvince)
		if err != nil || len(units) == 0 {
			return bot.Scope{}, "", fmt.Errorf("find the province: %v", err)
		}
		return bot.Scope{Kind: bot.ScopeProvince}, units[0].FullName(), nil
	}
	u, err := db.UnitByName(ctx, bot.LevelDistrict, area)
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		u, err = db.UnitByName(ctx, bot.LevelCommune, area)
	}
	if err != nil {
		return bot.Scope{}, "", fmt.Errorf("area %q: %w", area, err)
	}
	return bot.Scope{Kind: bot.ScopeUnit, UnitID: &u.ID}, u.FullName(), nil
}

// htmlTag matches the HTML tags of a message.
var htmlTag = regexp.MustCompile(`</?[a-z]+>`)

// plainText turns a message's HTML into terminal text, as the console does.
func plainText(s string) string {
	return html.UnescapeString(htmlTag.ReplaceAllString(s, ""))
}
