package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// TestLostRepliesAreListedUntilRecovered has a crash catch a reply in each
// of two chats: both are listed as lost until marked recovered, and stay
// counted as uncertain; a reply queued after one of them is seen, a bulk
// message is not.
func TestLostRepliesAreListedUntilRecovered(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	msgs := []bot.Outgoing{{Channel: "telegram", ChatID: "1", Text: "một"}, {Channel: "telegram", ChatID: "2", Text: "hai"},
		{Channel: "telegram", ChatID: "2", Text: "nhắc", Bulk: true}, {Channel: "telegram", ChatID: "1", Text: "ba"}}
	tx(t, d, func(tx *Tx) error { return tx.Enqueue(ctx, msgs[:3], testNow) })
	for _, o := range msgs[:2] {
		if err := d.ClaimOutbox(ctx, o.ID, testNow); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.ResolveClaims(ctx, testNow.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	tx(t, d, func(tx *Tx) error { return tx.Enqueue(ctx, msgs[3:], testNow) })
	if n, err := d.CountLost(ctx); err != nil || n != 2 {
		t.Errorf("lost = %d, %v; want 2", n, err)
	}
	tx(t, d, func(tx *Tx) error {
		lost, err := tx.LostReplies(ctx)
		if err != nil || len(lost) != 2 || lost[0].Text != "một" || lost[1].Text != "hai" || lost[1].ID != msgs[1].ID {
			t.Fatalf("lost = %+v, %v; want một and hai", lost, err)
		}
		if later, err := tx.RepliedAfter(ctx, "telegram", "1", msgs[0].ID); err != nil || !later {
			t.Errorf("replied after một = %v, %v; want true (ba)", later, err)
		}
		if later, err := tx.RepliedAfter(ctx, "telegram", "2", msgs[1].ID); err != nil || later {
			t.Errorf("replied after hai = %v, %v; want false (a bulk message only)", later, err)
		}
		return tx.MarkRecovered(ctx, []int64{msgs[0].ID, msgs[1].ID}, testNow)
	})
	tx(t, d, func(tx *Tx) error {
		if lost, err := tx.LostReplies(ctx); err != nil || len(lost) != 0 {
			t.Fatalf("after recovery lost = %+v, %v; want none", lost, err)
		}
		return nil
	})
	if n, err := d.CountLost(ctx); err != nil || n != 0 {
		t.Errorf("after recovery lost = %d, %v; want 0", n, err)
	}
	if n, err := d.CountUncertain(ctx); err != nil || n != 2 {
		t.Errorf("uncertain = %d, %v; want 2", n, err)
	}
}

// TestUncertainRowsOfEarlierRunsCountAsRecovered opens a database whose
// outbox holds an uncertain reply from before migration 9: the migration
// marks it recovered, so that the first start of this version does not
// tell a chat that moved on long ago that the system restarted.
func TestUncertainRowsOfEarlierRunsCountAsRecovered(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	d := openAt(t, path)
	msgs := []bot.Outgoing{{Channel: "telegram", ChatID: "1", Text: "một"}}
	tx(t, d, func(tx *Tx) error { return tx.Enqueue(ctx, msgs, testNow) })
	if err := d.ClaimOutbox(ctx, msgs[0].ID, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ResolveClaims(ctx, testNow); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`DROP INDEX idx_outbox_lost`, `ALTER TABLE outbox DROP COLUMN recovered_at`,
		`DELETE FROM schema_migrations WHERE version = 9`} {
		if err := d.gorm.Exec(stmt).Error; err != nil {
			t.Fatalf("back to schema 8: %s: %v", stmt, err)
		}
	}
	d.Close()
	d = openAt(t, path)
	defer d.Close()
	if n, err := d.CountLost(ctx); err != nil || n != 0 {
		t.Errorf("lost after migration 9 = %d, %v; want 0", n, err)
	}
	if n, err := d.CountUncertain(ctx); err != nil || n != 1 {
		t.Errorf("uncertain after migration 9 = %d, %v; want 1", n, err)
	}
}
