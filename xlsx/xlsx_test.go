package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"io"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

var hanoi = time.FixedZone("ICT", 7*3600)

// plan is Quảng Ninh's plan under Decision 1336/QĐ-TTg.
var plan = bot.Plan{
	Name: "Kế hoạch Quảng Ninh 2021–2025", Decision: "1336/QĐ-TTg",
	PeriodFrom: time.Date(2021, 1, 1, 0, 0, 0, 0, hanoi), PeriodTo: time.Date(2025, 12, 31, 0, 0, 0, 0, hanoi),
	TargetClubs: 191, TargetNewClubs: 85, TargetNewMembers: 5000, TargetOlderPercent: 60,
	TargetUnitsCovered: 100, MinStartingFund: 20_000_000,
	Norms: bot.Norms{MinMembers: 50, MaxMembers: 70, MinWomenPercent: 60, MaxWomenPercent: 70,
		MinOlderPercent: 60, MaxOlderPercent: 70, MinLoanPercent: 50},
}

// sampleDigest has a club within every norm and one that never reported
// its funds and has too few members.
func sampleDigest() bot.Digest {
	hoaSen := bot.ClubStat{
		Club: bot.Club{ID: 1, Name: "CLB Hoa Sen", FoundedOn: time.Date(2024, 3, 15, 0, 0, 0, 0, hanoi),
			StartingFund: 25_000_000},
		UnitName: "Hà Tu", DistrictID: 193, DistrictName: "Hạ Long",
		Members: 62, Women: 40, Older: 40,
		LastFund: &bot.FundReport{AsOf: time.Date(2025, 8, 28, 0, 0, 0, 0, hanoi), IncomeFund: 20_000_000,
			ActivityFund: 2_500_000, LoansOutstanding: 18_000_000, MembersWithLoans: 33},
	}
	binhMinh := bot.ClubStat{
		Club:     bot.Club{ID: 2, Name: "CLB Bình Minh", StartingFund: 10_000_000},
		UnitName: "Trà Cổ", DistrictID: 194, DistrictName: "Móng Cái",
		Members: 12, Women: 5, Older: 10,
	}
	return bot.Digest{
		ScopeName: "Quảng Ninh", AsOf: time.Date(2025, 8, 31, 0, 0, 0, 0, hanoi), Plan: plan, OlderAge: 60,
		Clubs: 150, PlanClubs: 150, NewClubs: 62, NewClubMembers: 3500, NewClubOlder: 2200,
		DistrictsCovered: 11, DistrictsTotal: 13, UncoveredDistricts: []string{"Bình Liêu", "Cô Tô"},
		ClubsFundOK: 120, NewClubsWeek: 2, JoinedWeek: 40, LeftWeek: 3, FundMovement: 12_500_000,
		ByUnit: []bot.UnitProgress{{Name: "Hạ Long", Clubs: 34, NewClubs: 14, Members: 1900}, {Name: "Cô Tô"}},
		Stats:  []bot.ClubStat{hoaSen, binhMinh},
	}
}

// open writes d in lang and opens the bytes as a user's spreadsheet program would.
func open(t testing.TB, d bot.Digest, lang string) *excelize.File {
	t.Helper()
	b, err := Digest(d, lang)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// text is key's label in lang as the workbook shows it.
func text(lang, key string) string {
	return html.UnescapeString(messages.Render(lang, key, nil))
}

// cell returns the value of ref on sheet as the user sees it.
func cell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
	return v
}

func TestSheetsAndHeaderInTheRecipientsLanguage(t *testing.T) {
	for _, lang := range messages.Langs {
		f := open(t, sampleDigest(), lang)
		clubs, summary := text(lang, "report.sheet.clubs"), text(lang, "report.sheet.summary")
		if got := f.GetSheetList(); !slices.Equal(got, []string{clubs, summary}) {
			t.Errorf("%s: sheets %v", lang, got)
		}
		for i, c := range columns {
			ref, _ := excelize.CoordinatesToCellName(i+1, 1)
			if got := cell(t, f, clubs, ref); got != text(lang, c.key) {
				t.Errorf("%s: header %s = %q, want %q", lang, ref, got, text(lang, c.key))
			}
		}
	}
}

// TestVietnameseLabels reads the labels an officer sees.
func TestVietnameseLabels(t *testing.T) {
	f := open(t, sampleDigest(), messages.VI)
	if got := f.GetSheetList(); !slices.Equal(got, []string{"CLB", "Tổng hợp"}) {
		t.Errorf("sheets %v", got)
	}
	for ref, want := range map[string]string{"A1": "Tên CLB", "I1": "Quỹ tăng thu nhập", "R1": "Chuẩn vốn ban đầu", "S1": "Họp định kỳ (tháng, 3 tháng gần nhất)", "T1": "Đủ các hoạt động (3 tháng)"} {
		if got := cell(t, f, "CLB", ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	if got := cell(t, f, "CLB", "Q3"); got != "Chưa báo cáo" {
		t.Errorf("loans flag of a club without report = %q", got)
	}
}

func TestClubRow(t *testing.T) {
	f := open(t, sampleDigest(), messages.VI)
	sheet := text(messages.VI, "report.sheet.clubs")
	row, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"CLB Hoa Sen", "Hà Tu", "Hạ Long", "15/03/2024", "62", "65%", "65%", "53%",
		"20,000,000 đ", "2,500,000 đ", "18,000,000 đ", "28/08/2025", "25,000,000 đ"}
	if !slices.Equal(row[1][:len(want)], want) {
		t.Errorf("row 2 = %q\nwant     %q", row[1][:len(want)], want)
	}
	ok := text(messages.VI, "report.flag.ok")
	if got := row[1][len(want):]; !slices.Equal(got, []string{ok, ok, ok, ok, ok}) {
		t.Errorf("flags of a club within the norms = %q", got)
	}
}

func TestClubWithoutFundReport(t *testing.T) {
	f := open(t, sampleDigest(), messages.EN)
	sheet := text(messages.EN, "report.sheet.clubs")
	for _, ref := range []string{"D3", "H3", "I3", "J3", "K3", "L3"} {
		if got := cell(t, f, sheet, ref); got != "" {
			t.Errorf("%s = %q, want empty", ref, got)
		}
	}
	low, noReport := text(messages.EN, "report.flag.low"), text(messages.EN, "report.flag.no_report")
	for ref, want := range map[string]string{"N3": low, "O3": low, "P3": text(messages.EN, "report.flag.high"), "Q3": noReport, "R3": low} {
		if got := cell(t, f, sheet, ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
}

func TestNumberFormats(t *testing.T) {
	f := open(t, sampleDigest(), messages.VI)
	sheet := text(messages.VI, "report.sheet.clubs")
	for ref, want := range map[string]string{"I2": `#,##0" đ"`, "D2": "dd/mm/yyyy"} {
		id, err := f.GetCellStyle(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if style.CustomNumFmt == nil || *style.CustomNumFmt != want {
			t.Errorf("%s: number format %v, want %q", ref, style.CustomNumFmt, want)
		}
	}
	raw, err := f.GetCellValue(sheet, "I2", excelize.Options{RawCellValue: true})
	if err != nil || raw != "20000000" {
		t.Errorf("I2 is stored as %q (%v), want the number 20000000", raw, err)
	}
	if raw, _ := f.GetCellValue(sheet, "F2", excelize.Options{RawCellValue: true}); raw[:5] != "0.645" {
		t.Errorf("F2 is stored as %q, want the fraction 0.645...", raw)
	}
	header, err := f.GetCellStyle(sheet, "A1")
	if err != nil {
		t.Fatal(err)
	}
	if style, _ := f.GetStyle(header); style.Font == nil || !style.Font.Bold {
		t.Error("the header is not bold")
	}
}

func TestHeaderIsFrozenAndFiltered(t *testing.T) {
	f := open(t, sampleDigest(), messages.VI)
	sheet := text(messages.VI, "report.sheet.clubs")
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v, want the first row frozen", panes)
	}
	var filter string
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm._FilterDatabase" {
			filter = n.RefersTo
		}
	}
	if want := fmt.Sprintf("'%s'!$A$1:$T$3", sheet); filter != want {
		t.Errorf("autofilter %q, want %q", filter, want)
	}
	if w, _ := f.GetColWidth(sheet, "A"); w < 20 {
		t.Errorf("club name column is %v wide", w)
	}
}

// TestColumnsAreInOrder reads the sheet's XML: Excel refuses a file whose
// column widths are not listed left to right.
func TestColumnsAreInOrder(t *testing.T) {
	b, err := Digest(sampleDigest(), messages.VI)
	if err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sheet, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	var mins []int
	for _, m := range regexp.MustCompile(`<col min="(\d+)"`).FindAllSubmatch(sheet, -1) {
		n, _ := strconv.Atoi(string(m[1]))
		mins = append(mins, n)
	}
	if len(mins) != len(columns) || !slices.IsSorted(mins) {
		t.Errorf("columns in the order %v", mins)
	}
}

func TestSummary(t *testing.T) {
	f := open(t, sampleDigest(), messages.EN)
	rows, err := f.GetRows(text(messages.EN, "report.sheet.summary"))
	if err != nil {
		t.Fatal(err)
	}
	find := func(key string) []string {
		for _, r := range rows {
			if len(r) > 0 && r[0] == text(messages.EN, key) {
				return r
			}
		}
		t.Fatalf("no row %q in %q", key, rows)
		return nil
	}
	if got, want := find("report.sum.clubs"), []string{text(messages.EN, "report.sum.clubs"), "191", "150", "79%", text(messages.EN, "report.flag.not_met")}; !slices.Equal(got, want) {
		t.Errorf("clubs row %q, want %q", got, want)
	}
	if got := find("report.sum.new_older"); got[1] != "60%" || got[2] != "63%" || got[4] != text(messages.EN, "report.flag.ok") {
		t.Errorf("older row %q", got)
	}
	if got := find("report.sum.uncovered"); got[1] != "Bình Liêu, Cô Tô" {
		t.Errorf("uncovered row %q", got)
	}
	if got := find("report.sum.week_funds"); got[1] != "12,500,000 đ" {
		t.Errorf("fund movement row %q", got)
	}
	if got := rows[0][0]; got != html.UnescapeString(messages.Render(messages.EN, "report.sum.title",
		messages.Args{"scope": "Quảng Ninh", "date": messages.Date(sampleDigest().AsOf)})) {
		t.Errorf("title %q", got)
	}
}

func TestEmptyDigest(t *testing.T) {
	f := open(t, bot.Digest{Plan: plan}, messages.VI)
	rows, err := f.GetRows(text(messages.VI, "report.sheet.clubs"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Errorf("%d rows without clubs, want the header only", len(rows))
	}
}

// stats returns n clubs spread over Quảng Ninh.
func stats(n int) []bot.ClubStat {
	base := sampleDigest().Stats[0]
	out := make([]bot.ClubStat, n)
	for i := range out {
		s := base
		s.Club.ID = int64(i + 1)
		s.Club.Name = fmt.Sprintf("CLB Liên thế hệ số %d", i+1)
		s.Members = 40 + i%40
		if i%7 == 0 {
			s.LastFund = nil
		}
		out[i] = s
	}
	return out
}

// BenchmarkXLSX10000Clubs writes a province of 10,000 clubs.
func BenchmarkXLSX10000Clubs(b *testing.B) {
	d := sampleDigest()
	d.Stats = stats(10_000)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		out, err := Digest(d, messages.VI)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
	b.ReportMetric(float64(size), "xlsx-bytes")
}

func TestAUnitWithoutClubsSaysSo(t *testing.T) {
	f := open(t, sampleDigest(), messages.VI)
	rows, err := f.GetRows(text(messages.VI, "report.sheet.summary"))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) > 0 && r[0] == "Cô Tô" {
			if want := []string{"Cô Tô", "Chưa có CLB."}; !slices.Equal(r, want) {
				t.Errorf("row of a unit without clubs = %q, want %q", r, want)
			}
			return
		}
	}
	t.Fatalf("no row for Cô Tô in %q", rows)
}

func TestAnEndedPlanShowsItsFinalResult(t *testing.T) {
	d := sampleDigest()
	d.PlanEnded = true
	f := open(t, d, messages.VI)
	rows, err := f.GetRows(text(messages.VI, "report.sheet.summary"))
	if err != nil {
		t.Fatal(err)
	}
	want := "🏁 Kế hoạch đến 31/12/2025 đã kết thúc: đạt 150/191 CLB, 62/85 CLB thành lập mới."
	if len(rows) < 3 || len(rows[2]) == 0 || rows[2][0] != want {
		t.Errorf("summary starts %q, want the plan's final result %q on its third row", rows[:min(3, len(rows))], want)
	}
}

// TestClubLifeColumns: the months with a meeting in the quarter and the
// full set, counted by bot/activity.go's rules, and empty under a plan
// that does not measure club life.
func TestClubLifeColumns(t *testing.T) {
	d := sampleDigest()
	d.Plan.FullSetKeys, d.ReminderDay = []string{"health", "culture"}, 25
	month := func(m time.Month) time.Time { return time.Date(2025, m, 1, 0, 0, 0, 0, hanoi) }
	on := month(7).AddDate(0, 0, 9)
	// On 31/08, past the 25th: the quarter is June to August.
	d.Stats[0].Activity = []bot.ActivityReport{
		{Month: month(6), MeetingHeld: true, MeetingOn: &on, Done: []bot.ActivityDone{{Key: "health"}}},
		{Month: month(8), MeetingHeld: true, MeetingOn: &on, Done: []bot.ActivityDone{{Key: "culture"}}},
	}
	d.Stats[1].Activity = []bot.ActivityReport{{Month: month(5), MeetingHeld: true, MeetingOn: &on, Done: []bot.ActivityDone{{Key: "health"}, {Key: "culture"}}}}
	f := open(t, d, messages.VI)
	for ref, want := range map[string]string{"S2": "2", "T2": "Đạt", "S3": "0", "T3": "Chưa đạt"} {
		if got := cell(t, f, "CLB", ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	d.Life = bot.ClubLife{Clubs: 2, FullSet: 1, TargetPercent: 70}
	rows, err := open(t, d, messages.VI).GetRows("Tổng hợp")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if len(r) >= 4 && r[0] == "CLB làm đủ các hoạt động (3 tháng gần nhất)" && r[1] == "70%" && r[2] == "50%" {
			found = true
		}
	}
	if !found {
		t.Errorf("the summary lacks the full-set share: %v", rows)
	}
	if got := cell(t, open(t, sampleDigest(), messages.VI), "CLB", "S2"); got != "" {
		t.Errorf("months with a meeting under a plan without activities = %q", got)
	}
}
