package engine

import (
	"slices"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// fuzzUnits are the places questions are fuzzed against.
var fuzzUnits = []bot.Unit{
	{ID: 1, Name: "Móng Cái", Type: "thành phố", Level: bot.LevelDistrict},
	{ID: 2, Name: "Móng Cái 1", Type: "phường", Level: bot.LevelCommune},
	{ID: 3, Name: "Cô Tô", Type: "huyện", Level: bot.LevelDistrict},
	{ID: 4, Name: "Cô Tô", Type: "đặc khu", Level: bot.LevelCommune},
	{ID: 5, Name: "Hạ Long", Type: "thành phố", Level: bot.LevelDistrict},
}

// fuzzClubs are the clubs questions are fuzzed against.
var fuzzClubs = []bot.ClubStat{{Club: bot.Club{Name: "CLB Hoa Sen"}}, {Club: bot.Club{Name: "Hạ Long"}}, {Club: bot.Club{Name: "CLB A"}}}

// namesRun reports whether a run of words, joined without spaces, is key.
func namesRun(words []string, key string) bool {
	for i := range words {
		run := ""
		for j := i; j < len(words) && len(run) < len(key); j++ {
			if run += words[j]; run == key {
				return true
			}
		}
	}
	return false
}

func FuzzParseQuestion(f *testing.F) {
	for _, s := range []string{"Móng Cái có bao nhiêu CLB?", "mong cai bao nhieu thanh vien", "how many clubs in Co To",
		"Cô Tô có bao nhiêu người cao tuổi?", "bao nhieu CLB chua bao cao?", "hôm nay trời đẹp", "?", "", "clb clb clb",
		strings.Repeat("bao nhiêu CLB ", 700), "<script>bao nhieu clb</script>", "'; DROP TABLE clubs;-- bao nhieu clb",
		"Quảng Ninh có bao nhiêu CLB?", "toan tinh bao nhieu thanh vien", "Hoa Sen bao nhiêu thành viên", "hoasen co bao nhieu thanh vien",
		"CLB nào chưa báo cáo?", "which clubs have not reported yet", "mongcai co bao nhieu clb", "halong", strings.Repeat("mongcai", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ParseQuestion(s)
		if !ok {
			if q != (Question{}) || IsQuestion(s) {
				t.Fatalf("ParseQuestion(%q) = %+v, false, IsQuestion %v", s, q, IsQuestion(s))
			}
		} else if q.Metric == "" || q.Rest != strings.TrimSpace(q.Rest) || strings.Contains(q.Rest, "  ") {
			t.Fatalf("ParseQuestion(%q) = %+v", s, q)
		}
		// The places named are whole words of the text, with or without
		// the spaces between them, each found once.
		seen := map[int64]bool{}
		words := bot.FoldWords(s)
		for _, u := range FindPlaces(s, fuzzUnits) {
			if seen[u.ID] {
				t.Fatalf("FindPlaces(%q) repeats %v", s, u)
			}
			seen[u.ID] = true
			if !namesRun(words, compactKey(u.Name)) && !namesRun(words, compactKey(u.FullName())) {
				t.Fatalf("FindPlaces(%q) found %q, which it does not name", s, u.Name)
			}
		}
		for _, h := range clubHits(words, fuzzClubs) {
			if h.start < 0 || h.end > len(words) || h.start >= h.end || !slices.Contains(clubKeys(fuzzClubs[h.index].Club.Name), strings.Join(words[h.start:h.end], "")) {
				t.Fatalf("clubHits(%q) = %+v, which the words do not name", s, h)
			}
		}
		names := make([]string, len(fuzzUnits))
		for i, u := range fuzzUnits {
			names[i] = u.Name
		}
		if got := Suggest(s, names, 3); len(got) > 3 {
			t.Fatalf("Suggest(%q) = %q, more than 3", s, got)
		}
		if got := Closest(s, names, 3); len(got) > 3 {
			t.Fatalf("Closest(%q) = %q, more than 3", s, got)
		}
	})
}
