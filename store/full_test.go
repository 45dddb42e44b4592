package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mattn/go-sqlite3"

	"github.com/clubbot/clubbot/bot"
)

// TestFullDatabaseIsUnavailableUntilItHasRoom caps the database at its
// size: a step that needs more room fails with EUNAVAILABLE and leaves
// nothing behind, and succeeds once the cap is raised.
func TestFullDatabaseIsUnavailableUntilItHasRoom(t *testing.T) {
	skipOnPostgres(t, "max_page_count caps a file")
	ctx := context.Background()
	d := openTest(t)
	d.sql.SetMaxOpenConns(1) // the cap is a connection's setting
	var pages int
	if err := d.sql.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := d.sql.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 64<<10)
	step := func(tx bot.Writer) error {
		for i := range 64 {
			s := bot.Session{Channel: "t", ChatID: fmt.Sprint(i), Updated: testNow, Draft: map[string]string{"note": big}}
			if err := tx.SaveSession(ctx, s); err != nil {
				return err
			}
		}
		return nil
	}
	err := d.InTx(ctx, step)
	wantCode(t, err, bot.EUNAVAILABLE)
	var se sqlite3.Error
	if !errors.As(err, &se) || se.Code != sqlite3.ErrFull {
		t.Fatalf("errors.As sqlite3.Error: %v (%#v)", err, se)
	}
	if n := count(t, d, "sessions", "1 = 1"); n != 0 {
		t.Fatalf("a failed step left %d sessions", n)
	}
	if _, err := d.sql.ExecContext(ctx, "PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	if err := d.InTx(ctx, step); err != nil {
		t.Fatalf("with room again: %v", err)
	}
	if n := count(t, d, "sessions", "1 = 1"); n != 64 {
		t.Fatalf("%d sessions saved, want 64", n)
	}
}
