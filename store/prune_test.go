package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

const aDay = 24 * time.Hour

// recordHandled records an event received and handled at a time.
func recordHandled(t *testing.T, d *DB, key string, at time.Time) {
	t.Helper()
	ctx := context.Background()
	if isNew, err := d.RecordInbound(ctx, bot.Inbound{Key: key, Channel: "telegram", ChatID: "1", Text: key}, at); err != nil || !isNew {
		t.Fatalf("record %s = %v, %v", key, isNew, err)
	}
	tx(t, d, func(tx *Tx) error {
		claimed, err := tx.MarkInboundDone(ctx, key, at)
		if err == nil && !claimed {
			err = fmt.Errorf("%s handled twice", key)
		}
		return err
	})
}

// enqueueAt queues one message at a time and returns its id.
func enqueueAt(t *testing.T, d *DB, text string, file *bot.File, at time.Time) int64 {
	t.Helper()
	msgs := []bot.Outgoing{{Channel: "telegram", ChatID: "1", Text: text, File: file}}
	tx(t, d, func(tx *Tx) error { return tx.Enqueue(context.Background(), msgs, at) })
	return msgs[0].ID
}

// TestPruneKeepsWhatIsStillNeeded fills every pruned table with rows on
// both sides of their cutoffs: only handled events past the window, sent
// and failed messages past the retention, past deliveries and old wrong
// codes go; unhandled events, unsent messages, young uncertain ones and
// the audit log stay.
func TestPruneKeepsWhatIsStillNeeded(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	now := testNow
	recordHandled(t, d, "telegram:1", now.Add(-8*aDay))
	recordHandled(t, d, "telegram:2", now.Add(-6*aDay))
	if _, err := d.RecordInbound(ctx, bot.Inbound{Key: "telegram:3", Channel: "telegram", ChatID: "1"}, now.Add(-40*aDay)); err != nil {
		t.Fatal(err)
	}
	chart := &bot.File{Kind: bot.FilePhoto, Name: "tien-do.png", Data: make([]byte, 50_000)}
	oldSent := enqueueAt(t, d, "old digest", chart, now.Add(-32*aDay))
	if err := d.MarkSent(ctx, oldSent, now.Add(-31*aDay)); err != nil {
		t.Fatal(err)
	}
	youngSent := enqueueAt(t, d, "young reply", nil, now.Add(-29*aDay))
	if err := d.MarkSent(ctx, youngSent, now.Add(-29*aDay)); err != nil {
		t.Fatal(err)
	}
	enqueueAt(t, d, "never sent", nil, now.Add(-60*aDay))
	oldUncertain := enqueueAt(t, d, "old uncertain", nil, now.Add(-40*aDay))
	youngUncertain := enqueueAt(t, d, "young uncertain", nil, now.Add(-10*aDay))
	for id, at := range map[int64]time.Time{oldUncertain: now.Add(-40 * aDay), youngUncertain: now.Add(-10 * aDay)} {
		if err := d.ClaimOutbox(ctx, id, at); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ResolveClaims(ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	officer := bot.User{Name: "Cán bộ", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := d.CreateUser(ctx, &officer); err != nil {
		t.Fatal(err)
	}
	for period, at := range map[string]time.Time{"2025-W18": now.Add(-100 * aDay), "2025-W27": now.Add(-40 * aDay)} {
		if _, err := d.DeliverOnce(ctx, bot.Delivery{UserID: officer.ID, Kind: "digest", Period: period}, nil, at); err != nil {
			t.Fatal(err)
		}
	}
	tx(t, d, func(tx *Tx) error {
		if err := tx.RecordFailedCode(ctx, "telegram", "9", now.Add(-2*aDay)); err != nil {
			return err
		}
		if err := tx.RecordFailedCode(ctx, "telegram", "9", now.Add(-time.Hour)); err != nil {
			return err
		}
		return tx.audit(ctx, officer.ID, now.Add(-400*aDay), "club", 1, "create", nil, map[string]string{"name": "CLB Hoa Sen"})
	})

	p, err := d.Prune(ctx, now, DefaultOutboxRetention)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Pruned{Inbound: 1, Outbox: 2, Deliveries: 1, FailedCodes: 1, Batches: p.Batches}); p != want {
		t.Errorf("pruned %+v, want %+v", p, want)
	}
	if n := count(t, d, "inbound", `"key" = 'telegram:1'`); n != 0 {
		t.Errorf("handled event past the window kept")
	}
	if n := count(t, d, "inbound", `"key" IN ('telegram:2', 'telegram:3')`); n != 2 {
		t.Errorf("young or unhandled events: %d rows, want 2", n)
	}
	var texts []string
	text := `json_extract(payload, '$.Text')`
	if onPostgres() {
		text = `CAST(payload AS json)->>'Text'`
	}
	if err := d.gorm.Raw(`SELECT ` + text + ` FROM outbox ORDER BY id`).Scan(&texts).Error; err != nil {
		t.Fatal(err)
	}
	if want := "[young reply never sent young uncertain]"; fmt.Sprint(texts) != want {
		t.Errorf("outbox holds %v, want %s", texts, want)
	}
	if n := count(t, d, "deliveries", "period = '2025-W27'"); n != 1 || count(t, d, "deliveries", "") != 1 {
		t.Errorf("deliveries: the record of 40 days ago must stay, alone")
	}
	if n := count(t, d, "failed_codes", ""); n != 1 {
		t.Errorf("failed codes = %d, want the last hour's 1", n)
	}
	if n := count(t, d, "audit_log", ""); n != 1 {
		t.Errorf("audit log = %d entries, want 1: it is kept forever", n)
	}
	if again, err := d.Prune(ctx, now, DefaultOutboxRetention); err != nil || again.Total() != 0 {
		t.Errorf("second prune = %+v, %v; want nothing", again, err)
	}
}

// TestOldKeyIsNewAfterTheWindow replays a handled event's key: within the
// inbound window it is dropped, after it (pruned or not) it is recorded
// and handled as a new event, also when the engine marks an event it was
// not told of.
func TestOldKeyIsNewAfterTheWindow(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	start := testNow
	recordHandled(t, d, "telegram:7", start)
	if isNew, err := d.RecordInbound(ctx, bot.Inbound{Key: "telegram:7", Channel: "telegram", ChatID: "1"}, start.Add(6*aDay)); err != nil || isNew {
		t.Fatalf("replay within the window: new = %v, %v; want dropped", isNew, err)
	}
	tx(t, d, func(tx *Tx) error {
		claimed, err := tx.MarkInboundDone(ctx, "telegram:7", start.Add(6*aDay))
		if err == nil && claimed {
			t.Errorf("engine claimed an event handled 6 days ago")
		}
		return err
	})
	later := start.Add(7*aDay + time.Minute)
	if isNew, err := d.RecordInbound(ctx, bot.Inbound{Key: "telegram:7", Channel: "telegram", ChatID: "1", Text: "mới"}, later); err != nil || !isNew {
		t.Fatalf("replay after the window: new = %v, %v; want recorded", isNew, err)
	}
	pending, err := d.PendingInbound(ctx, 0)
	if err != nil || len(pending) != 1 || pending[0].Text != "mới" {
		t.Fatalf("pending = %+v, %v; want the new event", pending, err)
	}
	recordHandled(t, d, "telegram:8", start)
	tx(t, d, func(tx *Tx) error {
		claimed, err := tx.MarkInboundDone(ctx, "telegram:8", later)
		if err == nil && !claimed {
			t.Errorf("engine dropped an event whose key was handled over 7 days ago")
		}
		return err
	})
}

// TestPruneWorksInBatches prunes more rows than a batch holds: all go, in
// several transactions.
func TestPruneWorksInBatches(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	old := testNow.Add(-10 * aDay)
	ins := make([]bot.Inbound, 2*pruneBatch+10)
	for i := range ins {
		ins[i] = bot.Inbound{Key: fmt.Sprintf("zalo:%d", i), Channel: "zalo", ChatID: "1"}
	}
	if _, err := d.RecordInbounds(ctx, ins, old); err != nil {
		t.Fatal(err)
	}
	if _, err := d.sql.ExecContext(ctx, `UPDATE inbound SET done_at = received_at`); err != nil {
		t.Fatal(err)
	}
	p, err := d.Prune(ctx, testNow, DefaultOutboxRetention)
	if err != nil || p.Inbound != len(ins) || p.Batches < 3+len(pruneSteps)-1 {
		t.Fatalf("pruned %+v, %v; want %d events in at least 3 batches", p, err, len(ins))
	}
	if n := count(t, d, "inbound", ""); n != 0 {
		t.Errorf("%d events left", n)
	}
}

// TestPruneRefusesAShortRetention keeps the last week's failed messages,
// which the admins' count of undelivered messages reads.
func TestPruneRefusesAShortRetention(t *testing.T) {
	d := openTest(t)
	_, err := d.Prune(context.Background(), testNow, 0)
	wantCode(t, err, bot.EINVALID)
}
