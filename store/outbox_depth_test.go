package store

import (
	"context"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func TestOutboxDepthCountsWhatWaits(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	depth := func() int {
		t.Helper()
		n, err := d.OutboxDepth(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := depth(); n != 0 {
		t.Fatalf("a new database's outbox depth = %d", n)
	}
	err := d.InTx(ctx, func(tx bot.Writer) error {
		return tx.Enqueue(ctx, []bot.Outgoing{{Channel: "telegram", ChatID: "1", Text: "một"},
			{Channel: "telegram", ChatID: "1", Text: "hai"}, {Channel: "telegram", ChatID: "2", Text: "ba"}}, testNow)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := depth(); n != 3 {
		t.Fatalf("depth after queueing 3 = %d", n)
	}
	out, err := d.PendingOutbox(ctx, 0)
	if err != nil || len(out) != 3 {
		t.Fatalf("pending = %v, %v", out, err)
	}
	if err := d.MarkSent(ctx, out[0].ID, testNow); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkFailed(ctx, out[1].ID, "Bad Request", testNow); err != nil {
		t.Fatal(err)
	}
	if n := depth(); n != 1 {
		t.Errorf("depth after one sent and one failed = %d, want 1", n)
	}
}

func TestPingFailsOnAClosedDatabase(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	if err := d.Ping(ctx); err != nil {
		t.Fatalf("Ping = %v", err)
	}
	d.Close()
	if err := d.Ping(ctx); err == nil {
		t.Error("Ping on a closed database succeeded")
	}
}
