package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestCopySQLiteToPostgres copies a used SQLite database into PostgreSQL
// and back: every table verifies both ways (times to the microsecond), the
// copy answers as the source does, a member added afterwards gets the next
// id (the sequences were advanced), and a row changed in PostgreSQL fails
// verification naming its table. It needs CLUBBOT_TEST_POSTGRES, a URL
// of a database it may create a schema in.
func TestCopySQLiteToPostgres(t *testing.T) {
	if !onPostgres() {
		t.Skip(postgresTestEnv + " holds no PostgreSQL URL to copy into")
	}
	src := newCopySource(t)
	pg := copyInto(t, src.db, filepath.Join(t.TempDir(), "pg"))
	wantClean(t, src.db, pg)
	wantSameAnswers(t, src, pg)
	back := copyWith(t, pg, openSQLiteAt(t, filepath.Join(t.TempDir(), "back.db"),
		WithClock(func() time.Time { return copyNow.Add(time.Hour) })))
	wantClean(t, pg, back)
	if err := pg.gorm.Exec(`UPDATE outbox SET attempts = attempts + 1 WHERE id = (SELECT MIN(id) FROM outbox)`).Error; err != nil {
		t.Fatal(err)
	}
	checks, err := Verify(context.Background(), back, pg)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if c.OK() != (c.Table != "outbox") {
			t.Errorf("%s: ok = %v after a change to outbox", c.Table, c.OK())
		}
	}
	wantFreshMemberID(t, src, pg)
}
