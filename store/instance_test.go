package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// openPair opens one database file twice, as two serve processes would.
func openPair(t *testing.T) (*DB, *DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	a := openAt(t, path)
	b := openAt(t, path)
	t.Cleanup(func() { a.Close(); b.Close() })
	return a, b
}

// TestTheLeaseHasOneHolder takes the poller's lease from two processes:
// one holds it while it renews it, the other takes it once it expired or
// was released.
func TestTheLeaseHasOneHolder(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	ttl := 10 * time.Second
	take := func(d *DB, holder string, at time.Time, want bool) {
		t.Helper()
		if got, err := d.TakeLease(ctx, "telegram-poll", holder, at, ttl); err != nil || got != want {
			t.Fatalf("%s takes at %v: %v, %v; want %v", holder, at.Sub(testNow), got, err, want)
		}
	}
	take(a, "A", testNow, true)
	take(b, "B", testNow.Add(time.Second), false)
	take(a, "A", testNow.Add(5*time.Second), true) // renewed until +15 s
	take(b, "B", testNow.Add(12*time.Second), false)
	if h, err := b.LeaseHolder(ctx, "telegram-poll", testNow.Add(12*time.Second)); err != nil || h != "A" {
		t.Fatalf("holder = %q, %v; want A", h, err)
	}
	take(b, "B", testNow.Add(15*time.Second), true) // A stopped renewing
	take(a, "A", testNow.Add(16*time.Second), false)
	if err := a.ReleaseLease(ctx, "telegram-poll", "A"); err != nil { // not A's: nothing happens
		t.Fatal(err)
	}
	take(a, "A", testNow.Add(17*time.Second), false)
	if err := b.ReleaseLease(ctx, "telegram-poll", "B"); err != nil {
		t.Fatal(err)
	}
	take(a, "A", testNow.Add(17*time.Second), true)
}

// TestAnInstanceIsDeadWhenItsHeartbeatIsOldOrItStopped beats for two
// instances: one stops, the other's beat grows old.
func TestAnInstanceIsDeadWhenItsHeartbeatIsOldOrItStopped(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	beat(t, a, "A", testNow)
	beat(t, b, "B", testNow)
	live := func(at time.Time, want ...string) {
		t.Helper()
		if got, err := a.LiveInstances(ctx, at); err != nil || !slices.Equal(got, want) {
			t.Fatalf("live at %v = %v, %v; want %v", at.Sub(testNow), got, err, want)
		}
	}
	live(testNow.Add(InstanceTTL), "A", "B")
	beat(t, a, "A", testNow.Add(8*time.Second))
	live(testNow.Add(InstanceTTL+time.Second), "A")
	if err := a.StopInstance(ctx, "A", testNow.Add(9*time.Second)); err != nil {
		t.Fatal(err)
	}
	beat(t, a, "A", testNow.Add(9*time.Second)) // a late beat does not revive it
	live(testNow.Add(InstanceTTL + time.Second))
}

func beat(t *testing.T, d *DB, id string, at time.Time) {
	t.Helper()
	if err := d.Heartbeat(context.Background(), id, at); err != nil {
		t.Fatal(err)
	}
}

// TestTwoInstancesClaimEachMessageOnceAndAChatInOrder claims the messages
// of two chats from two instances: a message in one's hands, or kept by it
// for a retry, is refused to the other, and so is a later message of the
// same chat until the earlier is sent; another chat's goes to either.
func TestTwoInstancesClaimEachMessageOnceAndAChatInOrder(t *testing.T) {
	ctx := context.Background()
	da, db := openPair(t)
	a, b := da.Instance("A"), db.Instance("B")
	beat(t, da, "A", testNow)
	beat(t, db, "B", testNow)
	msgs := []bot.Outgoing{{Channel: "telegram", ChatID: "1", Text: "một"}, {Channel: "telegram", ChatID: "1", Text: "hai"},
		{Channel: "telegram", ChatID: "2", Text: "ba"}}
	tx(t, da, func(tx *Tx) error { return tx.Enqueue(ctx, msgs, testNow) })
	m1, m2, m3 := msgs[0].ID, msgs[1].ID, msgs[2].ID
	at := testNow.Add(time.Second)
	if err := a.ClaimOutbox(ctx, m1, at); err != nil {
		t.Fatal(err)
	}
	wantCode(t, b.ClaimOutbox(ctx, m1, at), bot.ECONFLICT)
	wantCode(t, b.ClaimOutbox(ctx, m2, at), bot.ECONFLICT)
	if err := b.ClaimOutbox(ctx, m3, at); err != nil {
		t.Fatal(err)
	}
	if err := a.UnclaimOutbox(ctx, m1); err != nil { // a failure A retries
		t.Fatal(err)
	}
	wantCode(t, b.ClaimOutbox(ctx, m1, at), bot.ECONFLICT)
	wantCode(t, b.ClaimOutbox(ctx, m2, at), bot.ECONFLICT)
	if err := a.ClaimOutbox(ctx, m1, at); err != nil {
		t.Fatal(err)
	}
	if err := a.MarkSent(ctx, m1, at); err != nil {
		t.Fatal(err)
	}
	wantCode(t, b.ClaimOutbox(ctx, m1, at), bot.ENOTFOUND)
	if err := b.ClaimOutbox(ctx, m2, at); err != nil {
		t.Fatal(err)
	}
	if n := count(t, da, "outbox", "claimed_by = 'B' AND id IN (?, ?)", m2, m3); n != 2 {
		t.Fatalf("%d of B's messages recorded as claimed by B, want 2", n)
	}
}

// TestAChatsMessageWaitsForAnEarlierOneNoOneClaimed queues, in one chat, a
// digest, a reply (say, the restart notice another instance queued) and a
// later reply: the later reply is refused while the earlier, unclaimed,
// waits, but overtakes the digest, as each process's own queue sends
// them; the digest goes last.
func TestAChatsMessageWaitsForAnEarlierOneNoOneClaimed(t *testing.T) {
	ctx := context.Background()
	da, db := openPair(t)
	a, b := da.Instance("A"), db.Instance("B")
	beat(t, da, "A", testNow)
	beat(t, db, "B", testNow)
	msgs := []bot.Outgoing{{Channel: "telegram", ChatID: "1", Text: "Tiến độ tuần", Bulk: true},
		{Channel: "telegram", ChatID: "1", Text: "Xin lỗi bác, hệ thống vừa khởi động lại."},
		{Channel: "telegram", ChatID: "1", Text: "Họ và tên: Nguyễn Thị Hoa"}}
	tx(t, da, func(tx *Tx) error { return tx.Enqueue(ctx, msgs, testNow) })
	digest, notice, summary := msgs[0].ID, msgs[1].ID, msgs[2].ID
	at := testNow.Add(time.Second)
	wantCode(t, b.ClaimOutbox(ctx, summary, at), bot.ECONFLICT)
	wantCode(t, b.ClaimOutbox(ctx, digest, at), bot.ECONFLICT)
	if err := a.ClaimOutbox(ctx, notice, at); err != nil {
		t.Fatalf("the notice, with only a digest before it: %v", err)
	}
	if err := a.MarkSent(ctx, notice, at); err != nil {
		t.Fatal(err)
	}
	if err := b.ClaimOutbox(ctx, summary, at); err != nil {
		t.Fatalf("the summary, once the notice is sent: %v", err)
	}
	wantCode(t, a.ClaimOutbox(ctx, digest, at), bot.ECONFLICT)
	if err := b.MarkSent(ctx, summary, at); err != nil {
		t.Fatal(err)
	}
	if err := a.ClaimOutbox(ctx, digest, at); err != nil {
		t.Fatalf("the digest, once the replies are sent: %v", err)
	}
}

// TestALiveInstancesMessagesAreNotTakenForLost resolves claims while an
// instance has a message in hand: a starting process leaves it alone while
// its claimer lives, and once the claimer died a live instance's periodic
// resolution records it as uncertain, once. A claim recorded by no
// instance (an earlier version's) is resolved at start only.
func TestALiveInstancesMessagesAreNotTakenForLost(t *testing.T) {
	ctx := context.Background()
	da, db := openPair(t)
	a, b := da.Instance("A"), db.Instance("B")
	beat(t, da, "A", testNow)
	msgs := []bot.Outgoing{{Channel: "telegram", ChatID: "1", Text: "một"}, {Channel: "telegram", ChatID: "2", Text: "hai"}}
	tx(t, da, func(tx *Tx) error { return tx.Enqueue(ctx, msgs, testNow) })
	if err := a.ClaimOutbox(ctx, msgs[0].ID, testNow); err != nil {
		t.Fatal(err)
	}
	if err := da.ClaimOutbox(ctx, msgs[1].ID, testNow); err != nil { // no instance recorded
		t.Fatal(err)
	}
	start := testNow.Add(time.Second)
	beat(t, db, "B", start)
	got, err := b.ResolveClaims(ctx, start)
	if err != nil || len(got) != 1 || got[0].ID != msgs[1].ID {
		t.Fatalf("resolved at start = %+v, %v; want only message %d", got, err, msgs[1].ID)
	}
	later := testNow.Add(InstanceTTL + time.Second)
	beat(t, db, "B", later)
	for i, want := range []int{1, 0} {
		got, err := b.ResolveDeadClaims(ctx, later)
		if err != nil || len(got) != want || want == 1 && got[0].ID != msgs[0].ID {
			t.Fatalf("resolution %d after A died = %+v, %v; want %d", i, got, err, want)
		}
	}
	if n, err := da.CountLost(ctx); err != nil || n != 2 {
		t.Fatalf("lost = %d, %v; want 2", n, err)
	}
}

// TestAStoppedInstancesLeaseIsTakenAtOnce stops the lease's holder: the
// other takes the lease before it expires.
func TestAStoppedInstancesLeaseIsTakenAtOnce(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	beat(t, a, "A", testNow)
	if ok, err := a.Lease(PollLeaseName, "A", PollLeaseTTL).Take(ctx); err != nil || !ok {
		t.Fatalf("A takes: %v, %v", ok, err)
	}
	lb := b.Lease(PollLeaseName, "B", PollLeaseTTL)
	if ok, err := lb.Take(ctx); err != nil || ok {
		t.Fatalf("B takes A's lease: %v, %v", ok, err)
	}
	if err := a.StopInstance(ctx, "A", testNow); err != nil {
		t.Fatal(err)
	}
	if ok, err := lb.Take(ctx); err != nil || !ok {
		t.Fatalf("B cannot take a stopped instance's lease: %v, %v", ok, err)
	}
}
