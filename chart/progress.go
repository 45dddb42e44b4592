package chart

import (
	"strconv"

	gochart "github.com/wcharczuk/go-chart/v2"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// Font sizes of the progress chart's rows and axis, in pixels.
const (
	nameSize  = 23
	valueSize = 21
	tickSize  = 18
)

// plot is where the progress chart's bars go: the unit names to the left of
// left, the bars from left to right scaled to top, the value labels after
// the bars.
type plot struct {
	nameW       int // width left for unit names
	left, right int
	top, bottom int
	scale       int // the value at right
	step        int // between grid lines
}

// layout measures the unit names and value labels and places the bars.
func (c *canvas) layout(units []bot.UnitProgress, lang string) plot {
	nameW, valueW, most := 0, 0, 0
	for _, u := range units {
		nameW = max(nameW, c.measure(u.Name, nameSize))
		valueW = max(valueW, c.measure(valueLabel(u, lang), valueSize))
		most = max(most, u.Clubs)
	}
	nameW = min(nameW, Width*3/10)
	step := niceStep(most)
	p := plot{nameW: nameW, top: headerH, step: step}
	p.left = margin + nameW + 14
	p.right = Width - margin - valueW - 10
	p.bottom = p.top + len(units)*rowH
	p.scale = step * max(1, (most+step-1)/step)
	return p
}

// niceStep returns a round distance between grid lines for values up to
// most: 1, 2 or 5 times a power of ten, giving at most about six lines.
func niceStep(most int) int {
	for pow := 1; ; pow *= 10 {
		for _, m := range []int{1, 2, 5} {
			if most <= 6*m*pow {
				return m * pow
			}
		}
	}
}

// x returns the horizontal position of value v.
func (p plot) x(v int) int {
	return p.left + v*(p.right-p.left)/p.scale
}

// grid draws the vertical grid lines behind the bars.
func (p plot) grid(c *canvas) {
	for v := 0; v <= p.scale; v += p.step {
		c.line(p.x(v), p.top, p.x(v), p.bottom, colorGrid)
	}
}

// stripes shades every other row, and the rows of units without a club in
// pale red, under the grid lines and the bars.
func (p plot) stripes(c *canvas, units []bot.UnitProgress) {
	for i, u := range units {
		top := p.top + i*rowH
		stripe := gochart.Box{Left: margin, Top: top, Right: Width - margin, Bottom: top + rowH}
		switch {
		case u.Clubs == 0:
			c.fill(stripe, colorNoneBg)
		case i%2 == 1:
			c.fill(stripe, colorStripe)
		}
	}
}

// row draws unit i: its name, its bars and its value label. A unit without
// a club gets a red stub for a bar and red text.
func (p plot) row(c *canvas, i int, u bot.UnitProgress, lang string) {
	top := p.top + i*rowH
	textColor := colorText
	if u.Clubs == 0 {
		textColor = colorNone
	}
	baseline := top + rowH/2 + 8
	name := c.fit(u.Name, nameSize, p.nameW)
	c.text(name, p.left-14-c.measure(name, nameSize), baseline, nameSize, textColor)
	bar := gochart.Box{Left: p.left, Top: top + (rowH-barH)/2, Right: p.x(u.Clubs)}
	bar.Bottom = bar.Top + barH
	if u.Clubs == 0 {
		bar.Right = p.left + 6
		c.fill(bar, colorNone)
	} else {
		c.fill(bar, colorClubs)
		newBar := bar
		newBar.Right = p.x(min(u.NewClubs, u.Clubs))
		c.fill(newBar, colorNew)
	}
	c.text(valueLabel(u, lang), bar.Right+8, baseline, valueSize, textColor)
}

// axis draws the base line, the tick labels and the axis title.
func (p plot) axis(c *canvas, lang string) {
	c.line(p.left, p.top, p.left, p.bottom, colorMuted)
	c.line(p.left, p.bottom, p.right, p.bottom, colorMuted)
	for v := 0; v <= p.scale; v += p.step {
		s := strconv.Itoa(v)
		c.line(p.x(v), p.bottom, p.x(v), p.bottom+5, colorMuted)
		c.text(s, p.x(v)-c.measure(s, tickSize)/2, p.bottom+24, tickSize, colorMuted)
	}
	title := label(lang, "report.chart.axis", nil)
	c.text(title, (p.left+p.right-c.measure(title, tickSize))/2, p.bottom+52, tickSize, colorMuted)
}

// valueLabel is the text after a unit's bar: its clubs and new clubs, or a
// warning that it has none.
func valueLabel(u bot.UnitProgress, lang string) string {
	if u.Clubs == 0 {
		return label(lang, "report.chart.none", nil)
	}
	return label(lang, "report.chart.value", messages.Args{"clubs": u.Clubs, "new": u.NewClubs})
}
