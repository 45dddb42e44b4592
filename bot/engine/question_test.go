package engine

import (
	"reflect"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestParseQuestion(t *testing.T) {
	for _, c := range []struct {
		in     string
		want   Question
		ok, is bool
	}{
		{"Móng Cái có bao nhiêu CLB?", Question{MetricClubs, "mong cai"}, true, true},
		{"mong cai bao nhieu thanh vien", Question{MetricMembers, "mong cai"}, true, true},
		{"how many clubs in Co To", Question{MetricClubs, "co to"}, true, true},
		{"Cô Tô có mấy câu lạc bộ", Question{MetricClubs, "co to"}, true, true},
		{"bao nhiêu thành viên CLB ở Hạ Long?", Question{MetricMembers, "ha long"}, true, true},
		{"how many older members in Vân Đồn", Question{MetricOlder, "van don"}, true, true},
		{"CLB nào chưa báo cáo ở Móng Cái?", Question{MetricMissing, "mong cai"}, true, true},
		{"tổng số CLB", Question{MetricClubs, ""}, true, true},
		{"CLB Hoa Sen", Question{MetricClubs, "hoa sen"}, true, false},
		{"xin chào", Question{}, false, false},
		{"Quảng Ninh có bao nhiêu CLB?", Question{MetricClubs, "quang ninh"}, true, true},
		{"quang ninh bao nhieu thanh vien", Question{MetricMembers, "quang ninh"}, true, true},
		{"Toàn tỉnh có bao nhiêu CLB ạ?", Question{MetricClubs, ""}, true, true},
		{"toan tinh co bao nhieu thanh vien", Question{MetricMembers, ""}, true, true},
		{"how many members in the whole province", Question{MetricMembers, ""}, true, true},
		{"Hoa Sen bao nhiêu thành viên", Question{MetricMembers, "hoa sen"}, true, true},
		{"CLB Hoa Sen có bao nhiêu người cao tuổi?", Question{MetricOlder, "hoa sen"}, true, true},
		{"CLB nào chưa báo cáo?", Question{MetricMissing, ""}, true, true},
		{"clb nao chua bao cao", Question{MetricMissing, ""}, true, false},
		{"which clubs have not reported yet?", Question{MetricMissing, ""}, true, true},
		{"mongcai co bao nhieu clb", Question{MetricClubs, "mongcai"}, true, true},
		{"how many clubs in halong", Question{MetricClubs, "halong"}, true, true},
	} {
		got, ok := ParseQuestion(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseQuestion(%q) = %+v %v, want %+v %v", c.in, got, ok, c.want, c.ok)
		}
		if is := IsQuestion(c.in); is != c.is {
			t.Errorf("IsQuestion(%q) = %v, want %v", c.in, is, c.is)
		}
	}
}

// testUnits are a few of Quảng Ninh's units: two former districts and
// the commune-level units formed from them.
var testUnits = []bot.Unit{
	{ID: 1, Name: "Móng Cái", Type: "thành phố", Level: bot.LevelDistrict},
	{ID: 2, Name: "Cô Tô", Type: "huyện", Level: bot.LevelDistrict},
	{ID: 3, Name: "Hạ Long", Type: "thành phố", Level: bot.LevelDistrict},
	{ID: 11, Name: "Móng Cái 1", Type: "phường", Level: bot.LevelCommune, FormerDistrictIDs: []int64{1}},
	{ID: 12, Name: "Cô Tô", Type: "đặc khu", Level: bot.LevelCommune, FormerDistrictIDs: []int64{2}},
	{ID: 13, Name: "Hạ Long", Type: "phường", Level: bot.LevelCommune, FormerDistrictIDs: []int64{3}},
	{ID: 14, Name: "Kỳ Thượng", Type: "xã", Level: bot.LevelCommune, FormerDistrictIDs: []int64{4, 3}},
}

func unitIDs(us []bot.Unit) []int64 {
	var ids []int64
	for _, u := range us {
		ids = append(ids, u.ID)
	}
	return ids
}

func TestFindPlaces(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []int64
	}{
		{"Móng Cái có bao nhiêu CLB?", []int64{1}},
		{"mong cai 1 bao nhieu thanh vien", []int64{11}},
		{"how many clubs in Co To", []int64{2, 12}},
		{"phường Hạ Long có bao nhiêu CLB", []int64{13}},
		{"thanh pho ha long", []int64{3}},
		{"Cái Rồng", nil},
		{"mong", nil},
		{"mongcai co bao nhieu clb", []int64{1}},
		{"MongCai1 bao nhieu thanh vien", []int64{11}},
		{"mongcai 1", []int64{11}},
		{"how many clubs in halong", []int64{3, 13}},
		{"phuonghalong", []int64{13}},
		{"ky thuong", []int64{14}},
		{"ngcai", nil},
		{"mongcaii", nil},
	} {
		if got := unitIDs(FindPlaces(c.in, testUnits)); !reflect.DeepEqual(got, c.want) {
			t.Errorf("FindPlaces(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestScopes(t *testing.T) {
	moncai, coto, halong := int64(1), int64(12), int64(3)
	province := bot.Scope{Kind: bot.ScopeProvince}
	district := bot.Scope{Kind: bot.ScopeUnit, UnitID: &moncai}
	commune := bot.Scope{Kind: bot.ScopeUnit, UnitID: &coto}
	both := []bot.Unit{testUnits[1], testUnits[4]} // Cô Tô, the district and the commune
	for _, c := range []struct {
		scope   bot.Scope
		inScope []int64
		prefer  int64
	}{
		{province, []int64{1, 2, 3, 11, 12, 13, 14}, 2},
		{district, []int64{1, 11}, 2},
		{commune, []int64{12}, 12},
		{bot.Scope{Kind: bot.ScopeUnit, UnitID: &halong}, []int64{3, 13, 14}, 2},
		{bot.Scope{Kind: bot.ScopeClub}, nil, 2},
	} {
		var got []int64
		for _, u := range testUnits {
			if bot.UnitInScope(c.scope, u) {
				got = append(got, u.ID)
			}
		}
		if !reflect.DeepEqual(got, c.inScope) {
			t.Errorf("units in %+v: %v, want %v", c.scope, got, c.inScope)
		}
		if p := PreferPlace(both, c.scope); p.ID != c.prefer {
			t.Errorf("PreferPlace in %+v = %d, want %d", c.scope, p.ID, c.prefer)
		}
	}
	if d := bot.FormerDistrict(bot.Scope{Kind: bot.ScopeUnit, UnitID: &halong}, testUnits[6]); d == nil || *d != 3 {
		t.Errorf("a Hạ Long officer's club in Kỳ Thượng counts in %v, want 3", d)
	}
	if d := bot.FormerDistrict(province, testUnits[6]); d == nil || *d != 4 {
		t.Errorf("a province officer's club in Kỳ Thượng counts in %v, want 4", d)
	}
}

func TestRolesAndReporting(t *testing.T) {
	club, unit := int64(5), int64(1)
	for _, c := range []struct {
		u               *bot.User
		officer, invite bool
	}{
		{nil, false, false},
		{&bot.User{Role: bot.RoleLeader, Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &club}}, false, false},
		{&bot.User{Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeUnit, UnitID: &unit}}, true, false},
		{&bot.User{Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}, true, true},
		{&bot.User{Role: bot.RoleAdmin, Scope: bot.Scope{Kind: bot.ScopeUnit, UnitID: &unit}}, true, true},
	} {
		if bot.IsOfficer(c.u) != c.officer || bot.CanInvite(c.u) != c.invite {
			t.Errorf("%+v: officer %v invite %v", c.u, bot.IsOfficer(c.u), bot.CanInvite(c.u))
		}
	}
	if s := bot.OfficerScope(&bot.User{Role: bot.RoleAdmin, Scope: bot.Scope{Kind: bot.ScopeUnit, UnitID: &unit}}); s.Kind != bot.ScopeProvince {
		t.Errorf("an admin sees %+v, want the province", s)
	}
	// The reminder's rule: from the reminder day (25) this month's report
	// is owed, before it last month's.
	for _, c := range []struct {
		now, last time.Time
		want      bool
	}{
		{dday(2026, 11, 29), dday(2026, 11, 1), true},
		{dday(2026, 11, 29), dday(2026, 10, 31), false},
		{dday(2026, 11, 25), dday(2026, 10, 31), false},
		{dday(2026, 11, 24), dday(2026, 10, 1), true},
		{dday(2026, 11, 24), dday(2026, 9, 30), false},
	} {
		st := bot.ClubStat{LastFund: &bot.FundReport{AsOf: c.last}}
		if got := bot.Reporting(st, c.now.Add(9*time.Hour), 25); got != c.want {
			t.Errorf("on %s a report of %s: reporting %v, want %v", c.now.Format("02/01"), c.last.Format("02/01"), got, c.want)
		}
	}
	if bot.Reporting(bot.ClubStat{}, dday(2026, 11, 29), 25) {
		t.Error("a club that never reported is reporting")
	}
}

func TestSuggest(t *testing.T) {
	names := []string{"phường Móng Cái 1", "đặc khu Cô Tô", "xã Hải Sơn"}
	for q, want := range map[string][]string{
		"mong cai":       {"phường Móng Cái 1"},
		"Hai Son xyz":    {"xã Hải Sơn", "phường Móng Cái 1"}, // "hai" is a typo away from "cai"
		"ha noi":         {},
		"Moong Caai abc": {"phường Móng Cái 1"},
	} {
		if got := Suggest(q, names, 5); !reflect.DeepEqual(got, want) {
			t.Errorf("Suggest(%q) = %q, want %q", q, got, want)
		}
	}
}

// dday is midnight in Vietnam on a date.
func dday(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))
}
