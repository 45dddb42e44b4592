package store

import (
	"context"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// TestUnreachableReplyIsNotCountedUndelivered marks a reply and a digest
// to an officer out of reach on their only account: both fail, only the
// digest counts as undelivered, and the account is skipped by digests.
func TestUnreachableReplyIsNotCountedUndelivered(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	u := bot.User{Name: "Cán bộ", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := d.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if err := d.AddAccount(ctx, bot.Account{Channel: "zalo", ChannelUserID: "z1", UserID: u.ID}); err != nil {
		t.Fatal(err)
	}
	msgs := []bot.Outgoing{{Channel: "zalo", ChatID: "z1", Text: "reply"}, {Channel: "zalo", ChatID: "z1", Text: "digest", Bulk: true}}
	if err := d.InTx(ctx, func(tx bot.Writer) error { return tx.Enqueue(ctx, msgs, testNow) }); err != nil {
		t.Fatal(err)
	}
	for _, o := range msgs {
		if rerouted, err := d.MarkUnreachable(ctx, o, testNow); err != nil || len(rerouted) != 0 {
			t.Fatalf("mark %q: rerouted %+v, %v; want none", o.Text, rerouted, err)
		}
	}
	var n int
	err := d.InTx(ctx, func(tx bot.Writer) (err error) {
		n, err = tx.UndeliveredSince(ctx, testNow.AddDate(0, 0, -7))
		return err
	})
	if err != nil || n != 1 {
		t.Fatalf("undelivered %d, %v; want the digest alone", n, err)
	}
	if pending, err := d.PendingOutbox(ctx, 0); err != nil || len(pending) != 0 {
		t.Fatalf("still pending %+v, %v", pending, err)
	}
	if chats := recipientChats(t, d); len(chats) != 0 {
		t.Fatalf("digest goes to %v, want no one while z1 is out of reach", chats)
	}
}
