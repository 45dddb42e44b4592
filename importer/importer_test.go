package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store"
)

// runImport opens a database in a temporary folder and imports files from
// testdata/import (or at absolute paths) into it, as "clubbot import"
// does; it returns the database and what the import printed.
func runImport(t *testing.T, dryRun bool, files ...string) (*store.DB, string, error) {
	t.Helper()
	db := openStore(t, filepath.Join(t.TempDir(), "c.db"))
	out, err := importInto(t, db, dryRun, files...)
	return db, out, err
}

// importInto imports files into db, and returns what the import printed.
func importInto(t *testing.T, db *store.DB, dryRun bool, files ...string) (string, error) {
	t.Helper()
	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f
		if !filepath.IsAbs(f) {
			paths[i] = filepath.Join("testdata", "import", f)
		}
	}
	var out strings.Builder
	err := Run(context.Background(), db, paths, time.Now().In(bot.Vietnam()), dryRun, &out)
	return out.String(), err
}

// openStore opens a database as the command does, closed when the test ends.
func openStore(t *testing.T, path string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// clubNamed returns the one club with this exact name.
func clubNamed(t *testing.T, db *store.DB, name string) bot.Club {
	t.Helper()
	clubs, err := db.ClubsByName(context.Background(), name)
	if err != nil || len(clubs) == 0 || clubs[0].Name != name {
		t.Fatalf("club %q: %+v, %v", name, clubs, err)
	}
	return clubs[0]
}

// unitCode returns the code of the unit with this id.
func unitCode(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var u bot.Unit
	err := db.InTx(context.Background(), func(tx bot.Writer) (err error) {
		u, err = tx.Unit(context.Background(), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return u.Code
}

// clubContents returns a club's active members and its latest fund report.
func clubContents(t *testing.T, db *store.DB, clubID int64) ([]bot.Member, bot.FundReport) {
	t.Helper()
	ctx := context.Background()
	var members []bot.Member
	var fund bot.FundReport
	err := db.InTx(ctx, func(tx bot.Writer) (err error) {
		if members, err = tx.ActiveMembers(ctx, clubID); err != nil {
			return err
		}
		fund, err = tx.LastFundReport(ctx, clubID)
		if bot.ErrorCode(err) == bot.ENOTFOUND {
			return nil
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return members, fund
}

func TestImportCleanFiles(t *testing.T) {
	db, out, err := runImport(t, false, "clubs.csv", "members.csv", "funds.csv")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, want := range []string{"clubs:           4 new", "members:        10 new", "fund reports:    4 new"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	hoaSen := clubNamed(t, db, "CLB Liên thế hệ Hoa Sen")
	binhMinh := clubNamed(t, db, "CLB Liên thế hệ Bình Minh")
	hoaSo := clubNamed(t, db, "CLB Liên thế hệ Hoa Sở")
	if unitCode(t, db, hoaSen.UnitID) != "06712" || unitCode(t, db, *hoaSen.FormerDistrictID) != "194" ||
		hoaSen.StartingFund != 20_000_000 || hoaSen.DecisionNo != "125/QĐ-UBND" || hoaSen.FoundedOn.Format("02/01/2006") != "15/03/2022" {
		t.Errorf("Hoa Sen = %+v", hoaSen)
	}
	if unitCode(t, db, binhMinh.UnitID) != "06799" || unitCode(t, db, *binhMinh.FormerDistrictID) != "199" {
		t.Errorf("Bình Minh should be in Hải Hòa, formerly Tiên Yên: %+v", binhMinh)
	}
	if unitCode(t, db, hoaSo.UnitID) != "06838" {
		t.Errorf("Hoa Sở should be in xã Bình Liêu (code 06838): %+v", hoaSo)
	}
	members, fund := clubContents(t, db, hoaSen.ID)
	if len(members) != 3 || members[0].FullName != "Nguyễn Thị Hằng" || members[0].Household != bot.HouseholdNearPoor ||
		!members[0].CareVolunteer || members[0].EthnicMinority || members[0].Gender != bot.Female {
		t.Errorf("Hoa Sen's active members (Phạm Thị Lan left) = %+v", members)
	}
	if fund.IncomeFund != 45_500_000 || fund.ActivityFund != 3_200_000 || fund.LoansOutstanding != 40_000_000 ||
		fund.MembersWithLoans != 28 {
		t.Errorf("Hoa Sen's fund report = %+v", fund)
	}
	// Compound amounts as leaders write them: 45tr5, 3tr2, 1 triệu rưỡi.
	if _, fund := clubContents(t, db, binhMinh.ID); fund.ActivityFund != 1_500_000 {
		t.Errorf("Bình Minh's activity fund (1 triệu rưỡi) = %d", fund.ActivityFund)
	}
	if members, _ := clubContents(t, db, hoaSo.ID); len(members) != 2 || !members[1].EthnicMinority {
		t.Errorf("Hoa Sở's members = %+v", members)
	}
}

func TestImportTwiceAddsNothing(t *testing.T) {
	db, out, err := runImport(t, false, "clubs.csv", "members.csv", "funds.csv")
	if err != nil {
		t.Fatalf("first import: %v\n%s", err, out)
	}
	out, err = importInto(t, db, false, "clubs.csv", "members.csv", "funds.csv")
	if err != nil {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	for _, want := range []string{"clubs:           0 new,    4 already in the database",
		"members:         0 new,   10 already", "fund reports:    0 new,    4 already"} {
		if !strings.Contains(out, want) {
			t.Errorf("second import's output lacks %q:\n%s", want, out)
		}
	}
	if clubs, _ := db.Clubs(context.Background()); len(clubs) != 4 {
		t.Errorf("clubs after two imports = %d", len(clubs))
	}
	if audit, _ := db.AuditLog(context.Background(), 0); len(audit) != 4+10+4 {
		t.Errorf("audit entries after two imports = %d, want 18", len(audit))
	}
}

func TestImportDryRunImportsNothing(t *testing.T) {
	db, out, err := runImport(t, true, "clubs.csv", "members.csv", "funds.csv")
	if err != nil || !strings.Contains(out, "Dry run") || !strings.Contains(out, "members:        10 new") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if clubs, _ := db.Clubs(context.Background()); len(clubs) != 0 {
		t.Errorf("a dry run stored %d clubs", len(clubs))
	}
	if audit, _ := db.AuditLog(context.Background(), 0); len(audit) != 0 {
		t.Errorf("a dry run wrote %d audit entries", len(audit))
	}
}

func TestImportSemicolonsBOMAndVietnameseHeaders(t *testing.T) {
	db, out, err := runImport(t, false, "clubs-excel.csv", "members-excel.csv")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	hoaSen := clubNamed(t, db, "CLB Liên thế hệ Hoa Sen")
	if hoaSen.StartingFund != 20_000_000 || hoaSen.Status != bot.ClubActive || hoaSen.DecisionNo != "125/QĐ-UBND" {
		t.Errorf("Hoa Sen = %+v", hoaSen)
	}
	if binhMinh := clubNamed(t, db, "CLB Liên thế hệ Bình Minh"); binhMinh.StartingFund != 20_000_000 {
		t.Errorf("Bình Minh = %+v", binhMinh)
	}
	members, _ := clubContents(t, db, hoaSen.ID)
	if len(members) != 1 || !members[0].CareVolunteer || members[0].EthnicMinority || members[0].Gender != bot.Female {
		t.Errorf("Hoa Sen's members = %+v", members)
	}
}

func TestImportDirtyFilesListsEveryRowAndImportsNothing(t *testing.T) {
	db, out, err := runImport(t, false, "clubs-dirty.csv", "members-dirty.csv", "funds-dirty.csv")
	if err == nil {
		t.Fatalf("a dirty import succeeded:\n%s", out)
	}
	dir := filepath.Join("testdata", "import")
	want := []string{
		`clubs-dirty.csv:3, column "commune": "Móng Cái 9" is not a commune-level unit`,
		`clubs-dirty.csv:4, column "former_district": "Hạ Long" is not a district xã Hải Hòa was formed from (thành phố Cẩm Phả, huyện Tiên Yên)`,
		`clubs-dirty.csv:4, column "founded_on": "31/02/2022" is not a date`,
		`clubs-dirty.csv:4, column "starting_fund": "20" is ambiguous`,
		`clubs-dirty.csv:5, column "name": club "CLB Liên thế hệ Hoa Sen" appears twice`,
		`clubs-dirty.csv:6, column "starting_fund": "abc" is not an amount`,
		`clubs-dirty.csv:6, column "status": "tạm dừng" is not understood`,
		`members-dirty.csv:3, column "club": no club named "CLB Liên thế hệ Không Có"`,
		`members-dirty.csv:4, column "birth_year": "1890" is not a year of birth`,
		`members-dirty.csv:5, column "full_name": Nguyễn Thị Hằng born 1958 is already on line 2`,
		`members-dirty.csv:7, column "full_name": "Lê 123" is not a person's name`,
		`members-dirty.csv:7, column "gender": "khác" is not understood`,
		`members-dirty.csv:7, column "household": "giàu" is not understood`,
		`members-dirty.csv:8, column "left_on": 05/01/2021 is before the day the member joined`,
		`members-dirty.csv: 1 more row(s) belong to clubs rejected above`,
		`funds-dirty.csv:3, column "as_of": the club already has a report for 30/06/2025 on line 2`,
		`funds-dirty.csv:4, column "as_of": "31/12/2099" is not a date we can use (date in the future)`,
		`funds-dirty.csv:4, column "members_with_loans": "nhiều" is not a number of members`,
		`funds-dirty.csv:5, column "income_fund": "2 triệu 4000" is ambiguous; write it in full, e.g. 2.004.000`,
		`funds-dirty.csv:5, column "loans_outstanding": "20tr 30tr" is not an amount`,
		`12 row(s) rejected: nothing was imported`,
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	at := 0
	for _, w := range want {
		for at < len(lines) && !strings.Contains(lines[at], w) {
			at++
		}
		if at == len(lines) {
			t.Errorf("output lacks, in order, %q:\n%s", w, out)
			return
		}
		if strings.Contains(w, ".csv:") && !strings.HasPrefix(lines[at], filepath.Join(dir, w[:strings.Index(w, ".csv")])) {
			t.Errorf("line %q does not start with the file's path", lines[at])
		}
	}
	if len(lines) != len(want)+1 { // and a blank line before the total
		t.Errorf("%d lines printed, want %d:\n%s", len(lines), len(want)+1, out)
	}
	if clubs, _ := db.Clubs(context.Background()); len(clubs) != 0 {
		t.Errorf("a rejected import stored %d clubs", len(clubs))
	}
}

func TestImportExplainsUnreadableFiles(t *testing.T) {
	dir := t.TempDir()
	clubs := filepath.Join(dir, "clubs.txt")
	members := filepath.Join(dir, "members.txt")
	// "Hải" in Windows-1258 on line 3; a members file with a funds header.
	writeFile(t, clubs, "name,commune,founded_on\nCLB A,Móng Cái 1,01/01/2022\nCLB H\xe1i,Móng Cái 1,01/01/2022\n")
	writeFile(t, members, "club;as_of;income_fund\n")
	_, out, err := runImport(t, false, clubs, members)
	if err == nil {
		t.Fatalf("import of unreadable files succeeded:\n%s", out)
	}
	for _, want := range []string{clubs + ":3: this line is not UTF-8 text",
		members + `:1: the members file has no column for full_name ("Họ và tên"), gender ("Giới tính")`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// writeFile writes a test file.
func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
