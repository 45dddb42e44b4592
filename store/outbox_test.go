package store

import (
	"context"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// TestClaimedMessagesAreNotSentAgain claims two messages as the sender does
// before handing them to Telegram, marks one sent and, as a restart would,
// resolves the claims: the other is recorded as uncertain and is no longer
// pending; a withdrawn claim leaves its message pending.
func TestClaimedMessagesAreNotSentAgain(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	msgs := []bot.Outgoing{{Channel: "telegram", ChatID: "1", Text: "một"}, {Channel: "telegram", ChatID: "1", Text: "hai"},
		{Channel: "telegram", ChatID: "2", Text: "ba"}}
	tx(t, d, func(tx *Tx) error { return tx.Enqueue(ctx, msgs, testNow) })
	if n, err := d.OutboxDepth(ctx); err != nil || n != 3 {
		t.Fatalf("depth = %d, %v; want 3", n, err)
	}
	for _, o := range msgs {
		if err := d.ClaimOutbox(ctx, o.ID, testNow); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.MarkSent(ctx, msgs[0].ID, testNow); err != nil {
		t.Fatal(err)
	}
	if err := d.UnclaimOutbox(ctx, msgs[2].ID); err != nil {
		t.Fatal(err)
	}
	uncertain, err := d.ResolveClaims(ctx, testNow.Add(time.Minute))
	if err != nil || len(uncertain) != 1 || uncertain[0].ID != msgs[1].ID || uncertain[0].Text != "hai" {
		t.Fatalf("uncertain = %+v, %v; want message %d", uncertain, err, msgs[1].ID)
	}
	pending, err := d.PendingOutbox(ctx, 0)
	if err != nil || len(pending) != 1 || pending[0].Text != "ba" {
		t.Fatalf("pending = %+v, %v; want only %q", pending, err, "ba")
	}
	if n := count(t, d, "outbox", "fail_reason = '"+UncertainReason+"' AND failed_at IS NOT NULL"); n != 1 {
		t.Fatalf("uncertain rows = %d, want 1", n)
	}
	if n, err := d.OutboxDepth(ctx); err != nil || n != 1 {
		t.Fatalf("depth = %d, %v; want 1", n, err)
	}
	wantCode(t, d.ClaimOutbox(ctx, msgs[1].ID, testNow), bot.ENOTFOUND)
	if again, err := d.ResolveClaims(ctx, testNow); err != nil || len(again) != 0 {
		t.Fatalf("second resolve = %+v, %v", again, err)
	}
}

// TestBlockedOfficerIsSkippedUntilTheyWrite marks an officer's account
// inactive (the bot was blocked): the digest skips them until a message
// from that account is recorded.
func TestBlockedOfficerIsSkippedUntilTheyWrite(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	for i, id := range []string{"42", "43"} {
		u := bot.User{Name: "Cán bộ " + id, Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
		if err := d.CreateUser(ctx, &u); err != nil {
			t.Fatal(err)
		}
		if err := d.AddAccount(ctx, bot.Account{Channel: "telegram", ChannelUserID: id, UserID: u.ID}); err != nil {
			t.Fatalf("account %d: %v", i, err)
		}
	}
	if err := d.MarkInactive(ctx, "telegram", "42", testNow); err != nil {
		t.Fatal(err)
	}
	if err := d.MarkInactive(ctx, "telegram", "999", testNow); err != nil {
		t.Fatalf("unknown account: %v", err)
	}
	if chats := recipientChats(t, d); len(chats) != 1 || chats[0] != "43" {
		t.Fatalf("digest goes to %v, want only 43 while 42 has blocked the bot", chats)
	}
	other := bot.Inbound{Key: "telegram:1", Channel: "telegram", ChatID: "43", ChannelUserID: "43", Kind: bot.InputText, Text: "a"}
	if _, err := d.RecordInbound(ctx, other, testNow); err != nil {
		t.Fatal(err)
	}
	if chats := recipientChats(t, d); len(chats) != 1 {
		t.Fatalf("a message from 43 changed 42's mark: digest goes to %v", chats)
	}
	back := bot.Inbound{Key: "telegram:2", Channel: "telegram", ChatID: "42", ChannelUserID: "42", Kind: bot.InputCommand, Command: "status"}
	if _, err := d.RecordInbound(ctx, back, testNow); err != nil {
		t.Fatal(err)
	}
	if chats := recipientChats(t, d); len(chats) != 2 {
		t.Fatalf("digest goes to %v after 42 wrote again, want 42 and 43", chats)
	}
}

func recipientChats(t *testing.T, d *DB) []string {
	t.Helper()
	rs, err := d.Recipients(context.Background(), "digest")
	if err != nil {
		t.Fatal(err)
	}
	var chats []string
	for _, r := range rs {
		chats = append(chats, r.ChatID)
	}
	return chats
}
