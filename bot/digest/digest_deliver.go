package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// Composer builds an officer's weekly digest for their scope: the
// text, the chart as a photo and the spreadsheet as a document.
type Composer struct {
	Store    bot.Store
	Reports  Reports
	OlderAge int
	// ReminderDay decides which clubs are late with their fund report
	// (Reporting).
	ReminderDay int
}

// Compose computes and renders the recipient's digest on day asOf.
func (c Composer) Compose(ctx context.Context, r bot.Recipient, asOf time.Time) ([]bot.Outgoing, error) {
	scope := bot.OfficerScope(&r.User)
	d, err := c.digest(ctx, scope, asOf)
	if err != nil {
		return nil, err
	}
	lang := messages.Normalize(r.User.Lang)
	reviews, err := ReviewLine(ctx, c.Store.Reader(), scope, lang)
	if err != nil {
		return nil, fmt.Errorf("count reviews: %w", err)
	}
	out := []bot.Outgoing{{Channel: r.Channel, ChatID: r.ChatID, Text: Render(d, lang) + reviews}}
	caption := messages.Render(lang, "officer.file_caption", map[string]any{"place": d.ScopeName, "date": messages.Date(d.AsOf)})
	week, _ := bot.ISOWeek(asOf)
	files := []struct {
		kind bot.FileKind
		name string
		draw func(bot.Digest, string) ([]byte, error)
	}{
		{bot.FilePhoto, "tien-do-" + week + ".png", c.Reports.Chart},
		{bot.FileDocument, "clb-" + week + ".xlsx", c.Reports.Spreadsheet},
	}
	for _, f := range files {
		if f.draw == nil {
			continue
		}
		data, err := f.draw(d, lang)
		if err != nil { // e.g. a scope with no district to chart: the text says it all
			continue
		}
		out = append(out, bot.Outgoing{Channel: r.Channel, ChatID: r.ChatID, Text: caption,
			File: &bot.File{Kind: f.kind, Name: f.name, Data: data}})
	}
	return out, nil
}

// digest computes the digest of scope on day asOf.
func (c Composer) digest(ctx context.Context, scope bot.Scope, asOf time.Time) (bot.Digest, error) {
	stats, err := c.Store.ClubStats(ctx, scope, asOf, c.OlderAge)
	if err != nil {
		return bot.Digest{}, fmt.Errorf("club stats: %w", err)
	}
	districts, err := c.Store.DistrictsOf(ctx, scope)
	if err != nil {
		return bot.Digest{}, fmt.Errorf("districts: %w", err)
	}
	var plan bot.Plan
	var name string
	err = c.Store.InTx(ctx, func(tx bot.Writer) error {
		if plan, err = tx.CurrentPlan(ctx, asOf); err != nil {
			return err
		}
		name, err = ScopeName(ctx, tx, scope)
		return err
	})
	if err != nil {
		return bot.Digest{}, fmt.Errorf("plan and scope: %w", err)
	}
	d := Compute(stats, districts, plan, asOf, c.OlderAge, c.ReminderDay, name)
	d.Area = scope.Kind != bot.ScopeProvince
	return d, nil
}

// ScopeName names a scope: its unit, else the province.
func ScopeName(ctx context.Context, tx bot.Reader, s bot.Scope) (string, error) {
	if s.UnitID != nil {
		u, err := tx.Unit(ctx, *s.UnitID)
		return u.FullName(), err
	}
	units, err := tx.Units(ctx, bot.LevelProvince)
	if err != nil || len(units) == 0 {
		return "", fmt.Errorf("load province: %w", err)
	}
	return units[0].FullName(), nil
}

// Reports draws a digest as files. The chart and xlsx packages implement
// them; they import bot, so the composition root hands them to the engine.
// A nil function means that file is not available.
type Reports struct {
	Chart       func(d bot.Digest, lang string) ([]byte, error) // PNG of the plan's progress by district
	Spreadsheet func(d bot.Digest, lang string) ([]byte, error) // XLSX of every club and the summary
}

// ReviewLine is the digest's line counting the fund reports in scope
// awaiting review, preceded by a blank line, or "" when none does.
func ReviewLine(ctx context.Context, tx bot.Reader, scope bot.Scope, lang string) (string, error) {
	n, err := tx.CountOpenReviews(ctx, scope)
	if err != nil || n == 0 {
		return "", err
	}
	return "\n\n" + messages.Render(lang, "review.digest_line", map[string]any{"n": n}), nil
}
