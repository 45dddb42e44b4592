package digest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenDigest is a province digest on 15/08/2025 with six clubs that
// need attention, one of them named with markup.
func goldenDigest() bot.Digest {
	stats := []bot.ClubStat{
		stat(1, "Hoa Sen", 1, dday(2019, 5, 1)),
		stat(2, "Bình Minh", 2, dday(2022, 3, 1), func(s *bot.ClubStat) { s.Joined, s.Left = 4, 1 }),
		stat(3, "Sao Mai", 2, dday(2025, 8, 10), func(s *bot.ClubStat) {
			s.Members, s.Women, s.Older, s.Joined, s.WeekFunds = 25, 20, 10, 25, 0
		}),
		stat(4, "<Tre & Già>", 1, dday(2023, 4, 2), func(s *bot.ClubStat) {
			s.LastFund, s.WeekFunds, s.Club.StartingFund = nil, 0, 10_000_000
		}),
		stat(5, "Hướng Dương", 1, dday(2024, 1, 9), func(s *bot.ClubStat) { s.LastFund.AsOf = dday(2025, 6, 30) }),
		stat(6, "Tương Trợ", 2, dday(2021, 6, 1), func(s *bot.ClubStat) { s.LastFund.MembersWithLoans = 12 }),
		stat(7, "Đoàn Kết", 1, dday(2021, 9, 9), func(s *bot.ClubStat) { s.Older = 30 }),
		stat(8, "Ánh Dương", 2, dday(2022, 2, 2), func(s *bot.ClubStat) { s.Women = 45 }),
		stat(9, "Sum Vầy", 1, dday(2022, 2, 2), func(s *bot.ClubStat) {
			s.LastFund.IncomeFund, s.Club.StartingFund = 8_000_000, 15_000_000
		}),
	}
	return Compute(stats, testDistricts, testPlan(), digestAsOf, 60, 25, "tỉnh Quảng Ninh")
}

// endedDigest is the golden digest's clubs on 03/12/2026, after the plan
// ended, with a club founded since.
func endedDigest() bot.Digest {
	d := goldenDigest()
	stats := append(d.Stats, stat(10, "Mùa Xuân", 3, dday(2026, 11, 30)))
	return Compute(stats, testDistricts, testPlan(), dday(2026, 12, 3), 60, 25, "tỉnh Quảng Ninh")
}

func TestRenderDigestGolden(t *testing.T) {
	for _, c := range []struct {
		name string
		d    bot.Digest
	}{{"digest", goldenDigest()}, {"digest_ended", endedDigest()}} {
		for _, lang := range messages.Langs {
			t.Run(c.name+"_"+lang, func(t *testing.T) { checkGolden(t, c.name+"_"+lang, Render(c.d, lang)) })
		}
	}
}

// checkGolden compares got with testdata/name.golden, rewriting it with
// -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	{
		{
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestRenderDigestGolden -update ./bot)", err)
			}
			if got != string(want) {
				t.Errorf("digest differs from %s (rerun with -update if intended):\n%s", path, got)
			}
		}
	}
}

func TestAnEndedPlanShowsItsResultAndTheNextPlan(t *testing.T) {
	got := Render(endedDigest(), messages.VI)
	for _, want := range []string{
		"🏁 Kế hoạch đến 31/12/2025 đã kết thúc: đạt 9/191 CLB, 8/85 CLB thành lập mới.",
		"⚠️ Số CLB: 9/191 (5%)",
		"CLB thành lập mới: 0 ·",
		"<code>CLUBBOT_PLAN_FILE</code>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
	if running := Render(goldenDigest(), messages.VI); strings.Contains(running, "kết thúc") || strings.Contains(running, "CLUBBOT_PLAN_FILE") {
		t.Errorf("a running plan's digest speaks of its end:\n%s", running)
	}
}

func TestADigestWithoutClubsSaysSo(t *testing.T) {
	d := Compute(nil, testDistricts[2:], testPlan(), digestAsOf, 60, 25, "huyện Cô Tô")
	d.Area = true
	for lang, want := range map[string]string{messages.VI: "Chưa có CLB.", messages.EN: "No clubs yet."} {
		got := Render(d, lang)
		if !strings.Contains(got, "\n"+want) || strings.Contains(got, "0%") || strings.Contains(got, ": 0") {
			t.Errorf("%s: digest of an area without clubs:\n%s", lang, got)
		}
	}
}

func TestRenderDigestIsShortAndEscaped(t *testing.T) {
	got := Render(goldenDigest(), messages.VI)
	for _, want := range []string{
		"⚠️ Số CLB: 9/191 (5%)",
		"<b>&lt;Tre &amp; Già&gt;</b> (Xã &lt;Tre &amp; Già&gt;): chưa báo cáo quỹ",
		"Chưa có CLB: Cô Tô",
		"Còn 1 CLB khác.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "<Tre") {
		t.Errorf("a club name went out unescaped:\n%s", got)
	}
	if n := strings.Count(got, "\n") + 1; n > 25 {
		t.Errorf("digest has %d lines, too long for a phone", n)
	}
}

func TestRenderDigestWithNothingToFlag(t *testing.T) {
	d := Compute([]bot.ClubStat{stat(1, "Hoa Sen", 1, dday(2022, 1, 1))}, testDistricts[:1], testPlan(), digestAsOf, 60, 25, "Hạ Long")
	got := Render(d, messages.EN)
	for _, want := range []string{"✅ District-level units with a club: 1/1 (target 100%)", "✅ No club needs attention.",
		"Clubs' funds: 0 đ"} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
}

func TestDigestKeysAreInBothLanguages(t *testing.T) {
	for _, key := range Keys {
		if !catalogHas(key) {
			t.Errorf("digest key %q is missing from a catalog", key)
		}
	}
	for _, lang := range messages.Langs {
		if out := Render(goldenDigest(), lang); strings.Contains(out, "digest.") || strings.Contains(out, "attention.") {
			t.Errorf("%s: a key rendered as itself:\n%s", lang, out)
		}
	}
}

// ExampleRender shows the English digest's headline.
func ExampleRender() {
	out := Render(goldenDigest(), messages.EN)
	fmt.Println(strings.Split(out, "\n")[0])
	// Output: 📊 <b>Weekly progress – tỉnh Quảng Ninh</b>
}
