package chart

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// sampleDigest is Quảng Ninh on 31 August 2025 with two units still
// without a club.
func sampleDigest() bot.Digest {
	units := []bot.UnitProgress{
		{Name: "Hạ Long", Clubs: 34, NewClubs: 14, Members: 1900},
		{Name: "Móng Cái", Clubs: 18, NewClubs: 9, Members: 1010},
		{Name: "Cẩm Phả", Clubs: 22, NewClubs: 8, Members: 1250},
		{Name: "Uông Bí", Clubs: 15, NewClubs: 6, Members: 840},
		{Name: "Bình Liêu", Clubs: 0},
		{Name: "Tiên Yên", Clubs: 7, NewClubs: 7, Members: 390},
		{Name: "Đầm Hà", Clubs: 6, NewClubs: 2, Members: 330},
		{Name: "Hải Hà", Clubs: 9, NewClubs: 3, Members: 500},
		{Name: "Ba Chẽ", Clubs: 3, NewClubs: 3, Members: 160},
		{Name: "Vân Đồn", Clubs: 5, NewClubs: 1, Members: 280},
		{Name: "Đông Triều", Clubs: 16, NewClubs: 5, Members: 900},
		{Name: "Quảng Yên", Clubs: 14, NewClubs: 4, Members: 780},
		{Name: "Cô Tô", Clubs: 0},
	}
	d := bot.Digest{
		ScopeName:          "Quảng Ninh",
		AsOf:               time.Date(2025, 8, 31, 0, 0, 0, 0, time.UTC),
		Plan:               bot.Plan{TargetClubs: 191, TargetNewClubs: 85},
		ByUnit:             units,
		DistrictsTotal:     len(units),
		UncoveredDistricts: []string{"Bình Liêu", "Cô Tô"},
	}
	for _, u := range units {
		d.Clubs += u.Clubs
		d.NewClubs += u.NewClubs
	}
	d.DistrictsCovered = d.DistrictsTotal - len(d.UncoveredDistricts)
	return d
}

// rendered holds the sample's chart in each language: drawing is slow under
// the race detector, so the tests share one drawing.
var rendered sync.Map

// sample returns the sample digest's chart in lang.
func sample(t *testing.T, lang string) []byte {
	t.Helper()
	if b, ok := rendered.Load(lang); ok {
		return b.([]byte)
	}
	b, err := Progress(sampleDigest(), lang)
	if err != nil {
		t.Fatalf("%s: %v", lang, err)
	}
	rendered.Store(lang, b)
	return b
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

func TestProgressIsAPhoneSizedPicture(t *testing.T) {
	for _, lang := range messages.Langs {
		img := decode(t, sample(t, lang))
		if got := img.Bounds().Size(); got != (image.Point{X: 1000, Y: 700}) {
			t.Errorf("%s: size %v, want 1000x700", lang, got)
		}
		colors := map[color.Color]bool{}
		for y := 0; y < img.Bounds().Dy(); y += 3 {
			for x := 0; x < img.Bounds().Dx(); x += 3 {
				colors[img.At(x, y)] = true
			}
		}
		if len(colors) < 20 {
			t.Errorf("%s: only %d colours: the picture is nearly blank", lang, len(colors))
		}
	}
}

func TestProgressIsOpaque(t *testing.T) {
	img := decode(t, sample(t, messages.VI))
	// Telegram turns photos into JPEG: a transparent corner would turn black.
	if _, _, _, a := img.At(0, 0).RGBA(); a != 0xffff {
		t.Errorf("corner alpha %#x, want opaque", a)
	}
}

func TestUnitWithoutClubIsRed(t *testing.T) {
	img := decode(t, sample(t, messages.VI))
	// Bình Liêu is the fifth row; its stripe is pale red at the right edge.
	y := headerH + 4*rowH + 2
	r, g, bl, _ := img.At(Width-margin-5, y).RGBA()
	if !(r > g && r > bl) {
		t.Errorf("row of a unit without a club is not reddish: %v", img.At(Width-margin-5, y))
	}
	y = headerH + 3*rowH + 2 // Uông Bí has clubs
	if r, g, bl, _ := img.At(Width-margin-5, y).RGBA(); r != g || g != bl {
		t.Errorf("row of a unit with clubs is coloured: %v", img.At(Width-margin-5, y))
	}
}

func TestProgressIsDeterministic(t *testing.T) {
	a := sample(t, messages.VI)
	b, err := Progress(sampleDigest(), messages.VI)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the same digest gave different bytes")
	}
	if bytes.Equal(a, sample(t, messages.EN)) {
		t.Error("Vietnamese and English charts are identical")
	}
}

func TestProgressGrowsForManyUnits(t *testing.T) {
	d := sampleDigest()
	d.ByUnit = append(d.ByUnit, d.ByUnit...)
	b, err := Progress(d, messages.VI)
	if err != nil {
		t.Fatal(err)
	}
	if h := decode(t, b).Bounds().Dy(); h != headerH+26*rowH+footerH {
		t.Errorf("height %d for 26 units", h)
	}
}

func TestProgressWithoutUnits(t *testing.T) {
	d := sampleDigest()
	d.ByUnit = nil
	if _, err := Progress(d, messages.VI); !errors.Is(err, ErrNoUnits) {
		t.Errorf("got %v, want ErrNoUnits", err)
	}
}

func TestNiceStep(t *testing.T) {
	for _, c := range []struct{ most, want int }{
		{0, 1}, {5, 1}, {7, 2}, {34, 10}, {60, 10}, {61, 20}, {250, 50},
	} {
		if got := niceStep(c.most); got != c.want {
			t.Errorf("niceStep(%d) = %d, want %d", c.most, got, c.want)
		}
	}
}

// TestWriteSample writes the Vietnamese sample to a file, the one named by
// CLUBBOT_CHART_SAMPLE for a person to look at, and reads it back as the
// picture an officer's phone opens.
func TestWriteSample(t *testing.T) {
	path := os.Getenv("CLUBBOT_CHART_SAMPLE")
	if path == "" {
		path = filepath.Join(t.TempDir(), "clubbot-chart-vi.png")
	}
	if err := os.WriteFile(path, sample(t, messages.VI), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := decode(t, b).Bounds().Size(); got != (image.Point{X: 1000, Y: 700}) {
		t.Errorf("sample written is %v, want 1000x700", got)
	}
}

func TestAnEndedPlansChartSaysSo(t *testing.T) {
	d := sampleDigest()
	d.PlanEnded = true
	ended, err := Progress(d, messages.VI)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(ended, sample(t, messages.VI)) {
		t.Error("the chart of an ended plan is the same as that of a running one")
	}
}
