package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// requirePostgres skips a test of PostgreSQL's own behaviour when the
// tests run on SQLite.
func requirePostgres(t *testing.T) {
	t.Helper()
	if !onPostgres() {
		t.Skip("PostgreSQL only: set " + postgresTestEnv)
	}
}

func TestPostgresSettingsAreOn(t *testing.T) {
	requirePostgres(t)
	path := filepath.Join(t.TempDir(), "clubbot.db")
	openAt(t, path).Close()
	for _, c := range []struct {
		opts       []Option
		lock, read string
	}{
		{nil, "5s", "off"},
		{[]Option{WithBusyTimeout(250 * time.Millisecond), ReadOnly()}, "250ms", "on"},
	} {
		d := openAt(t, path, c.opts...)
		var lock, read string
		if err := d.gorm.Raw("SHOW lock_timeout").Scan(&lock).Error; err != nil {
			t.Fatal(err)
		}
		if err := d.gorm.Raw("SHOW default_transaction_read_only").Scan(&read).Error; err != nil {
			t.Fatal(err)
		}
		d.Close()
		if lock != c.lock || read != c.read {
			t.Errorf("lock_timeout %q, read only %q; want %q, %q", lock, read, c.lock, c.read)
		}
	}
}

// TestLockedRowIsUnavailable holds a session's row locked from another
// connection, as another process writing it would: a writer of the same
// row waits lock_timeout, then fails with EUNAVAILABLE and leaves nothing
// behind; once the lock is gone the same write succeeds.
func TestLockedRowIsUnavailable(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	d := openAt(t, path, WithBusyTimeout(200*time.Millisecond))
	defer d.Close()
	s := bot.Session{Channel: "t", ChatID: "1", Step: "first", Updated: testNow}
	save := func(tx bot.Writer) error { return tx.SaveSession(ctx, s) }
	if err := d.InTx(ctx, save); err != nil {
		t.Fatal(err)
	}
	other, err := sql.Open("pgx", testAddr(t, path))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	holder, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := holder.ExecContext(ctx, `SELECT 1 FROM sessions WHERE chat_id = '1' FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	s.Step = "second"
	start := time.Now()
	err = d.InTx(ctx, save)
	wantCode(t, err, bot.EUNAVAILABLE)
	wantDriverError(t, err, nil, "55P03") // lock_not_available
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("failed after %v, before the lock timeout", waited)
	}
	holder.Rollback()
	if got, err := d.Session(ctx, "t", "1"); err != nil || got.Step != "first" {
		t.Fatalf("session after the failed write: %q, %v", got.Step, err)
	}
	if err := d.InTx(ctx, save); err != nil {
		t.Fatalf("write after the lock: %v", err)
	}
}
