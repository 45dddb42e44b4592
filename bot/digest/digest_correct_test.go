package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

func TestDigestCountsTheWeeksCorrections(t *testing.T) {
	d := bot.Digest{ScopeName: "tỉnh Quảng Ninh", AsOf: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC), Clubs: 3, Stats: []bot.ClubStat{
		{Corrections: bot.Corrections{MembersEdited: 2, FundsWithdrawn: 1}},
		{Corrections: bot.Corrections{MembersEdited: 1}},
		{},
	}}
	for lang, want := range map[string]string{
		"vi": "Sửa lại: 3 thành viên được sửa, 1 báo cáo quỹ rút lại",
		"en": "Corrections: members corrected: 3, fund reports withdrawn: 1",
	} {
		got := Render(d, lang)
		if !strings.Contains(got, want) {
			t.Errorf("%s digest lacks %q:\n%s", lang, want, got)
		}
		// The line stays in "Tuần qua", before the clubs that need attention.
		if strings.Index(got, want) > strings.Index(got, messages.Render(lang, "digest.attention_none", nil)) {
			t.Errorf("%s: the corrections are not in the week's part:\n%s", lang, got)
		}
	}
	d.Stats = d.Stats[2:]
	if got := Render(d, "vi"); strings.Contains(got, "Sửa lại") {
		t.Errorf("a week without corrections shows them:\n%s", got)
	}
}
