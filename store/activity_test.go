package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func intPtr(n int) *int { return &n }

// meetingReport is a report of month with a meeting on its 10th.
func meetingReport(clubID int64, month time.Time, key string, done ...bot.ActivityDone) bot.ActivityReport {
	on := month.AddDate(0, 0, 9)
	return bot.ActivityReport{ClubID: clubID, Month: month, MeetingHeld: true, MeetingOn: &on, Attendance: 40,
		Done: done, SourceKey: key}
}

func TestActivityReportSavedOnceAndCorrectedWithAudit(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	month := day(2025, 8, 1)
	r := meetingReport(c.ID, month, "telegram/1/5", bot.ActivityDone{Key: "health", Count: intPtr(12)}, bot.ActivityDone{Key: "culture"})
	tx(t, d, func(tx *Tx) error { return tx.AddActivityReport(ctx, &r, 0, testNow) })
	again := meetingReport(c.ID, month, "telegram/1/5")
	tx(t, d, func(tx *Tx) error { return tx.AddActivityReport(ctx, &again, 0, testNow) })
	if again.ID != r.ID || count(t, d, "activity_reports", "club_id = ?", c.ID) != 1 {
		t.Fatalf("a retried save stored twice: ids %d, %d", r.ID, again.ID)
	}
	other := meetingReport(c.ID, month, "telegram/1/9")
	err := d.InTx(ctx, func(tx bot.Writer) error { return tx.AddActivityReport(ctx, &other, 0, testNow) })
	wantCode(t, err, bot.ECONFLICT)

	fix := r
	fix.MeetingHeld, fix.MeetingOn, fix.Attendance = false, nil, 0
	fix.Done = []bot.ActivityDone{{Key: "health", Count: intPtr(15)}}
	tx(t, d, func(tx *Tx) error { return tx.CorrectActivityReport(ctx, fix, 0, testNow.Add(time.Hour)) })
	tx(t, d, func(tx *Tx) error { return tx.CorrectActivityReport(ctx, fix, 0, testNow.Add(2*time.Hour)) })
	var got []bot.ActivityReport
	tx(t, d, func(tx *Tx) (err error) { got, err = tx.ActivityReports(ctx, c.ID, month); return err })
	if len(got) != 1 || got[0].MeetingHeld || got[0].MeetingOn != nil || len(got[0].Done) != 1 ||
		*got[0].Done[0].Count != 15 || !got[0].Month.Equal(month) || got[0].SourceKey != "telegram/1/5" {
		t.Fatalf("corrected report = %+v", got)
	}
	log, err := d.AuditLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		if e.Entity == entityActivityReport {
			actions = append(actions, e.Action)
			if e.Action == actionCorrect && (!strings.Contains(string(e.Before), `"Count":12`) || !strings.Contains(string(e.After), `"count":15`)) &&
				(!strings.Contains(string(e.Before), `"count":12`) || !strings.Contains(string(e.After), `"count":15`)) {
				t.Errorf("correction's audit: %s -> %s", e.Before, e.After)
			}
		}
	}
	if strings.Join(actions, ",") != "correct,create" {
		t.Fatalf("audit of the activity report: %v (a correction that changes nothing writes nothing)", actions)
	}
}

func TestActivityReportRefusesWhatCannotBe(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	for name, r := range map[string]bot.ActivityReport{
		"no month":                 {ClubID: c.ID},
		"a meeting without a date": {ClubID: c.ID, Month: day(2025, 8, 1), MeetingHeld: true},
		"negative count":           meetingReport(c.ID, day(2025, 8, 1), "", bot.ActivityDone{Key: "health", Count: intPtr(-1)}),
	} {
		err := d.InTx(ctx, func(tx bot.Writer) error { return tx.AddActivityReport(ctx, &r, 0, testNow) })
		if bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("%s: err = %v, want EINVALID", name, err)
		}
	}
}

func TestClubStatsCarryTheRecentActivityReports(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	a := newClub(t, d, "CLB Hoa Sen")
	b := newClub(t, d, "CLB Hoa Mai")
	for i, m := range []time.Time{day(2025, 3, 1), day(2025, 5, 1), day(2025, 7, 1), day(2025, 8, 1), day(2025, 9, 1)} {
		r := meetingReport(a.ID, m, "k"+string(rune('a'+i)))
		tx(t, d, func(tx *Tx) error { return tx.AddActivityReport(ctx, &r, 0, testNow) })
	}
	stats, err := d.ClubStats(ctx, bot.Scope{Kind: bot.ScopeProvince}, testNow, 60)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]bot.ClubStat{}
	for _, s := range stats {
		byID[s.Club.ID] = s
	}
	// From May (August less three months) to August: March is too old,
	// September after the day.
	if got := byID[a.ID].Activity; len(got) != 3 || !got[0].Month.Equal(day(2025, 5, 1)) || !got[0].MeetingHeld {
		t.Fatalf("club a's reports = %+v", got)
	}
	if got := byID[b.ID].Activity; len(got) != 0 {
		t.Fatalf("club b's reports = %+v", got)
	}
	one, err := d.ClubStats(ctx, bot.Scope{Kind: bot.ScopeClub, ClubID: &a.ID}, testNow, 60)
	if err != nil || len(one) != 1 || len(one[0].Activity) != 3 {
		t.Fatalf("club scope: %+v, %v", one, err)
	}
}

func TestPlanActivitiesFromTheFileOrTheDefaults(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	p := currentPlan(t, d, "2023-05-01")
	if len(p.Activities) != 8 || len(p.FullSetKeys) != 8 || p.FullSetTargetPercent != 70 {
		t.Fatalf("embedded plan's activities: %+v, full set %v, target %d", p.Activities, p.FullSetKeys, p.FullSetTargetPercent)
	}
	if h, ok := p.ActivityByKey("health"); !ok || !h.Counted() || h.NameVI == "" || h.CountEN == "" {
		t.Fatalf("health check: %+v", h)
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	os.WriteFile(path, []byte(`{"name": "Kế hoạch 1648", "decision": "1648/QĐ-TTg",
		"province_code": "22", "period_from": "2026-01-01", "period_to": "2030-12-31"}`), 0o644)
	if err := d.SeedPlanFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	if p := currentPlan(t, d, "2027-03-01"); len(p.Activities) != 8 || p.FullSetTargetPercent != 70 {
		t.Fatalf("a plan file without activities: %+v", p)
	}
	os.WriteFile(path, []byte(`{"name": "Kế hoạch 1648", "decision": "1648/QĐ-TTg",
		"province_code": "22", "period_from": "2026-01-01", "period_to": "2030-12-31",
		"activities": [{"key": "a", "name_vi": "Một", "name_en": "One"}, {"key": "b", "name_vi": "Hai", "name_en": "Two", "count_vi": "người", "count_en": "people"}],
		"full_set": ["b"], "full_set_target_percent": 80}`), 0o644)
	if err := d.SeedPlanFile(ctx, path); err != nil {
		t.Fatal(err)
	}
	p = currentPlan(t, d, "2027-03-01")
	if len(p.Activities) != 2 || strings.Join(p.FullSetKeys, ",") != "b" || p.FullSetTargetPercent != 80 || !p.Activities[1].Counted() {
		t.Fatalf("a plan file's own activities: %+v", p)
	}
	os.WriteFile(path, []byte(`{"name": "x", "decision": "y", "province_code": "22", "period_from": "2026-01-01",
		"period_to": "2030-12-31", "activities": [{"key": "a", "name_vi": "Một", "name_en": "One"}], "full_set": ["z"]}`), 0o644)
	wantCode(t, d.SeedPlanFile(ctx, path), bot.EINVALID)
	os.WriteFile(path, []byte(`{"name": "x", "decision": "y", "province_code": "22", "period_from": "2026-01-01",
		"period_to": "2030-12-31", "activities": [{"key": "Văn hoá", "name_vi": "Một", "name_en": "One"}]}`), 0o644)
	wantCode(t, d.SeedPlanFile(ctx, path), bot.EINVALID)
}
