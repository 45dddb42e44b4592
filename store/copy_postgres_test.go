package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
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
	base := os.Getenv("CLUBBOT_TEST_POSTGRES")
	if base == "" {
		t.Skip("CLUBBOT_TEST_POSTGRES holds no PostgreSQL URL to copy into")
	}
	src := newCopySource(t)
	pg := copyInto(t, src.db, freshPostgresSchema(t, base))
	wantClean(t, src.db, pg)
	wantSameAnswers(t, src, pg)
	back := copyInto(t, pg, filepath.Join(t.TempDir(), "back.db"))
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

// freshPostgresSchema creates an empty schema in the database at base,
// dropped when the test ends, and returns base's URL with the schema as
// its search_path. It connects through the "pgx" database/sql driver,
// which gorm.io/driver/postgres registers.
func freshPostgresSchema(t *testing.T, base string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("CLUBBOT_TEST_POSTGRES: %v", err)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("connect to %s: %v", u.Redacted(), err)
	}
	schema := fmt.Sprintf("copy_test_%d", time.Now().UnixNano())
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("create schema on %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
