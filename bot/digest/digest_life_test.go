package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// lifePlan is testPlan with three activities, all of the full set, and
// the national target of 70%.
func lifePlan() bot.Plan {
	p := testPlan()
	p.Activities = []bot.Activity{{Key: "income", NameVI: "Tăng thu nhập", NameEN: "Income"},
		{Key: "health", NameVI: "Sức khoẻ", NameEN: "Health", CountVI: "người được khám", CountEN: "people checked"},
		{Key: "culture", NameVI: "Văn hoá", NameEN: "Culture"}}
	p.FullSetKeys, p.FullSetTargetPercent = []string{"income", "health", "culture"}, 70
	return p
}

// met is a report of month m of 2025, with a meeting or not, and the
// activities of keys.
func met(m time.Month, held bool, keys ...string) bot.ActivityReport {
	r := bot.ActivityReport{Month: dday(2025, m, 1), MeetingHeld: held}
	if held {
		on := dday(2025, m, 10)
		r.MeetingOn = &on
	}
	for _, k := range keys {
		r.Done = append(r.Done, bot.ActivityDone{Key: k})
	}
	return r
}

// lifeDigest is the golden digest's clubs with their activity reports, on
// 15/08/2025: before the reminder's day, so the quarter is May to July and
// two months without a meeting are June and July (and August so far).
func lifeDigest() bot.Digest {
	reports := map[int64][]bot.ActivityReport{
		1: {met(5, true, "income"), met(6, true, "health"), met(7, true, "culture")}, // every month, the full set
		2: {met(6, true, "income", "health", "culture"), met(7, true)},               // the full set in one month
		3: nil,                                                                       // never reported: no meeting
		4: {met(4, true, "income", "health", "culture")},                             // April is before the quarter
		5: {met(7, true, "income")},
		6: {met(5, true, "income", "health", "culture")}, // the full set, but no meeting since May
		7: {met(8, true)},                                // this month's meeting counts against "two months"
		8: {met(5, true, "income", "health"), met(6, true, "culture"), met(7, true)},
		9: {met(6, false), met(7, false)},
	}
	d := goldenDigest()
	for i := range d.Stats {
		d.Stats[i].Activity = reports[d.Stats[i].Club.ID]
	}
	return Compute(d.Stats, testDistricts, lifePlan(), digestAsOf, 60, 25, "tỉnh Quảng Ninh")
}

func TestRenderDigestLifeGolden(t *testing.T) {
	for _, lang := range messages.Langs {
		t.Run(lang, func(t *testing.T) { checkGolden(t, "digest_life_"+lang, Render(lifeDigest(), lang)) })
	}
}

func TestComputeClubLife(t *testing.T) {
	d := lifeDigest()
	// The full set: clubs 1, 2, 6 (May is in the quarter) and 8; every month: 1 and 8.
	if l := d.Life; l.Clubs != 9 || l.FullSet != 4 || l.MetEveryMonth != 2 || l.NoMeeting != 4 || l.FullSetPercent() != 44 || l.FullSetOK() {
		t.Errorf("life = %+v (%d%%)", l, l.FullSetPercent())
	}
	var flagged []string
	for _, a := range d.Attention {
		for _, r := range a.Reasons {
			if r == ReasonNoMeeting {
				flagged = append(flagged, a.Stat.Club.Name)
			}
		}
	}
	if got := strings.Join(flagged, ", "); got != "<Tre & Già>, Sao Mai, Tương Trợ, Sum Vầy" {
		t.Errorf("clubs without a meeting for two months: %s", got)
	}
	if hl := d.ByUnit[0].Life; hl.Clubs != 5 || hl.FullSet != 1 {
		t.Errorf("Hạ Long's life = %+v", hl)
	}
}
