package store

import (
	"context"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// TestRedeemLinkCode redeems a /link code: the new account joins the
// code's user, who keeps their role and language; an account already
// linked and a revoked user are refused and leave the code unused.
func TestRedeemLinkCode(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	tgAcct := bot.Account{Channel: "telegram", ChannelUserID: "812345"}
	joined := newInvite(t, d, "hash-1", "", c, testNow.Add(time.Hour))
	var lan bot.User
	tx(t, d, func(tx *Tx) (err error) {
		lan, err = tx.RedeemInvite(ctx, joined.ID, bot.User{Name: "Lan", Lang: "en"}, tgAcct, testNow)
		return err
	})
	link := func(hash string) bot.Invite {
		inv := bot.Invite{CodeHash: hash, Role: lan.Role, Scope: lan.Scope, ExpiresAt: testNow.Add(time.Hour),
			CreatedBy: &lan.ID, LinkUserID: &lan.ID}
		if err := d.CreateInvite(ctx, &inv); err != nil {
			t.Fatal(err)
		}
		return inv
	}
	redeem := func(inv bot.Invite, acct bot.Account) (u bot.User, err error) {
		err = d.InTx(ctx, func(tx bot.Writer) (err error) {
			u, err = tx.RedeemInvite(ctx, inv.ID, bot.User{Name: "Someone", Lang: "vi"}, acct, testNow)
			return err
		})
		return u, err
	}
	first := link("hash-link-1")
	_, err := redeem(first, tgAcct)
	wantCode(t, err, bot.ECONFLICT)
	zalo := bot.Account{Channel: "zalo", ChannelUserID: "9007199254740993"}
	u, err := redeem(first, zalo)
	if err != nil || u.ID != lan.ID || u.Lang != "en" || u.Name != "Lan" || u.Role != bot.RoleLeader {
		t.Fatalf("linked user = %+v, %v; want %+v", u, err, lan)
	}
	if n, a := count(t, d, "users", ""), count(t, d, "accounts", "user_id = ?", lan.ID); n != 1 || a != 2 {
		t.Fatalf("users = %d, Lan's accounts = %d", n, a)
	}
	second := link("hash-link-2")
	tx(t, d, func(tx *Tx) error { return tx.RevokeUser(ctx, lan.ID, 0, testNow) })
	_, err = redeem(second, bot.Account{Channel: "zalo", ChannelUserID: "77"})
	wantCode(t, err, bot.EFORBIDDEN)
	if n := count(t, d, "invites", "id = ? AND used_at IS NULL", second.ID); n != 1 {
		t.Fatal("a refused link code was marked used")
	}
	if n := count(t, d, "accounts", ""); n != 0 {
		t.Fatalf("%d accounts after revoking", n)
	}
	tx(t, d, func(tx *Tx) error {
		open, err := tx.OpenDialogues(ctx, lan.ID)
		if err == nil && len(open) != 0 {
			t.Errorf("a revoked user has open dialogues %+v", open)
		}
		return err
	})
}

// TestOpenDialogues lists the chats of a user's accounts that are in a
// dialogue, and no one else's.
func TestOpenDialogues(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	u := bot.User{Name: "Lan", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	other := u
	if err := d.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if err := d.CreateUser(ctx, &other); err != nil {
		t.Fatal(err)
	}
	for _, a := range []bot.Account{
		{Channel: "telegram", ChannelUserID: "1", UserID: u.ID}, {Channel: "zalo", ChannelUserID: "2", UserID: u.ID},
		{Channel: "telegram", ChannelUserID: "3", UserID: other.ID},
	} {
		if err := d.AddAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	tx(t, d, func(tx *Tx) error {
		for _, s := range []bot.Session{{Channel: "telegram", ChatID: "1", Flow: "member", Step: "gender"},
			{Channel: "zalo", ChatID: "2"}, {Channel: "telegram", ChatID: "3", Flow: "fund", Step: "income"}} {
			s.Updated = testNow
			if err := tx.SaveSession(ctx, s); err != nil {
				return err
			}
		}
		open, err := tx.OpenDialogues(ctx, u.ID)
		if err == nil && (len(open) != 1 || open[0].Channel != "telegram" || open[0].Flow != "member" ||
			!open[0].Updated.Equal(testNow)) {
			t.Errorf("open dialogues = %+v", open)
		}
		return err
	})
}
