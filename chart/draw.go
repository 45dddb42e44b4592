package chart

import (
	"fmt"
	"strings"

	"github.com/golang/freetype/truetype"
	gochart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// canvas is a raster image to draw on, with go-chart's embedded font. At 72
// dots per inch a font size is a height in pixels.
type canvas struct {
	r    gochart.Renderer
	font *truetype.Font
}

// newCanvas returns a blank canvas of width by height pixels.
func newCanvas(width, height int) (*canvas, error) {
	font, err := gochart.GetDefaultFont()
	if err != nil {
		return nil, fmt.Errorf("chart: load font: %w", err)
	}
	r, err := gochart.PNG(width, height)
	if err != nil {
		return nil, fmt.Errorf("chart: new image: %w", err)
	}
	r.SetDPI(72)
	r.SetFont(font)
	return &canvas{r: r, font: font}, nil
}

// fill paints box in color.
func (c *canvas) fill(b gochart.Box, color drawing.Color) {
	c.r.SetFillColor(color)
	c.r.MoveTo(b.Left, b.Top)
	c.r.LineTo(b.Right, b.Top)
	c.r.LineTo(b.Right, b.Bottom)
	c.r.LineTo(b.Left, b.Bottom)
	c.r.Close()
	c.r.Fill()
}

// line draws a one-pixel line from (x1, y1) to (x2, y2).
func (c *canvas) line(x1, y1, x2, y2 int, color drawing.Color) {
	c.r.SetStrokeColor(color)
	c.r.SetStrokeWidth(1)
	c.r.MoveTo(x1, y1)
	c.r.LineTo(x2, y2)
	c.r.Stroke()
}

// text draws s with its baseline's left end at (x, y).
func (c *canvas) text(s string, x, y int, size float64, color drawing.Color) {
	c.r.SetFont(c.font)
	c.r.SetFontSize(size)
	c.r.SetFontColor(color)
	c.r.Text(s, x, y)
}

// measure returns the width of s in pixels at size.
func (c *canvas) measure(s string, size float64) int {
	c.r.SetFont(c.font)
	c.r.SetFontSize(size)
	return c.r.MeasureText(s).Width()
}

// fit shortens s with an ellipsis until it is at most width pixels wide.
func (c *canvas) fit(s string, size float64, width int) string {
	if c.measure(s, size) <= width {
		return s
	}
	runes := []rune(strings.TrimSpace(s))
	for n := len(runes) - 1; n > 0; n-- {
		short := strings.TrimSpace(string(runes[:n])) + "…"
		if c.measure(short, size) <= width {
			return short
		}
	}
	return "…"
}
