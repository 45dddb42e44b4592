package store

import (
	"context"
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
