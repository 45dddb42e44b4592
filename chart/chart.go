// Package chart draws the digest's pictures as PNG images, sized for a
// phone's screen and sent as Telegram photos. It draws with go-chart's
// raster renderer and the Roboto font go-chart embeds, which covers
// Vietnamese diacritics.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"html"

	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// Width is the width of every chart in pixels. Telegram shows a photo about
// 400 pixels wide on a phone, so text is drawn large.
const Width = 1000

// Progress layout, in pixels.
const (
	margin    = 24
	headerH   = 160 // title, subtitle and legend
	footerH   = 72  // tick labels and axis title
	rowH      = 36
	barH      = 22
	minHeight = 600
)

// Colours of the progress chart.
var (
	colorBackground = drawing.ColorWhite
	colorText       = drawing.ColorFromHex("212121")
	colorMuted      = drawing.ColorFromHex("616161")
	colorGrid       = drawing.ColorFromHex("E0E0E0")
	colorStripe     = drawing.ColorFromHex("F5F5F5")
	colorClubs      = drawing.ColorFromHex("90CAF9")
	colorNew        = drawing.ColorFromHex("1565C0")
	colorNone       = drawing.ColorFromHex("C62828")
	colorNoneBg     = drawing.ColorFromHex("FDECEA")
)

// ErrNoUnits is returned for a digest without district-level units to draw.
var ErrNoUnits = errors.New("chart: the digest has no units")

// Progress draws the plan's progress by district-level unit as a PNG: one
// horizontal bar per unit for its active clubs, the new clubs among them in
// a darker shade, and units without a club in red. Labels are in lang. The
// same digest always gives the same bytes.
func Progress(d bot.Digest, lang string) ([]byte, error) {
	if len(d.ByUnit) == 0 {
		return nil, ErrNoUnits
	}
	lang = messages.Normalize(lang)
	height := max(minHeight, headerH+len(d.ByUnit)*rowH+footerH)
	c, err := newCanvas(Width, height)
	if err != nil {
		return nil, err
	}
	c.fill(gochart.Box{Right: Width, Bottom: height}, colorBackground)
	c.header(d, lang)
	p := c.layout(d.ByUnit, lang)
	p.stripes(c, d.ByUnit)
	p.grid(c)
	for i, u := range d.ByUnit {
		p.row(c, i, u, lang)
	}
	p.axis(c, lang)
	var buf bytes.Buffer
	if err := c.r.Save(&buf); err != nil {
		return nil, fmt.Errorf("chart: encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// label renders key in lang as plain text: an image shows no markup.
func label(lang, key string, args messages.Args) string {
	return html.UnescapeString(messages.Render(lang, key, args))
}

// header draws the title, the subtitle with the scope's totals against the
// plan, and the legend.
func (c *canvas) header(d bot.Digest, lang string) {
	title := label(lang, "report.chart.title", messages.Args{"date": messages.Date(d.AsOf)})
	if d.PlanEnded { // the bars are the ended plan's final result
		title = label(lang, "report.chart.title_ended", messages.Args{"date": messages.Date(d.AsOf), "to": messages.Date(d.Plan.PeriodTo)})
	}
	c.text(title, margin, 46, 32, colorText)
	key := "report.chart.subtitle"
	if d.Area { // the plan's targets are the province's, not the area's
		key = "report.chart.subtitle_area"
	}
	sub := label(lang, key, messages.Args{
		"scope": d.ScopeName, "clubs": d.PlanClubs, "target_clubs": d.Plan.TargetClubs,
		"new": d.NewClubs, "target_new": d.Plan.TargetNewClubs,
	})
	c.text(sub, margin, 84, 22, colorMuted)
	x := margin
	for _, item := range []struct {
		key   string
		color drawing.Color
	}{
		{"report.chart.legend_clubs", colorClubs},
		{"report.chart.legend_new", colorNew},
		{"report.chart.legend_none", colorNone},
	} {
		c.fill(gochart.Box{Left: x, Top: 112, Right: x + 22, Bottom: 134}, item.color)
		name := label(lang, item.key, nil)
		c.text(name, x+30, 131, 22, colorText)
		x += 30 + c.measure(name, 22) + 32
	}
}
