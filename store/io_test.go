package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

func TestSessionRoundTrip(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	err := d.InTx(ctx, func(tx bot.Writer) error { _, err := tx.Session(ctx, "telegram", "1"); return err })
	wantCode(t, err, bot.ENOTFOUND)
	s := bot.Session{Channel: "telegram", ChatID: "1", Flow: "add_member", Step: "birth_year",
		Draft: map[string]string{"name": "Đỗ Thị Thu", "gender": "female"},
		Back:  []string{"name", "gender"}, Seq: 7, Lang: "en", Updated: testNow}
	for range 2 {
		tx(t, d, func(tx *Tx) error { return tx.SaveSession(ctx, s) })
	}
	var got bot.Session
	tx(t, d, func(tx *Tx) error {
		var err error
		got, err = tx.Session(ctx, "telegram", "1")
		return err
	})
	if !got.Updated.Equal(s.Updated) {
		t.Fatalf("updated = %v, want %v", got.Updated, s.Updated)
	}
	got.Updated = s.Updated
	if !reflect.DeepEqual(got, s) {
		t.Fatalf("session = %+v, want %+v", got, s)
	}
	idle := bot.Session{Channel: "telegram", ChatID: "1", Seq: 8, Updated: testNow}
	tx(t, d, func(tx *Tx) error { return tx.SaveSession(ctx, idle) })
	tx(t, d, func(tx *Tx) error {
		got, err := tx.Session(ctx, "telegram", "1")
		if err == nil && (!got.Idle() || got.Draft == nil || len(got.Draft) != 0 || got.Back != nil) {
			t.Errorf("idle session = %+v", got)
		}
		return err
	})
	if n := count(t, d, "sessions", ""); n != 1 {
		t.Fatalf("sessions = %d", n)
	}
}

func TestInbound(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	in := bot.Inbound{Key: "telegram:812345", Channel: "telegram", ChatID: "1", ChannelUserID: "42",
		Kind: bot.InputCommand, Command: "status"}
	for i, want := range []bool{true, false} {
		ok, err := d.RecordInbound(ctx, in, testNow)
		if err != nil || ok != want {
			t.Fatalf("RecordInbound #%d = %v, %v; want %v", i+1, ok, err, want)
		}
	}
	second := bot.Inbound{Key: "telegram:812346", Channel: "telegram", ChatID: "1", Kind: bot.InputText, Text: "xin chào"}
	d.RecordInbound(ctx, second, testNow)
	pending, err := d.PendingInbound(ctx, 10)
	if err != nil || len(pending) != 2 || !reflect.DeepEqual(pending[0], in) || pending[1].Key != second.Key {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
	tx(t, d, func(tx *Tx) error {
		done, err := tx.InboundDone(ctx, in.Key)
		if err != nil || done {
			t.Errorf("InboundDone before = %v, %v", done, err)
		}
		for _, key := range []string{in.Key, "telegram:unrecorded"} {
			if first, err := tx.MarkInboundDone(ctx, key, testNow); err != nil || !first {
				t.Errorf("MarkInboundDone(%s) = %v, %v; want true", key, first, err)
			}
			if again, err := tx.MarkInboundDone(ctx, key, testNow); err != nil || again {
				t.Errorf("MarkInboundDone(%s) again = %v, %v; want false", key, again, err)
			}
		}
		return nil
	})
	tx(t, d, func(tx *Tx) error {
		for _, key := range []string{in.Key, "telegram:unrecorded"} {
			if done, err := tx.InboundDone(ctx, key); err != nil || !done {
				t.Errorf("InboundDone(%s) = %v, %v", key, done, err)
			}
		}
		return nil
	})
	pending, _ = d.PendingInbound(ctx, 10)
	if len(pending) != 1 || pending[0].Key != second.Key {
		t.Fatalf("pending after done = %+v", pending)
	}
	if ok, _ := d.RecordInbound(ctx, bot.Inbound{Key: "telegram:unrecorded"}, testNow); ok {
		t.Fatal("a handled, unrecorded event was recorded again")
	}
}

func TestOutboxOrderAndMarks(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	out := []bot.Outgoing{
		{Channel: "telegram", ChatID: "1", Text: "một", Buttons: [][]bot.Button{{{Label: "Có", Data: "7:yes"}}}},
		{Channel: "telegram", ChatID: "1", Text: "hai", RequestPhone: true, PhoneLabel: "Gửi số"},
		{Channel: "zalo", ChatID: "2", Text: "ba"},
	}
	tx(t, d, func(tx *Tx) error { return tx.Enqueue(ctx, out, testNow) })
	pending, err := d.PendingOutbox(ctx, 0)
	if err != nil || len(pending) != 3 {
		t.Fatalf("pending = %+v, %v", pending, err)
	}
	for i := range out {
		if pending[i].ID == 0 || pending[i].ID != out[i].ID || !reflect.DeepEqual(pending[i], out[i]) {
			t.Fatalf("pending[%d] = %+v, want %+v", i, pending[i], out[i])
		}
	}
	if err := d.MarkSent(ctx, out[0].ID, testNow.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkFailed(ctx, out[1].ID, "chat not found", testNow.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	pending, _ = d.PendingOutbox(ctx, 10)
	if len(pending) != 1 || pending[0].ID != out[2].ID {
		t.Fatalf("pending after marks = %+v", pending)
	}
	if n := count(t, d, "outbox", "id = ? AND sent_at IS NOT NULL AND attempts = 1", out[0].ID); n != 1 {
		t.Fatal("sent message not marked")
	}
	if n := count(t, d, "outbox", "id = ? AND fail_reason = 'chat not found' AND attempts = 1", out[1].ID); n != 1 {
		t.Fatal("failed message not marked")
	}
	wantCode(t, d.MarkSent(ctx, 999, testNow), bot.ENOTFOUND)
}

func TestRecordInboundsReportsWhichAreNew(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	at := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	if _, err := db.RecordInbound(ctx, bot.Inbound{Key: "k2", Channel: "c", ChatID: "1"}, at); err != nil {
		t.Fatal(err)
	}
	isNew, err := db.RecordInbounds(ctx, []bot.Inbound{
		{Key: "k1", Channel: "c", ChatID: "1"}, {Key: "k2", Channel: "c", ChatID: "1"}, {Key: "k3", Channel: "c", ChatID: "2"},
	}, at)
	if err != nil {
		t.Fatal(err)
	}
	if want := []bool{true, false, true}; fmt.Sprint(isNew) != fmt.Sprint(want) {
		t.Errorf("isNew = %v, want %v", isNew, want)
	}
	pending, err := db.PendingInbound(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, in := range pending {
		keys = append(keys, in.Key)
	}
	if got := strings.Join(keys, ","); got != "k2,k1,k3" {
		t.Errorf("pending keys %s, want k2,k1,k3", got)
	}
	if _, err := db.RecordInbounds(ctx, []bot.Inbound{{Key: "k4"}, {Key: ""}}, at); bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("an empty key: %v", err)
	}
	if n, _ := db.PendingInbound(ctx, 0); len(n) != 3 {
		t.Errorf("a refused batch stored %d events, want none", len(n)-3)
	}
}
