// Package xlsx writes the digest's spreadsheet: one row per club with its
// figures and its standing against the norms, and a summary of the plan's
// targets against what was done. It uses excelize, streaming the club rows
// so that a province of thousands of clubs stays fast.
package xlsx

import (
	"fmt"
	"html"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// Digest writes d as an XLSX workbook with labels in lang: a sheet of clubs
// ("CLB") and a summary sheet ("Tổng hợp").
func Digest(d bot.Digest, lang string) ([]byte, error) {
	lang = messages.Normalize(lang)
	f := excelize.NewFile()
	defer f.Close()
	clubs, summary := label(lang, "report.sheet.clubs", nil), label(lang, "report.sheet.summary", nil)
	if err := f.SetSheetName("Sheet1", clubs); err != nil {
		return nil, fmt.Errorf("xlsx: name sheet: %w", err)
	}
	if _, err := f.NewSheet(summary); err != nil {
		return nil, fmt.Errorf("xlsx: add sheet: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, fmt.Errorf("xlsx: styles: %w", err)
	}
	if err := writeClubs(f, clubs, d, lang, st); err != nil {
		return nil, fmt.Errorf("xlsx: clubs sheet: %w", err)
	}
	if err := writeSummary(f, summary, d, lang, st); err != nil {
		return nil, fmt.Errorf("xlsx: summary sheet: %w", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("xlsx: write: %w", err)
	}
	return buf.Bytes(), nil
}

// label renders key in lang as plain text: a cell shows no markup.
func label(lang, key string, args messages.Args) string {
	return html.UnescapeString(messages.Render(lang, key, args))
}

// day is t's day in Vietnam (bot.Day) at midnight UTC, which excelize
// writes as that day.
func day(t time.Time) time.Time {
	y, m, d := bot.Day(t).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// styles are the workbook's cell styles by kind of value.
type styles struct {
	header, title, bold        int
	text, date, count, money   int
	percent, flagOK, flagShort int
}

// newStyles registers the workbook's styles in f.
func newStyles(f *excelize.File) (styles, error) {
	var st styles
	money, date := `#,##0" đ"`, "dd/mm/yyyy"
	specs := []struct {
		id    *int
		style excelize.Style
	}{
		{&st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"},
			Border:    []excelize.Border{{Type: "bottom", Color: "5B9BD5", Style: 2}},
		}},
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&st.text, excelize.Style{}},
		{&st.date, excelize.Style{CustomNumFmt: &date}},
		{&st.count, excelize.Style{NumFmt: 3}}, // #,##0
		{&st.money, excelize.Style{CustomNumFmt: &money}},
		{&st.percent, excelize.Style{NumFmt: 9}}, // 0%
		{&st.flagOK, excelize.Style{Font: &excelize.Font{Color: "2E7D32"}}},
		{&st.flagShort, excelize.Style{Font: &excelize.Font{Color: "C62828", Bold: true}}},
	}
	for _, s := range specs {
		id, err := f.NewStyle(&s.style)
		if err != nil {
			return st, err
		}
		*s.id = id
	}
	return st, nil
}

// of returns the style of a column of kind k.
func (st styles) of(k kind) int {
	switch k {
	case kindDate:
		return st.date
	case kindCount:
		return st.count
	case kindMoney:
		return st.money
	case kindPercent:
		return st.percent
	case kindFlag:
		return st.flagOK
	}
	return st.text
}
