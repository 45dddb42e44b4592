package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// copyNow is the copy tests' clock. It has nanoseconds, which SQLite keeps
// and PostgreSQL rounds to the microsecond.
var copyNow = time.Date(2025, 8, 15, 9, 30, 0, 123456789, bot.Vietnam())

// copySource is a database to copy: the demo data with a second fund
// report, a session, an outbox row with a file, a delivery, a wrong code
// and Zalo's tokens.
type copySource struct {
	db     *DB
	path   string
	hoaSen int64 // CLB Hoa Sen's id
	leader int64 // its leader's user id
}

// newCopySource writes a copySource into a new SQLite file and reopens it
// read-only, as clubbot migrate does.
func newCopySource(t *testing.T) copySource {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "source.db")
	d := openSQLiteAt(t, path, WithClock(func() time.Time { return copyNow }))
	if err := d.SeedDemo(ctx, copyNow); err != nil {
		t.Fatal(err)
	}
	s := copySource{path: path}
	if err := d.gorm.Raw(`SELECT id FROM clubs WHERE name = 'CLB Hoa Sen'`).Scan(&s.hoaSen).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.gorm.Raw(`SELECT id FROM users WHERE role = 'leader'`).Scan(&s.leader).Error; err != nil {
		t.Fatal(err)
	}
	tx(t, d, func(tx *Tx) error { return s.addActivity(ctx, tx) })
	if _, err := d.DeliverOnce(ctx, bot.Delivery{UserID: s.leader, Kind: "reminder", Period: "2025-08"},
		[]bot.Outgoing{{Channel: "console", ChatID: "demo-leader", Text: "Nhắc báo cáo quỹ", Bulk: true}}, copyNow); err != nil {
		t.Fatal(err)
	}
	if err := d.SaveZaloToken(ctx, bot.OAuthToken{Access: "a", Refresh: "r", ExpiresAt: copyNow.Add(time.Hour)}, copyNow); err != nil {
		t.Fatal(err)
	}
	d.Close()
	s.db = openSQLiteAt(t, path, ReadOnly())
	t.Cleanup(func() { s.db.Close() })
	return s
}

// addActivity writes what a month of use leaves besides the demo data.
func (s copySource) addActivity(ctx context.Context, tx *Tx) error {
	r := bot.FundReport{ClubID: s.hoaSen, AsOf: day(2025, 7, 31), IncomeFund: 47_000_000, ActivityFund: 3_100_000,
		LoansOutstanding: 39_000_000, MembersWithLoans: 15, ReportedBy: s.leader, SourceKey: "copy:fund:2025-07-31"}
	if err := tx.AddFundReport(ctx, &r, s.leader, copyNow); err != nil {
		return err
	}
	met, checked := day(2025, 4, 12), 14 // the demo has the two months before copyNow's
	a := bot.ActivityReport{ClubID: s.hoaSen, Month: day(2025, 4, 1), MeetingHeld: true, MeetingOn: &met, Attendance: 41,
		Done: []bot.ActivityDone{{Key: "health", Count: &checked}, {Key: "culture"}}, SourceKey: "copy:activity:2025-04"}
	if err := tx.AddActivityReport(ctx, &a, s.leader, copyNow); err != nil {
		return err
	}
	file := &bot.File{Kind: bot.FileDocument, Name: "tien-do-2025-W33.xlsx", Data: []byte{'P', 'K', 0, 3, 0xff}}
	if err := tx.Enqueue(ctx, []bot.Outgoing{{Channel: "telegram", ChatID: "42", Text: "Tiến độ tuần", File: file}}, copyNow); err != nil {
		return err
	}
	sess := bot.Session{Channel: "telegram", ChatID: "42", Flow: "fund", Step: "income",
		Draft: map[string]string{"as_of": "31/08/2025"}, Back: []string{"as_of"}, Seq: 3, Updated: copyNow}
	if err := tx.SaveSession(ctx, sess); err != nil {
		return err
	}
	ann := bot.Announcement{AuthorID: s.leader, Scope: bot.Scope{Kind: bot.ScopeProvince}, Audience: bot.AudienceLeaders,
		Text: "Họp sơ kết quý", File: &bot.File{Kind: bot.FilePhoto, ID: "AgADph1"}}
	if err := tx.CreateAnnouncement(ctx, &ann, copyNow); err != nil {
		return err
	}
	return tx.RecordFailedCode(ctx, "telegram", "99", copyNow)
}

// copyInto copies src into a new database at dst and returns it.
func copyInto(t *testing.T, src *DB, dst string) *DB {
	t.Helper()
	return copyWith(t, src, openAt(t, dst, WithClock(func() time.Time { return copyNow.Add(time.Hour) })))
}

// copyWith copies src into the empty database d and returns d, closed
// when the test ends.
func copyWith(t *testing.T, src, d *DB) *DB {
	t.Helper()
	t.Cleanup(func() { d.Close() })
	var copied []string
	err := Copy(context.Background(), d, src, func(table string, rows int64) {
		copied = append(copied, fmt.Sprintf("%s=%d", table, rows))
	})
	if err != nil {
		t.Fatalf("Copy: %v (copied %v)", err, copied)
	}
	if len(copied) != len(copiedTables) {
		t.Errorf("progress told %v, want every table", copied)
	}
	return d
}

// wantClean fails unless every table verifies, and each table that
// newCopySource fills has rows.
func wantClean(t *testing.T, src, dst *DB) {
	t.Helper()
	checks, err := Verify(context.Background(), src, dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if !c.OK() {
			t.Errorf("%s: source %+v, destination %+v", c.Table, c.Source, c.Dest)
		}
		if c.Source.Rows == 0 && !strings.Contains(" inbound invites fund_reviews ", " "+c.Table+" ") {
			t.Errorf("%s: no rows in the source: the test copies nothing there", c.Table)
		}
	}
}

// TestCopySQLiteToSQLite copies a used database into a new file: every
// table verifies, the copy answers as the source does, and a member added
// afterwards gets a fresh id.
func TestCopySQLiteToSQLite(t *testing.T) {
	src := newCopySource(t)
	dst := copyInto(t, src.db, filepath.Join(t.TempDir(), "copy.db"))
	wantClean(t, src.db, dst)
	wantSameAnswers(t, src, dst)
	wantFreshMemberID(t, src, dst)
}

// wantSameAnswers compares what the bot reads in both databases.
func wantSameAnswers(t *testing.T, src copySource, dst *DB) {
	t.Helper()
	ctx := context.Background()
	for _, d := range []*DB{src.db, dst} {
		club, err := d.Reader().Club(ctx, src.hoaSen)
		if err != nil || club.Name != "CLB Hoa Sen" || club.Status != bot.ClubActive {
			t.Errorf("club %d = %+v, %v", src.hoaSen, club, err)
		}
		fig, err := d.Reader().ClubFigures(ctx, src.hoaSen, 2025, 60)
		if err != nil || fig.Members != 25 {
			t.Errorf("figures = %+v, %v; want 25 members", fig, err)
		}
		r, err := d.Reader().LastFundReport(ctx, src.hoaSen)
		if err != nil || r.IncomeFund != 47_000_000 || r.ReportedBy != src.leader {
			t.Errorf("last fund report = %+v, %v", r, err)
		}
		s, err := d.Session(ctx, "telegram", "42")
		if err != nil || s.Step != "income" || s.Draft["as_of"] != "31/08/2025" || s.Seq != 3 {
			t.Errorf("session = %+v, %v", s, err)
		}
		u, err := d.UserByAccount(ctx, "console", "demo-leader")
		if err != nil || u.ID != src.leader {
			t.Errorf("leader = %+v, %v", u, err)
		}
		wantOutboxFile(t, d)
	}
}

// wantOutboxFile checks the digest message with its file is waiting.
func wantOutboxFile(t *testing.T, d *DB) {
	t.Helper()
	pending, err := d.PendingOutbox(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range pending {
		if o.File != nil {
			if o.File.Name != "tien-do-2025-W33.xlsx" || string(o.File.Data) != "PK\x00\x03\xff" {
				t.Errorf("file = %+v", o.File)
			}
			return
		}
	}
	t.Errorf("no message with a file among %d pending", len(pending))
}

// wantFreshMemberID adds a member to the copy: it gets an id above every
// copied one.
func wantFreshMemberID(t *testing.T, src copySource, dst *DB) {
	t.Helper()
	var highest int64
	if err := src.db.gorm.Raw(`SELECT MAX(id) FROM members`).Scan(&highest).Error; err != nil {
		t.Fatal(err)
	}
	m := bot.Member{ClubID: src.hoaSen, FullName: "Lê Văn Mới", Gender: bot.Male, BirthYear: 1950,
		Household: bot.HouseholdNeither, JoinedOn: day(2025, 8, 1), SourceKey: "copy:new-member"}
	if err := dst.InTx(context.Background(), func(tx bot.Writer) error {
		return tx.AddMember(context.Background(), &m, src.leader, copyNow)
	}); err != nil {
		t.Fatalf("new member after the copy: %v", err)
	}
	if m.ID != highest+1 {
		t.Errorf("new member's id = %d, want %d", m.ID, highest+1)
	}
	fig, err := dst.Reader().ClubFigures(context.Background(), src.hoaSen, 2025, 60)
	if err != nil || fig.Members != 26 {
		t.Errorf("figures after the new member = %+v, %v; want 26 members", fig, err)
	}
}

// TestVerifyNamesTheChangedTable changes one member's name in the copy:
// verification fails for members, and only for members.
func TestVerifyNamesTheChangedTable(t *testing.T) {
	src := newCopySource(t)
	dst := copyInto(t, src.db, filepath.Join(t.TempDir(), "copy.db"))
	if err := dst.gorm.Exec(`UPDATE members SET full_name = full_name || '.' WHERE id = (SELECT MAX(id) FROM members)`).Error; err != nil {
		t.Fatal(err)
	}
	checks, err := Verify(context.Background(), src.db, dst)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.OK() != (c.Table != "members") {
			t.Errorf("%s: ok = %v, source %+v, destination %+v", c.Table, c.OK(), c.Source, c.Dest)
		}
		if c.Table == "members" && c.Source.Rows != c.Dest.Rows {
			t.Errorf("members: rows %d and %d, want the same count and another checksum", c.Source.Rows, c.Dest.Rows)
		}
	}
}

// TestCopyRefusesADestinationWithData copies into a database that has a
// club of its own: the copy is refused, naming the table, and writes
// nothing.
func TestCopyRefusesADestinationWithData(t *testing.T) {
	src := newCopySource(t)
	dst := openTest(t)
	if err := dst.SeedDemo(context.Background(), copyNow); err != nil {
		t.Fatal(err)
	}
	before := count(t, dst, "units", "")
	err := Copy(context.Background(), dst, src.db, nil)
	wantCode(t, err, bot.ECONFLICT)
	if !strings.Contains(err.Error(), "table clubs has rows") {
		t.Errorf("err = %v, want it to name clubs", err)
	}
	if got := count(t, dst, "units", ""); got != before {
		t.Errorf("units = %d after the refusal, want %d", got, before)
	}
}

// TestCopyRefusesAnotherSchemaVersion copies from a database one migration
// behind: refused, saying both versions.
func TestCopyRefusesAnotherSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	old := openAt(t, path)
	if err := old.gorm.Exec(`DELETE FROM schema_migrations WHERE version = ?`, LatestSchemaVersion()).Error; err != nil {
		t.Fatal(err)
	}
	old.Close()
	src := openAt(t, path, ReadOnly())
	defer src.Close()
	err := Copy(context.Background(), openTest(t), src, nil)
	wantCode(t, err, bot.EINVALID)
	previous := migrations[len(migrations)-2].version // versions may skip a number while branches merge
	want := fmt.Sprintf("the source has schema v%d and this program v%d", previous, LatestSchemaVersion())
	if !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}
