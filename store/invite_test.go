package store

import (
	"context"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// newInvite stores an invite to lead club c.
func newInvite(t *testing.T, d *DB, hash, phone string, c bot.Club, expires time.Time) bot.Invite {
	t.Helper()
	inv := bot.Invite{CodeHash: hash, Role: bot.RoleLeader, Phone: phone, ExpiresAt: expires,
		Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &c.ID}}
	if err := d.CreateInvite(context.Background(), &inv); err != nil {
		t.Fatal(err)
	}
	return inv
}

func TestRedeemInviteTwiceConflicts(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	inv := newInvite(t, d, "hash-1", "+84912345678", c, testNow.Add(72*time.Hour))
	acct := bot.Account{Channel: "telegram", ChannelUserID: "812345"}
	var u bot.User
	tx(t, d, func(tx *Tx) error {
		var err error
		u, err = tx.RedeemInvite(ctx, inv.ID, bot.User{Name: "Nguyễn Thị Lan"}, acct, testNow)
		return err
	})
	if u.ID == 0 || u.Role != bot.RoleLeader || u.Scope.Kind != bot.ScopeClub || *u.Scope.ClubID != c.ID ||
		u.Phone != "+84912345678" || u.Lang != "vi" {
		t.Fatalf("user = %+v", u)
	}
	err := d.InTx(ctx, func(tx bot.Writer) error {
		_, err := tx.RedeemInvite(ctx, inv.ID, bot.User{Name: "Khác"}, bot.Account{Channel: "telegram", ChannelUserID: "9"}, testNow)
		return err
	})
	wantCode(t, err, bot.ECONFLICT)
	if n := count(t, d, "invites", "id = ? AND used_at IS NOT NULL AND used_by = ?", inv.ID, u.ID); n != 1 {
		t.Fatal("invite not marked used by the user")
	}
	if n, a := count(t, d, "users", ""), count(t, d, "accounts", ""); n != 1 || a != 1 {
		t.Fatalf("users = %d, accounts = %d", n, a)
	}
	tx(t, d, func(tx *Tx) error {
		got, err := tx.UserByAccount(ctx, "telegram", "812345")
		if err == nil && got.ID != u.ID {
			t.Errorf("UserByAccount = %+v", got)
		}
		_, err2 := tx.UserByAccount(ctx, "zalo", "812345")
		wantCode(t, err2, bot.ENOTFOUND)
		return err
	})
}

func TestRedeemInviteForExistingAccount(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	first := newInvite(t, d, "hash-1", "", c, testNow.Add(time.Hour))
	acct := bot.Account{Channel: "zalo", ChannelUserID: "9007199254740993"}
	tx(t, d, func(tx *Tx) error {
		_, err := tx.RedeemInvite(ctx, first.ID, bot.User{Name: "A"}, acct, testNow)
		return err
	})
	officer := bot.Invite{CodeHash: "hash-2", Role: bot.RoleOfficer, ExpiresAt: testNow.Add(time.Hour),
		Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := d.CreateInvite(ctx, &officer); err != nil {
		t.Fatal(err)
	}
	tx(t, d, func(tx *Tx) error {
		u, err := tx.RedeemInvite(ctx, officer.ID, bot.User{Name: "A"}, acct, testNow)
		if err == nil && (u.Role != bot.RoleOfficer || u.Scope.Kind != bot.ScopeProvince || u.Scope.ClubID != nil) {
			t.Errorf("user = %+v", u)
		}
		return err
	})
	if n := count(t, d, "users", ""); n != 1 {
		t.Fatalf("users = %d", n)
	}
	expired := newInvite(t, d, "hash-3", "", c, testNow.Add(-time.Minute))
	err := d.InTx(ctx, func(tx bot.Writer) error {
		_, err := tx.RedeemInvite(ctx, expired.ID, bot.User{}, acct, testNow)
		return err
	})
	wantCode(t, err, bot.EINVALID)
	wantCode(t, d.CreateInvite(ctx, &bot.Invite{CodeHash: "hash-3", Role: bot.RoleAdmin,
		ExpiresAt: testNow, Scope: bot.Scope{Kind: bot.ScopeProvince}}), bot.ECONFLICT)
}

func TestInviteLookupsAndFailedCodes(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	newInvite(t, d, "old", "+84900000001", c, testNow.Add(-time.Hour))
	live := newInvite(t, d, "live", "+84900000001", c, testNow.Add(time.Hour))
	tx(t, d, func(tx *Tx) error {
		got, err := tx.InviteByPhone(ctx, "+84900000001", testNow)
		if err == nil && got.ID != live.ID {
			t.Errorf("InviteByPhone = %+v", got)
		}
		_, err2 := tx.InviteByPhone(ctx, "+84900000001", testNow.Add(2*time.Hour))
		wantCode(t, err2, bot.ENOTFOUND)
		byHash, err3 := tx.InviteByCodeHash(ctx, "live")
		if err3 != nil || byHash.ID != live.ID || !byHash.ExpiresAt.Equal(live.ExpiresAt) {
			t.Errorf("InviteByCodeHash = %+v, %v", byHash, err3)
		}
		return err
	})
	tx(t, d, func(tx *Tx) error {
		for _, at := range []time.Time{testNow.Add(-2 * time.Hour), testNow, testNow.Add(time.Minute)} {
			if err := tx.RecordFailedCode(ctx, "telegram", "1", at); err != nil {
				return err
			}
		}
		n, err := tx.FailedCodesSince(ctx, "telegram", "1", testNow.Add(-time.Hour))
		if err == nil && n != 2 {
			t.Errorf("FailedCodesSince = %d, want 2", n)
		}
		return err
	})
}

func TestSetUserLang(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	u := bot.User{Name: "B", Role: bot.RoleAdmin, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := d.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	tx(t, d, func(tx *Tx) error { return tx.SetUserLang(ctx, u.ID, "en") })
	if n := count(t, d, "users", "id = ? AND lang = 'en'", u.ID); n != 1 {
		t.Fatal("language not stored")
	}
	err := d.InTx(ctx, func(tx bot.Writer) error { return tx.SetUserLang(ctx, 999, "en") })
	wantCode(t, err, bot.ENOTFOUND)
}
