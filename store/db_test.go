package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/store/storetest"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2025, 8, 15, 9, 30, 0, 0, bot.Vietnam())

// postgresTestEnv names the variable holding the URL of a PostgreSQL
// database the tests may use; when it is set the tests run on PostgreSQL,
// otherwise on SQLite files.
const postgresTestEnv = storetest.Env

// onPostgres reports whether the tests run on PostgreSQL.
func onPostgres() bool { return storetest.OnPostgres() }

// skipOnPostgres skips a test of SQLite's own behaviour when the tests
// run on PostgreSQL.
func skipOnPostgres(t testing.TB, why string) {
	t.Helper()
	if onPostgres() {
		t.Skip("SQLite only: " + why)
	}
}

// testAddr returns the address of the test database that the SQLite file
// path stands for (see storetest.Addr).
func testAddr(tb testing.TB, path string) string {
	tb.Helper()
	return storetest.Addr(tb, path)
}

// openAt opens the database at path (see testAddr) with a fixed clock and
// no logging.
func openAt(t *testing.T, path string, opts ...Option) *DB {
	t.Helper()
	return openSQLiteAt(t, testAddr(t, path), opts...)
}

// openSQLiteAt opens the SQLite file at path, on PostgreSQL runs too (a
// copy's source, say), with a fixed clock and no logging.
func openSQLiteAt(t *testing.T, path string, opts ...Option) *DB {
	t.Helper()
	opts = append([]Option{WithClock(func() time.Time { return testNow }), WithLogger(nil)}, opts...)
	d, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return d
}

// openTest opens a fresh database in a temporary directory.
func openTest(t *testing.T) *DB {
	t.Helper()
	d := openAt(t, filepath.Join(t.TempDir(), "clubbot.db"))
	t.Cleanup(func() { d.Close() })
	return d
}

// count returns the number of rows of table matching where.
func count(t *testing.T, d *DB, table, where string, args ...any) int {
	t.Helper()
	var n int64
	q := d.gorm.Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Count(&n).Error; err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return int(n)
}

// wantCode fails unless err carries the domain code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := bot.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// wantDriverError fails unless err's chain holds the driver's own error:
// SQLite's with this code (or extended code), or PostgreSQL's with this
// SQLSTATE.
func wantDriverError(t *testing.T, err error, sqliteCode any, sqlState string) {
	t.Helper()
	if onPostgres() {
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != sqlState {
			t.Fatalf("want SQLSTATE %s in the chain, got %v", sqlState, err)
		}
		return
	}
	var se sqlite3.Error
	if !errors.As(err, &se) || (se.Code != sqliteCode && se.ExtendedCode != sqliteCode) {
		t.Fatalf("want sqlite3 %v in the chain, got %v (%#v)", sqliteCode, err, se)
	}
}

// tx runs fn in a transaction and fails the test on error.
func tx(t *testing.T, d *DB, fn func(tx *Tx) error) {
	t.Helper()
	if err := d.inTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func TestOpenTwiceIsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	d := openAt(t, path)
	first, err := d.Units(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	d = openAt(t, path)
	defer d.Close()
	again, err := d.Units(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != 68 || len(first) != 68 {
		t.Fatalf("units: %d then %d, want 68", len(first), len(again))
	}
	for i := range first {
		if first[i].ID != again[i].ID || first[i].Code != again[i].Code {
			t.Fatalf("unit %d changed: %+v -> %+v", i, first[i], again[i])
		}
	}
	if v, err := d.SchemaVersion(ctx); err != nil || v != migrations[len(migrations)-1].version {
		t.Fatalf("schema version = %d, %v", v, err)
	}
	for table, want := range map[string]int{"schema_migrations": len(migrations), "plans": 1, "seeds": 2,
		"unit_former_districts": 60} {
		if got := count(t, d, table, ""); got != want {
			t.Errorf("%s rows = %d, want %d", table, got, want)
		}
	}
}

func TestPragmasAreOn(t *testing.T) {
	skipOnPostgres(t, "PRAGMA")
	d := openTest(t)
	for pragma, want := range map[string]string{
		"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000", "synchronous": "1",
	} {
		var got string
		if err := d.gorm.Raw("PRAGMA " + pragma).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %q, want %q", pragma, got, want)
		}
	}
}

func TestReadOnlyWriteIsUnavailable(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	openAt(t, path).Close()
	d := openAt(t, path, ReadOnly())
	defer d.Close()
	if units, err := d.Units(ctx, bot.LevelCommune); err != nil || len(units) != 54 {
		t.Fatalf("read-only read: %d units, %v", len(units), err)
	}
	_, err := d.RecordInbound(ctx, bot.Inbound{Key: "t:1", Channel: "t", ChatID: "1"}, testNow)
	wantCode(t, err, bot.EUNAVAILABLE)
	wantDriverError(t, err, sqlite3.ErrReadonly, "25006") // read_only_sql_transaction
	err = d.InTx(ctx, func(tx bot.Writer) error {
		return tx.SaveSession(ctx, bot.Session{Channel: "t", ChatID: "1", Updated: testNow})
	})
	wantCode(t, err, bot.EUNAVAILABLE)
}

func TestInTxRollsBackAndReturnsFnError(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	boom := errors.New("boom")
	err := d.InTx(ctx, func(tx bot.Writer) error {
		if err := tx.SaveSession(ctx, bot.Session{Channel: "t", ChatID: "1", Updated: testNow}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx error = %v, want boom", err)
	}
	if n := count(t, d, "sessions", ""); n != 0 {
		t.Fatalf("sessions after rollback = %d", n)
	}
}

// TestConcurrentWritersWait checks that read-then-write transactions from
// many goroutines wait for the lock (BEGIN IMMEDIATE) instead of failing.
func TestConcurrentWritersWait(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8*20)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				errs <- d.InTx(ctx, func(tx bot.Writer) error { return bumpSession(ctx, tx, g, i) })
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var seq int
	d.gorm.Raw("SELECT seq FROM sessions WHERE chat_id = 'shared'").Scan(&seq)
	if seq != 160 {
		t.Fatalf("shared session seq = %d, want 160", seq)
	}
}

// bumpSession reads the shared session and saves it with Seq+1.
func bumpSession(ctx context.Context, tx bot.Writer, g, i int) error {
	s, err := tx.Session(ctx, "t", "shared")
	if bot.ErrorCode(err) == bot.ENOTFOUND {
		s, err = bot.Session{Channel: "t", ChatID: "shared"}, nil
	}
	if err != nil {
		return err
	}
	s.Seq++
	s.Step = fmt.Sprintf("g%d-%d", g, i)
	return tx.SaveSession(ctx, s)
}

func TestErrorMapping(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	u := bot.User{Name: "A", Role: bot.RoleAdmin, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := d.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	acct := bot.Account{Channel: "telegram", ChannelUserID: "42", UserID: u.ID}
	if err := d.AddAccount(ctx, acct); err != nil {
		t.Fatal(err)
	}
	err := d.AddAccount(ctx, acct)
	wantCode(t, err, bot.ECONFLICT)
	wantDriverError(t, err, sqlite3.ErrConstraintUnique, "23505") // unique_violation
	err = d.AddAccount(ctx, bot.Account{Channel: "telegram", ChannelUserID: "43", UserID: 999})
	wantCode(t, err, bot.EINVALID)
	err = d.InTx(ctx, func(tx bot.Writer) error { _, err := tx.Club(ctx, 999); return err })
	wantCode(t, err, bot.ENOTFOUND)
}
