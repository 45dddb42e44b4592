package store

import (
	"context"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// TestOfficersReads lists the units of a level, the clubs of a
// commune-level unit, dissolved ones included, and the invites.
func TestOfficersReads(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	hoaSen := newClub(t, d, "CLB Hoa Sen")
	closed := bot.Club{Name: "CLB Cũ", UnitID: hoaSen.UnitID, FoundedOn: day(2020, 1, 1), Status: bot.ClubDissolved}
	if err := d.CreateClub(ctx, &closed, 0, testNow); err != nil {
		t.Fatal(err)
	}
	inv := bot.Invite{CodeHash: "h", Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}, ExpiresAt: testNow}
	if err := d.CreateInvite(ctx, &inv); err != nil {
		t.Fatal(err)
	}
	tx(t, d, func(tx *Tx) error {
		clubs, err := tx.ClubsInUnit(ctx, hoaSen.UnitID)
		if err != nil || len(clubs) != 2 || clubs[0].Name != "CLB Hoa Sen" || clubs[1].Status != bot.ClubDissolved {
			t.Errorf("clubs in Móng Cái 1: %+v, %v", clubs, err)
		}
		units, err := tx.Units(ctx, bot.LevelDistrict)
		if err != nil || len(units) != 13 || units[0].Level != bot.LevelDistrict {
			t.Errorf("district-level units: %d, %v", len(units), err)
		}
		return nil
	})
	invites, err := d.Invites(ctx)
	if err != nil || len(invites) != 1 || invites[0].Role != bot.RoleOfficer || invites[0].UsedAt != nil {
		t.Errorf("invites: %+v, %v", invites, err)
	}
}
