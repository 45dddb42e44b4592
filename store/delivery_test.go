package store

import (
	"context"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func TestDeliveriesHappenOnce(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	officer := bot.User{Name: "Cán bộ", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := d.CreateUser(ctx, &officer); err != nil {
		t.Fatal(err)
	}
	for _, a := range []bot.Account{{Channel: "telegram", ChannelUserID: "42", UserID: officer.ID},
		{Channel: "zalo", ChannelUserID: "8810000000000000001", UserID: officer.ID}} {
		if err := d.AddAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := d.Recipients(ctx, "digest")
	if err != nil || len(rs) != 2 || rs[0].ChatID != "42" || rs[1].Channel != "zalo" || rs[0].User.Role != bot.RoleOfficer {
		t.Fatalf("digest recipients = %+v, %v", rs, err)
	}
	if leaders, err := d.Recipients(ctx, "reminder"); err != nil || len(leaders) != 0 {
		t.Fatalf("reminder recipients = %+v, %v", leaders, err)
	}
	del := bot.Delivery{UserID: officer.ID, Kind: "digest", Period: "2025-W35"}
	msg := []bot.Outgoing{{Channel: "telegram", ChatID: "42", Text: "Tuần 35"}}
	for i, want := range []bool{true, false} {
		first, err := d.DeliverOnce(ctx, del, msg, testNow)
		if err != nil || first != want {
			t.Fatalf("DeliverOnce #%d = %v, %v; want %v", i+1, first, err, want)
		}
	}
	if done, err := d.Delivered(ctx, del); err != nil || !done {
		t.Fatalf("Delivered = %v, %v", done, err)
	}
	if out, err := d.PendingOutbox(ctx, 0); err != nil || len(out) != 1 || out[0].Text != "Tuần 35" {
		t.Fatalf("outbox = %+v, %v", out, err)
	}
}
