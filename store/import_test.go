package store

import (
	"context"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// importBatch is two clubs of phường Móng Cái 1 with a member each and a
// fund report for the first.
func importBatch(t *testing.T, d *DB) ImportBatch {
	t.Helper()
	unit, err := d.UnitByCode(context.Background(), bot.LevelCommune, "06712")
	if err != nil {
		t.Fatal(err)
	}
	ref := func(line int) RowRef { return RowRef{File: "x.csv", Line: line} }
	hoaSen := ClubKey{UnitID: unit.ID, Name: "clb hoa sen"}
	return ImportBatch{
		Clubs: []ImportClub{
			{ref(2), bot.Club{Name: "CLB Hoa Sen", UnitID: unit.ID, FormerDistrictID: &unit.FormerDistrictIDs[0],
				FoundedOn: day(2022, 3, 15), DecisionNo: "125/QĐ-UBND", StartingFund: 20_000_000}},
			{ref(3), bot.Club{Name: "CLB Bình Minh", UnitID: unit.ID, FoundedOn: day(2021, 6, 2)}},
		},
		Members: []ImportMember{
			{ref(2), hoaSen, bot.Member{FullName: "Nguyễn Thị Hằng", Gender: bot.Female, BirthYear: 1958,
				Household: bot.HouseholdNearPoor, CareVolunteer: true, JoinedOn: day(2022, 3, 15)}},
			{ref(3), ClubKey{UnitID: unit.ID, Name: "CLB BÌNH MINH"}, bot.Member{FullName: "Đặng Văn Sơn",
				Gender: bot.Male, BirthYear: 1957, Household: bot.HouseholdNeither, JoinedOn: day(2021, 6, 2)}},
		},
		Funds: []ImportFund{
			{ref(2), hoaSen, bot.FundReport{AsOf: day(2025, 6, 30), IncomeFund: 45_500_000,
				ActivityFund: 3_200_000, LoansOutstanding: 40_000_000, MembersWithLoans: 28}},
		},
	}
}

// mustImport imports b and fails the test on an error.
func mustImport(t *testing.T, d *DB, b ImportBatch) ImportResult {
	t.Helper()
	res, err := d.Import(context.Background(), b)
	if err != nil {
		t.Fatalf("Import: %v (%+v)", err, res.Problems)
	}
	return res
}

func TestImportStoresEverythingWithAudit(t *testing.T) {
	d := openTest(t)
	res := mustImport(t, d, importBatch(t, d))
	if res.ClubsAdded != 2 || res.MembersAdded != 2 || res.FundsAdded != 1 || len(res.Problems) != 0 {
		t.Fatalf("result = %+v", res)
	}
	clubs, _ := d.ClubsByName(context.Background(), "hoa sen")
	if len(clubs) != 1 || clubs[0].FormerDistrictID == nil || clubs[0].StartingFund != 20_000_000 {
		t.Fatalf("clubs = %+v", clubs)
	}
	if n := count(t, d, "members", "club_id = ? AND source_key LIKE 'import:member:%'", clubs[0].ID); n != 1 {
		t.Errorf("members of Hoa Sen = %d", n)
	}
	if n := count(t, d, "fund_reports", "club_id = ? AND members_with_loans = 28", clubs[0].ID); n != 1 {
		t.Errorf("fund reports of Hoa Sen = %d", n)
	}
	if n := count(t, d, "audit_log", "entity = 'member' AND entity_id IN (SELECT id FROM members)"); n != 2 {
		t.Errorf("member audit rows naming a member = %d", n)
	}
	for entity, want := range map[string]int{"club": 2, "member": 2, "fund_report": 1} {
		if n := count(t, d, "audit_log", "entity = ? AND action = 'create' AND user_id IS NULL", entity); n != want {
			t.Errorf("%s audit rows = %d, want %d", entity, n, want)
		}
	}
}

func TestImportTwiceAddsNothing(t *testing.T) {
	d := openTest(t)
	mustImport(t, d, importBatch(t, d))
	audit := count(t, d, "audit_log", "")
	res := mustImport(t, d, importBatch(t, d))
	if res.ClubsAdded+res.MembersAdded+res.FundsAdded != 0 || res.ClubsPresent != 2 ||
		res.MembersPresent != 2 || res.FundsPresent != 1 || len(res.Problems) != 0 {
		t.Fatalf("second import = %+v", res)
	}
	if n := count(t, d, "audit_log", ""); n != audit {
		t.Errorf("audit rows %d -> %d", audit, n)
	}
}

func TestImportDryRunStoresNothing(t *testing.T) {
	d := openTest(t)
	b := importBatch(t, d)
	b.DryRun = true
	res := mustImport(t, d, b)
	if res.ClubsAdded != 2 || res.MembersAdded != 2 || res.FundsAdded != 1 {
		t.Fatalf("dry run = %+v", res)
	}
	for _, table := range []string{"clubs", "members", "fund_reports", "audit_log"} {
		if n := count(t, d, table, ""); n != 0 {
			t.Errorf("%s rows after a dry run = %d", table, n)
		}
	}
}

func TestImportRejectsAndStoresNothing(t *testing.T) {
	d := openTest(t)
	existing := newClub(t, d, "CLB Tương Lai") // founded 15/03/2022
	b := importBatch(t, d)
	unit := b.Clubs[0].Club.UnitID
	b.Clubs = append(b.Clubs,
		ImportClub{RowRef{"x.csv", 4}, b.Clubs[0].Club},
		ImportClub{RowRef{"x.csv", 5}, bot.Club{Name: "clb tuong lai", UnitID: unit, FoundedOn: day(2023, 1, 1)}})
	b.Members = append(b.Members, ImportMember{RowRef{"m.csv", 4}, b.Members[0].Club, b.Members[0].Member},
		ImportMember{RowRef{"m.csv", 5}, ClubKey{UnitID: unit, Name: "CLB Không Có"}, b.Members[1].Member})
	b.Funds = append(b.Funds, ImportFund{RowRef{"f.csv", 3}, b.Funds[0].Club, b.Funds[0].Report})
	res, err := d.Import(context.Background(), b)
	wantCode(t, err, bot.EINVALID)
	var got []string
	for _, p := range res.Problems {
		got = append(got, p.Ref.String()+" "+p.Column)
	}
	want := "x.csv:4 name|x.csv:5 founded_on|m.csv:4 full_name|m.csv:5 club|f.csv:3 as_of"
	if strings.Join(got, "|") != want || res.Rejected() != 5 {
		t.Fatalf("problems = %q, want %q\n%+v", got, want, res.Problems)
	}
	if n := count(t, d, "clubs", "id <> ?", existing.ID); n != 0 {
		t.Errorf("clubs stored by a rejected import: %d", n)
	}
	if n := count(t, d, "members", "") + count(t, d, "fund_reports", ""); n != 0 {
		t.Errorf("members and fund reports stored by a rejected import: %d", n)
	}
}

func TestImportKeepsNewerMemberWithAWarning(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	mustImport(t, d, importBatch(t, d))
	var id int64
	d.gorm.Table("members").Select("id").Where("name_key = ?", "nguyen thi hang").Take(&id)
	tx(t, d, func(tx *Tx) error { return tx.MemberLeft(ctx, id, day(2025, 1, 5), "chuyển nơi ở", 0, testNow) })
	res := mustImport(t, d, importBatch(t, d))
	if res.MembersPresent != 2 || len(res.Problems) != 1 || !res.Problems[0].Warning ||
		!strings.Contains(res.Problems[0].Message, "left_on") {
		t.Fatalf("re-import after a member left = %+v", res)
	}
	if n := count(t, d, "members", "id = ? AND left_on IS NOT NULL", id); n != 1 {
		t.Error("the import overwrote the member's departure")
	}
}
