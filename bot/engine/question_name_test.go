package engine

import (
	"reflect"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// TestClubOrPlace checks which a question names, a club or a unit: a club
// by its name with or without "CLB" and spaces, but not by the name of the
// ward it is called after unless "CLB" comes with it.
func TestClubOrPlace(t *testing.T) {
	stats := []bot.ClubStat{{Club: bot.Club{Name: "CLB Hoa Sen"}}, {Club: bot.Club{Name: "CLB Hạ Long"}}, {Club: bot.Club{Name: "Hoa Mai"}}}
	for _, c := range []struct {
		in    string
		club  int // -1: no club
		place int64
	}{
		{"Hoa Sen bao nhiêu thành viên", 0, 0},
		{"hoasen co bao nhieu thanh vien", 0, 0},
		{"CLB Hoa Sen Móng Cái có bao nhiêu thành viên", 0, 1},
		{"how many members in Hoa Sen club", 0, 0},
		{"Hạ Long có bao nhiêu CLB", -1, 3},
		{"halong bao nhieu thanh vien", -1, 3},
		{"CLB Hạ Long có bao nhiêu thành viên", 1, 3},
		{"clbhalong bao nhieu thanh vien", 1, 0},
		{"câu lạc bộ Hoa Mai", 2, 0},
		{"CLB Hoa Mai", 2, 0},
		{"hoa bao nhieu thanh vien", -1, 0},
		{"Móng Cái có bao nhiêu CLB", -1, 1},
	} {
		words := bot.FoldWords(c.in)
		places := placeHits(words, testUnits)
		clubs := clubHits(words, stats)
		club := -1
		if namesClub(clubs, places) {
			club = clubs[0].index
		}
		var place int64
		if len(places) > 0 {
			place = PreferPlace([]bot.Unit{testUnits[places[0].index]}, bot.Scope{Kind: bot.ScopeProvince}).ID
		}
		if club != c.club || place != c.place {
			t.Errorf("%q: club %d, place %d; want club %d, place %d", c.in, club, place, c.club, c.place)
		}
	}
}

// TestNamesProvince checks that the province is named by its name in the
// units' data, with or without its type and spaces, or as "toàn tỉnh".
func TestNamesProvince(t *testing.T) {
	units := append([]bot.Unit{{ID: 99, Name: "Quảng Ninh", Type: "tỉnh", Level: bot.LevelProvince}}, testUnits...)
	for in, want := range map[string]bool{
		"Quảng Ninh có bao nhiêu CLB?":           true,
		"quangninh bao nhieu thanh vien":         true,
		"tinh quang ninh":                        true,
		"Toàn tỉnh có bao nhiêu CLB":             true,
		"ca tinh bao nhieu nguoi cao tuoi":       true,
		"how many clubs in the whole province":   true,
		"how many clubs are there province-wide": true,
		"tình hình CLB Hoa Sen":                  false,
		"tỉnh":                                   false,
		"Móng Cái có bao nhiêu CLB":              false,
		"Quảng Yên có bao nhiêu CLB":             false,
	} {
		if got := namesProvince(bot.FoldWords(in), units); got != want {
			t.Errorf("namesProvince(%q) = %v, want %v", in, got, want)
		}
	}
	if namesProvince(bot.FoldWords("Quảng Ninh"), testUnits) {
		t.Error("the province is named without being in the units' data")
	}
}

// TestNamesWithoutSpaces checks that a name typed without its spaces
// finds what the name with them finds, in searches of members, clubs and
// units.
func TestNamesWithoutSpaces(t *testing.T) {
	names := []string{"CLB Hoa Sen", "CLB Hoa Mai", "phường Móng Cái 1", "Nguyễn Văn An", "Sen Hồng"}
	for q, want := range map[string][]int{
		"hoasen":      {0},
		"HoaSen":      {0},
		"hoa sen":     {0},
		"clbhoa":      {0, 1},
		"mongcai1":    {2},
		"mongcai":     {2},
		"nguyenvanan": {3},
		"vanan":       {3},
		"hoasenxyz":   nil,
		"hoasenhong":  nil,
	} {
		if got := bot.FuzzyFind(q, names, 8); !reflect.DeepEqual(got, want) && (len(got) != 0 || want != nil) {
			t.Errorf("FuzzyFind(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"phường Móng Cái 1", "đặc khu Cô Tô", "xã Hải Sơn", "CLB Hoa Sen"}
	for q, want := range map[string][]string{
		"mong kai":   {"phường Móng Cái 1"},
		"mongkai":    {"phường Móng Cái 1"},
		"hoasem":     {"CLB Hoa Sen"},
		"Hoa Sem":    {"CLB Hoa Sen"},
		"haison":     {"xã Hải Sơn"},
		"xyz":        nil,
		"":           nil,
		"co":         {"đặc khu Cô Tô"},
		"cotoo":      {"đặc khu Cô Tô"},
		"mong kai 1": {"phường Móng Cái 1"},
	} {
		if got := Closest(q, names, 5); !reflect.DeepEqual(got, want) && (len(got) != 0 || want != nil) {
			t.Errorf("Closest(%q) = %q, want %q", q, got, want)
		}
	}
}
