package engine_test

import (
	"bytes"
	"html"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/digest"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/messages"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/xlsx"
)

// newAnswersHarness is a harness on day now whose club, CLB Hoa Sen in
// Móng Cái 1, was founded on founded with startingFund, has one member, a
// leader who reported 25.000.000 đ of funds, and a provincial officer. The
// engine makes real spreadsheets.
func newAnswersHarness(t *testing.T, now, founded time.Time, startingFund int64) *officerHarness {
	t.Helper()
	h := &harness{t: t, ctx: t.Context(), now: now, last: map[string]bot.Outgoing{}}
	h.path = filepath.Join(t.TempDir(), "clubbot.db")
	db, err := store.Open(h.ctx, h.path, store.WithClock(h.clock), store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	h.db = db
	h.engine = engine.NewEngine(db, h.clock, engine.Config{Reports: digest.Reports{Spreadsheet: xlsx.Digest}},
		slog.New(slog.DiscardHandler))
	unit, err := db.UnitByName(h.ctx, bot.LevelCommune, "Móng Cái 1")
	if err != nil {
		t.Fatal(err)
	}
	club := bot.Club{Name: "CLB Hoa Sen", UnitID: unit.ID, FoundedOn: founded, DecisionNo: "12/QĐ-UBND",
		Status: bot.ClubActive, StartingFund: startingFund}
	if err := db.CreateClub(h.ctx, &club, 0, h.now); err != nil {
		t.Fatal(err)
	}
	h.clubID = club.ID
	oh := &officerHarness{harness: h}
	oh.addMember(h.clubID, "Nguyễn Thị Hoa", bot.Female, 1950)
	h.onboard(leader)
	h.say(leader, "/fund")
	for _, answer := range []string{"20tr", "5tr", "15tr", "1", "luu"} {
		h.say(leader, answer)
	}
	oh.addUser(province, bot.RoleOfficer, bot.Scope{Kind: bot.ScopeProvince})
	return oh
}

// spreadsheet asks for /export as chat and opens the file it gets.
func (h *officerHarness) spreadsheet(chat string) *excelize.File {
	h.t.Helper()
	for _, o := range h.sendRaw(chat, bot.Inbound{Kind: bot.InputCommand, Command: "export"}) {
		if o.File != nil {
			f, err := excelize.OpenReader(bytes.NewReader(o.File.Data))
			if err != nil {
				h.t.Fatal(err)
			}
			return f
		}
	}
	h.t.Fatal("/export sent no file")
	return nil
}

// sheetRow is row n (from 1) of a sheet, by the header's labels in lang.
func sheetRow(t *testing.T, f *excelize.File, lang, sheetKey string, n int) map[string]string {
	t.Helper()
	rows, err := f.GetRows(messages.Plain(lang, sheetKey))
	if err != nil || len(rows) <= n {
		t.Fatalf("sheet %s has %d rows (%v)", sheetKey, len(rows), err)
	}
	out := map[string]string{}
	for i, head := range rows[0] {
		if i < len(rows[n]) {
			out[head] = rows[n][i]
		}
	}
	return out
}

// TestTheStartingFundIsOneFigureEverywhere builds a club registered with a
// starting fund under the plan's whose latest report holds more than the
// plan's: every answer measures the starting fund as registered, and all
// say the club falls short.
func TestTheStartingFundIsOneFigureEverywhere(t *testing.T) {
	now := time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam())
	h := newAnswersHarness(t, now, time.Date(2024, 3, 1, 0, 0, 0, 0, bot.Vietnam()), 10_000_000)
	short := "⚠️ Vốn ban đầu: 10.000.000 đ (kế hoạch từ 20.000.000 đ)"
	expect(t, h.say(leader, "/status"), short)
	expect(t, h.say(province, "/club hoa sen"), short)
	none := "⚠️ CLB có vốn ban đầu từ 20.000.000 đ: 0/1"
	expect(t, h.say(province, "/status"), none)
	expect(t, h.say(province, "/area Móng Cái"), none)
	expect(t, h.say(province, "/digest"), none+" (0%)")

	f := h.spreadsheet(province)
	row := sheetRow(t, f, messages.VI, "report.sheet.clubs", 1)
	if got := row[messages.Plain(messages.VI, "report.col.norm_fund")]; got != messages.Plain(messages.VI, "report.flag.low") {
		t.Errorf("the spreadsheet's starting fund flag is %q, want low (row %v)", got, row)
	}
	if got := row[messages.Plain(messages.VI, "report.col.starting_fund")]; !strings.HasPrefix(got, "10") {
		t.Errorf("the spreadsheet's starting fund is %q, want 10.000.000", got)
	}
	if got := summaryRow(t, f, messages.VI, "report.sum.fund_ok"); len(got) < 3 || got[2] != "0" {
		t.Errorf("the spreadsheet's summary counts %q clubs with the starting fund, want 0", got)
	}

	h.say(province, "/lang en")
	expect(t, h.say(province, "/status"), "⚠️ Clubs with a starting fund of 20.000.000 đ or more: 0/1")
	expect(t, h.say(province, "/digest"), "⚠️ Clubs with a starting fund of 20.000.000 đ or more: 0/1 (0%)")
	expect(t, h.say(province, "/club hoa sen"), "⚠️ Starting fund: 10.000.000 đ")
}

// summaryRow is the summary sheet's row whose first cell is key's label.
func summaryRow(t *testing.T, f *excelize.File, lang, key string) []string {
	t.Helper()
	rows, err := f.GetRows(messages.Plain(lang, "report.sheet.summary"))
	if err != nil {
		t.Fatal(err)
	}
	want := html.UnescapeString(messages.Render(lang, key, messages.Args{"min": messages.Money(20_000_000)}))
	for _, r := range rows {
		if len(r) > 0 && r[0] == want {
			return r
		}
	}
	t.Fatalf("no summary row %q in %q", want, rows)
	return nil
}

// TestThePlanEndsOnItsLastDay asks for the digest and /status on the
// plan's last day and after it, with a club founded since: once ended,
// the plan shows its final result, the club founded since is new in
// neither the plan's line nor the week's, and the digest says how to load
// the next plan.
func TestThePlanEndsOnItsLastDay(t *testing.T) {
	h := newAnswersHarness(t, time.Date(2025, 12, 31, 18, 0, 0, 0, bot.Vietnam()), time.Date(2024, 3, 1, 0, 0, 0, 0, bot.Vietnam()), 20_000_000)
	expect(t, h.say(province, "/status"), "📋 Kế hoạch đến 31/12/2025: 1/191 CLB, 1/85 CLB thành lập mới.")
	digest := h.say(province, "/digest")
	expect(t, digest, "⚠️ CLB thành lập mới: 1/85")
	if strings.Contains(digest, "kết thúc") || strings.Contains(digest, "CLUBBOT_PLAN_FILE") {
		t.Errorf("the digest of the plan's last day speaks of its end:\n%s", digest)
	}

	h.now = time.Date(2026, 12, 3, 9, 0, 0, 0, bot.Vietnam())
	unit, err := h.db.UnitByName(h.ctx, bot.LevelCommune, "Móng Cái 1")
	if err != nil {
		t.Fatal(err)
	}
	late := bot.Club{Name: "CLB Mùa Xuân", UnitID: unit.ID, FoundedOn: time.Date(2026, 11, 30, 0, 0, 0, 0, bot.Vietnam()),
		Status: bot.ClubActive, StartingFund: 20_000_000}
	if err := h.db.CreateClub(h.ctx, &late, 0, h.now); err != nil {
		t.Fatal(err)
	}
	ended := "🏁 Kế hoạch đến 31/12/2025 đã kết thúc: đạt 1/191 CLB, 1/85 CLB thành lập mới."
	expect(t, h.say(province, "/status"), ended)
	digest = h.say(province, "/digest")
	for _, want := range []string{ended, "⚠️ CLB thành lập mới: 1/85", "CLB thành lập mới: 0 · Thành viên vào", "CLUBBOT_PLAN_FILE"} {
		expect(t, digest, want)
	}
	h.say(province, "/lang en")
	expect(t, h.say(province, "/digest"), "🏁 The plan to 31/12/2025 has ended: 1/191 clubs, 1/85 new clubs.")
	expect(t, h.say(province, "/status"), "🏁 The plan to 31/12/2025 has ended")
}

// TestAnAreaWithoutClubsSaysSo asks about an area with no club in every
// way an officer can.
func TestAnAreaWithoutClubsSaysSo(t *testing.T) {
	h := newAnswersHarness(t, time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam()), time.Date(2024, 3, 1, 0, 0, 0, 0, bot.Vietnam()), 20_000_000)
	coTo, err := h.db.UnitByName(h.ctx, bot.LevelDistrict, "Cô Tô")
	if err != nil {
		t.Fatal(err)
	}
	h.addUser(area, bot.RoleOfficer, bot.Scope{Kind: bot.ScopeUnit, UnitID: &coTo.ID})
	for _, c := range []struct{ chat, in string }{
		{province, "/area Cô Tô"}, {area, "/status"}, {province, "Cô Tô có bao nhiêu CLB?"},
		{province, "co to bao nhieu thanh vien"}, {area, "/digest"}, {area, "/missing"},
	} {
		got := h.say(c.chat, c.in)
		expect(t, got, "Chưa có CLB.")
		if strings.Contains(got, ": 0") || strings.Contains(got, "0%") {
			t.Errorf("%s: %q shows zeros:\n%s", c.chat, c.in, got)
		}
	}
	h.say(province, "/lang en")
	expect(t, h.say(province, "/area Cô Tô"), "No clubs yet.")
}

// TestALeadersStatusWarnsOfALateFundReport moves the clock past the
// monthly reminder: the leader's /status warns, with /fund, exactly when
// the reminder has gone out unanswered.
func TestALeadersStatusWarnsOfALateFundReport(t *testing.T) {
	h := newAnswersHarness(t, time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam()), time.Date(2024, 3, 1, 0, 0, 0, 0, bot.Vietnam()), 20_000_000)
	for _, c := range []struct {
		day  time.Time
		want string // "" for no warning
	}{
		{time.Date(2025, 8, 26, 9, 0, 0, 0, bot.Vietnam()), ""},                     // reported this month
		{time.Date(2025, 9, 24, 9, 0, 0, 0, bot.Vietnam()), ""},                     // September's reminder is to come
		{time.Date(2025, 9, 25, 9, 0, 0, 0, bot.Vietnam()), "từ đầu tháng 09/2025"}, // reminded, not reported
		{time.Date(2025, 10, 3, 9, 0, 0, 0, bot.Vietnam()), "từ đầu tháng 09/2025"}, // September went by without one
	} {
		h.now = c.day
		got := h.say(leader, "/status")
		if c.want == "" {
			if strings.Contains(got, "chưa báo cáo quỹ") {
				t.Errorf("%s: /status warns:\n%s", c.day.Format("02/01"), got)
			}
			continue
		}
		expect(t, got, "⚠️ CLB chưa báo cáo quỹ "+c.want+". Bác gõ /fund để báo cáo.")
	}
	h.say(leader, "/lang en")
	expect(t, h.say(leader, "/status"), "The club has not reported its funds since the start of 09/2025. Type /fund to report.")
	if got := h.say(province, "/club hoa sen"); strings.Contains(got, "/fund") {
		t.Errorf("an officer's /club tells them to report:\n%s", got)
	}
}

// reportingLine is the officer's /status line of a club counted as
// reporting.
var reportingLine = regexp.MustCompile(`CLB đã báo cáo quỹ từ \d\d/\d\d/\d{4}: 1/1`)

// TestLateIsOneRule: on every day, a club whose leader's /status warns of a
// late fund report is the one the officer's /missing lists, the officer's
// /status does not count as reporting, and the digest asks to look at; and
// a club whose leader sees no warning is in none of them.
func TestLateIsOneRule(t *testing.T) {
	// The club reports on 15 August 2025 (the harness), then nothing.
	h := newAnswersHarness(t, time.Date(2025, 8, 15, 9, 0, 0, 0, bot.Vietnam()), time.Date(2024, 3, 1, 0, 0, 0, 0, bot.Vietnam()), 20_000_000)
	for _, c := range []struct {
		day  time.Time
		late bool
	}{
		{time.Date(2025, 9, 14, 9, 0, 0, 0, bot.Vietnam()), false}, // 30 days on: August's report is the one owed
		{time.Date(2025, 9, 20, 9, 0, 0, 0, bot.Vietnam()), false}, // 36 days on: still before September's reminder
		{time.Date(2025, 9, 25, 9, 0, 0, 0, bot.Vietnam()), true},  // reminded of September, not reported
		{time.Date(2025, 10, 20, 9, 0, 0, 0, bot.Vietnam()), true}, // September went by without one
	} {
		h.now = c.day
		when := c.day.Format("02/01")
		leaderWarned := strings.Contains(h.say(leader, "/status"), "⚠️ CLB chưa báo cáo quỹ từ đầu tháng")
		missing := h.say(province, "/missing")
		listed := strings.Contains(missing, "CLB Hoa Sen")
		status := h.say(province, "/status")
		counted := reportingLine.MatchString(status)
		digest := h.say(province, "/digest")
		attention := strings.Contains(digest, "báo cáo quỹ gần nhất 15/08/2025")
		if leaderWarned != c.late || listed != c.late || counted == c.late || attention != c.late {
			t.Errorf("%s, late %v: leader warned %v, /missing lists %v, /status counts as reporting %v, digest asks %v\n%s\n%s",
				when, c.late, leaderWarned, listed, counted, attention, missing, status)
		}
	}
}
