package store

import (
	"context"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// statFixture is a database with clubs in two units, as of 15/08/2025.
type statFixture struct {
	d                  *DB
	hoaSen, khac, haTu bot.Club
	mongCai, haLong    bot.Unit // district-level
	mongCai1           bot.Unit // commune-level
	asOf               time.Time
}

// newStatFixture stores: CLB Hoa Sen (Móng Cái 1) with five members, one
// of whom left in the week and one joined in it, and two fund reports; CLB
// Khác in the same commune with one member; CLB Hà Tu in Hạ Long with none;
// and a dissolved club that no count includes.
func newStatFixture(t *testing.T) statFixture {
	t.Helper()
	ctx := context.Background()
	f := statFixture{d: openTest(t), asOf: day(2025, 8, 15)}
	f.hoaSen, f.khac = newClub(t, f.d, "CLB Hoa Sen"), newClub(t, f.d, "CLB Khác")
	f.mongCai1, _ = f.d.UnitByCode(ctx, bot.LevelCommune, "06712")
	f.mongCai, _ = f.d.UnitByName(ctx, bot.LevelDistrict, "Móng Cái")
	f.haLong, _ = f.d.UnitByName(ctx, bot.LevelDistrict, "Hạ Long")
	haTuUnit, err := f.d.UnitByCode(ctx, bot.LevelCommune, "06652")
	if err != nil {
		t.Fatal(err)
	}
	f.haTu = bot.Club{Name: "CLB Hà Tu", UnitID: haTuUnit.ID, FoundedOn: day(2023, 1, 1)}
	gone := bot.Club{Name: "CLB Cũ", UnitID: haTuUnit.ID, FoundedOn: day(2020, 1, 1), Status: bot.ClubDissolved}
	for _, c := range []*bot.Club{&f.haTu, &gone} {
		if err := f.d.CreateClub(ctx, c, 0, testNow); err != nil {
			t.Fatal(err)
		}
	}
	tx(t, f.d, func(tx *Tx) error { return f.addRows(ctx, tx, gone.ID) })
	return f
}

// addRows adds the fixture's members and fund reports.
func (f statFixture) addRows(ctx context.Context, tx *Tx, goneID int64) error {
	left := day(2025, 8, 12)
	members := []bot.Member{
		{ClubID: f.hoaSen.ID, Gender: bot.Female, BirthYear: 1950, JoinedOn: day(2022, 3, 15)},
		{ClubID: f.hoaSen.ID, Gender: bot.Female, BirthYear: 1966, JoinedOn: day(2022, 3, 15)},
		{ClubID: f.hoaSen.ID, Gender: bot.Male, BirthYear: 1940, JoinedOn: day(2022, 3, 15)},
		{ClubID: f.hoaSen.ID, Gender: bot.Female, BirthYear: 1955, JoinedOn: day(2025, 8, 15)},
		{ClubID: f.hoaSen.ID, Gender: bot.Female, BirthYear: 1945, JoinedOn: day(2022, 3, 15), LeftOn: &left},
		{ClubID: f.hoaSen.ID, Gender: bot.Female, BirthYear: 1945, JoinedOn: day(2025, 8, 16)},
		{ClubID: f.khac.ID, Gender: bot.Male, BirthYear: 1990, JoinedOn: day(2025, 8, 9)},
		{ClubID: goneID, Gender: bot.Female, BirthYear: 1950, JoinedOn: day(2020, 1, 1)},
	}
	for i := range members {
		members[i].FullName = "Thành viên"
		if err := tx.AddMember(ctx, &members[i], 0, testNow); err != nil {
			return err
		}
	}
	for _, r := range []bot.FundReport{
		{ClubID: f.hoaSen.ID, AsOf: day(2025, 7, 31), IncomeFund: 30_000_000, ActivityFund: 1_000_000},
		{ClubID: f.hoaSen.ID, AsOf: day(2025, 8, 14), IncomeFund: 32_000_000, ActivityFund: 500_000, MembersWithLoans: 2},
		{ClubID: f.hoaSen.ID, AsOf: day(2025, 8, 20), IncomeFund: 99_000_000},
	} {
		if err := tx.AddFundReport(ctx, &r, 0, testNow); err != nil {
			return err
		}
	}
	return nil
}

func TestClubStatsCountsOnTheDay(t *testing.T) {
	f := newStatFixture(t)
	stats, err := f.d.ClubStats(context.Background(), bot.Scope{Kind: bot.ScopeProvince}, f.asOf, 60)
	if err != nil {
		t.Fatal(err)
	}
	if len(stats) != 3 {
		t.Fatalf("got %d clubs, want the 3 active ones: %+v", len(stats), stats)
	}
	s := stats[0]
	if s.Club.ID != f.hoaSen.ID || s.UnitName != "Móng Cái 1" || s.DistrictID != f.mongCai.ID || s.DistrictName != "Móng Cái" {
		t.Errorf("club and units = %+v %q %d %q", s.Club, s.UnitName, s.DistrictID, s.DistrictName)
	}
	// Active on 15/08: three founders plus the one who joined that day.
	if s.Members != 4 || s.Women != 3 || s.Older != 3 || s.Joined != 1 || s.Left != 1 {
		t.Errorf("counts = members %d women %d older %d joined %d left %d, want 4 3 3 1 1",
			s.Members, s.Women, s.Older, s.Joined, s.Left)
	}
	if s.LastFund == nil || !s.LastFund.AsOf.Equal(day(2025, 8, 14)) || s.FundTotal() != 32_500_000 || s.LastFund.MembersWithLoans != 2 {
		t.Errorf("last fund = %+v, want the report of 14/08/2025", s.LastFund)
	}
	if s.WeekFunds != 31_000_000 {
		t.Errorf("week funds = %d, want 31.000.000 (report of 31/07)", s.WeekFunds)
	}
	if k := stats[1]; k.Members != 1 || k.Joined != 1 || k.LastFund != nil || k.WeekFunds != 0 {
		t.Errorf("CLB Khác = %+v", k)
	}
	if h := stats[2]; h.Club.Name != "CLB Hà Tu" || h.Members != 0 || h.DistrictID != f.haLong.ID {
		t.Errorf("CLB Hà Tu = %+v, want district Hạ Long from its commune", h)
	}
}

func TestClubStatsScopes(t *testing.T) {
	f := newStatFixture(t)
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		scope bot.Scope
		want  []string
	}{
		{"district", bot.Scope{Kind: bot.ScopeUnit, UnitID: &f.mongCai.ID}, []string{"CLB Hoa Sen", "CLB Khác"}},
		{"other district", bot.Scope{Kind: bot.ScopeUnit, UnitID: &f.haLong.ID}, []string{"CLB Hà Tu"}},
		{"commune", bot.Scope{Kind: bot.ScopeUnit, UnitID: &f.mongCai1.ID}, []string{"CLB Hoa Sen", "CLB Khác"}},
		{"club", bot.Scope{Kind: bot.ScopeClub, ClubID: &f.khac.ID}, []string{"CLB Khác"}},
	} {
		stats, err := f.d.ClubStats(ctx, c.scope, f.asOf, 60)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var got []string
		for _, s := range stats {
			got = append(got, s.Club.Name)
		}
		if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
			t.Errorf("%s: clubs %v, want %v", c.name, got, c.want)
		}
		if c.name == "club" && stats[0].Members != 1 {
			t.Errorf("club scope counts %d members, want 1", stats[0].Members)
		}
	}
	missing := int64(99999)
	_, err := f.d.ClubStats(ctx, bot.Scope{Kind: bot.ScopeUnit, UnitID: &missing}, f.asOf, 60)
	wantCode(t, err, bot.EINVALID)
}

func TestDistrictsOf(t *testing.T) {
	f := newStatFixture(t)
	ctx := context.Background()
	all, err := f.d.DistrictsOf(ctx, bot.Scope{Kind: bot.ScopeProvince})
	if err != nil || len(all) != 13 {
		t.Fatalf("province: %d districts, %v", len(all), err)
	}
	one, err := f.d.DistrictsOf(ctx, bot.Scope{Kind: bot.ScopeUnit, UnitID: &f.mongCai1.ID})
	if err != nil || len(one) != 1 || one[0].ID != f.mongCai.ID {
		t.Fatalf("Móng Cái 1: %+v, %v", one, err)
	}
}

func TestSeedSyntheticIsDeterministicAndComplete(t *testing.T) {
	ctx := context.Background()
	o := SyntheticOptions{Clubs: 40, Members: 2_000, Months: 6, Seed: 7, AsOf: day(2025, 8, 15)}
	var dumps [2]string
	for i := range dumps {
		d := openTest(t)
		if err := d.SeedSynthetic(ctx, o); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "clubs", ""); n != 40 {
			t.Fatalf("clubs = %d, want 40", n)
		}
		if n := count(t, d, "members", ""); n != 2_000 {
			t.Fatalf("members = %d, want 2.000", n)
		}
		if n := count(t, d, "fund_reports", ""); n == 0 || n > 40*6 {
			t.Fatalf("fund reports = %d, want 1..240", n)
		}
		err := d.sql.QueryRowContext(ctx, `SELECT
			(SELECT string_agg(CAST(club_id AS TEXT) || full_name || gender || CAST(birth_year AS TEXT) ||
				CAST(joined_on AS TEXT) || COALESCE(CAST(left_on AS TEXT), ''), ';' ORDER BY id) FROM members) ||
			(SELECT string_agg(CAST(club_id AS TEXT) || CAST(as_of AS TEXT) || CAST(income_fund AS TEXT) ||
				CAST(members_with_loans AS TEXT), ';' ORDER BY id) FROM fund_reports)`).Scan(&dumps[i])
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, d.SeedSynthetic(ctx, o), bot.ECONFLICT)
	}
	if dumps[0] != dumps[1] {
		t.Errorf("two seeds with the same options wrote different members or reports")
	}
}

func TestSeedSyntheticDataReadsBack(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	o := SyntheticOptions{Clubs: 20, Members: 1_000, Months: 3, Seed: 1, AsOf: day(2025, 8, 15)}
	if err := d.SeedSynthetic(ctx, o); err != nil {
		t.Fatal(err)
	}
	stats, err := d.ClubStats(ctx, bot.Scope{Kind: bot.ScopeProvince}, o.AsOf, 60)
	if err != nil {
		t.Fatal(err)
	}
	members, reported := 0, 0
	for _, s := range stats {
		members += s.Members
		if s.LastFund != nil && s.LastFund.AsOf.Equal(day(2025, 7, 31)) {
			reported++
		}
	}
	if len(stats) == 0 || members == 0 || members > 1_000 || reported == 0 {
		t.Errorf("%d clubs, %d active members, %d reported on 31/07/2025", len(stats), members, reported)
	}
}
