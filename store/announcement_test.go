package store

import (
	"context"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

// addAnnouncementUser creates a user with one account per chat id given
// ("telegram:1", "zalo:2").
func addAnnouncementUser(t *testing.T, d *DB, u bot.User, accounts ...bot.Account) bot.User {
	t.Helper()
	ctx := context.Background()
	if err := d.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		a.UserID = u.ID
		if err := d.AddAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// TestAnnouncementCountsEachRecipientOnce sends an announcement to four
// leaders and an officer and reads its counts: one delivered (on one of
// their two accounts), one waiting, one who blocked the bot, one out of
// Zalo's window, and the officer, left out of a leaders-only audience.
func TestAnnouncementCountsEachRecipientOnce(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	c := newClub(t, d, "CLB Hoa Sen")
	province := bot.Scope{Kind: bot.ScopeProvince}
	author := addAnnouncementUser(t, d, bot.User{Name: "Chị Lan", Role: bot.RoleOfficer, Scope: province},
		bot.Account{Channel: "telegram", ChannelUserID: "1"})
	addAnnouncementUser(t, d, bot.User{Name: "Anh Tú", Role: bot.RoleOfficer, Scope: province},
		bot.Account{Channel: "telegram", ChannelUserID: "2"})
	leader := bot.Scope{Kind: bot.ScopeClub, ClubID: &c.ID}
	var leaders []bot.User
	for _, acc := range [][]bot.Account{
		{{Channel: "telegram", ChannelUserID: "11"}, {Channel: "zalo", ChannelUserID: "z11"}},
		{{Channel: "telegram", ChannelUserID: "12"}},
		{{Channel: "telegram", ChannelUserID: "13"}},
		{{Channel: "zalo", ChannelUserID: "z14"}},
	} {
		leaders = append(leaders, addAnnouncementUser(t, d, bot.User{Name: "Bác", Role: bot.RoleLeader, Scope: leader}, acc...))
	}
	if err := d.MarkInactive(ctx, "zalo", "z14", testNow); err != nil {
		t.Fatal(err)
	}
	var reach bot.AnnouncementReach
	tx(t, d, func(tx *Tx) error {
		var err error
		reach, err = tx.AnnouncementReach(ctx, province, bot.AudienceOfficers, author.ID)
		return err
	})
	if reach != (bot.AnnouncementReach{Recipients: 5, Unreachable: 1}) {
		t.Fatalf("reach of leaders and officers = %+v, want 5 with 1 unreachable", reach)
	}
	a := bot.Announcement{AuthorID: author.ID, Scope: province, Audience: bot.AudienceLeaders, Text: "Họp <b>toàn tỉnh</b>",
		File: &bot.File{Kind: bot.FilePhoto, ID: "AgAD1", Name: "anh.jpg"}}
	tx(t, d, func(tx *Tx) error { return tx.CreateAnnouncement(ctx, &a, testNow) })
	if a.ID == 0 || a.Recipients != 4 {
		t.Fatalf("announcement %+v: want an id and 4 recipients", a)
	}
	rs, err := d.AnnouncementRecipients(ctx, a)
	if err != nil || len(bot.ByUser(rs)) != 4 || len(rs) != 5 || rs[0].ChatID != "11" || !rs[4].Inactive {
		t.Fatalf("recipients = %+v, %v", rs, err)
	}
	period := bot.AnnouncementPeriod(a.ID)
	deliver := func(u bot.User, chat string) int64 {
		msgs := []bot.Outgoing{{Channel: "telegram", ChatID: chat, Text: "Họp", Bulk: true}}
		if first, err := d.DeliverOnce(ctx, bot.Delivery{UserID: u.ID, Kind: bot.DeliveryAnnouncement, Period: period}, msgs, testNow); err != nil || !first {
			t.Fatalf("deliver to %s: %v %v", chat, first, err)
		}
		return msgs[0].ID
	}
	if err := d.MarkSent(ctx, deliver(leaders[0], "11"), testNow); err != nil {
		t.Fatal(err)
	}
	deliver(leaders[1], "12")
	if err := d.MarkFailed(ctx, deliver(leaders[2], "13"), bot.BlockedReason+": Forbidden", testNow); err != nil {
		t.Fatal(err)
	}
	del := bot.Delivery{UserID: leaders[3].ID, Kind: bot.DeliveryAnnouncement, Period: period}
	msgs := []bot.Outgoing{{Channel: "zalo", ChatID: "z14", Text: "Họp", Bulk: true}}
	if _, err := d.DeliverFailed(ctx, del, msgs, testNow, UnreachableReason); err != nil {
		t.Fatal(err)
	}
	if rs, err := d.AnnouncementRecipients(ctx, a); err != nil || len(rs) != 0 {
		t.Fatalf("recipients left after every one was recorded: %+v %v", rs, err)
	}
	var sent []bot.AnnouncementSent
	tx(t, d, func(tx *Tx) error {
		sent, err = tx.Announcements(ctx, province, 5)
		return err
	})
	want := bot.AnnouncementCounts{Delivered: 1, Waiting: 1, Blocked: 1, Unreachable: 1}
	if len(sent) != 1 || sent[0].Counts != want || sent[0].AuthorName != "Chị Lan" || sent[0].File == nil || sent[0].File.ID != "AgAD1" {
		t.Fatalf("announcements = %+v, want counts %+v", sent, want)
	}
	if n := count(t, d, "audit_log", "entity = 'announcement'"); n != 1 {
		t.Fatalf("%d audit entries of announcements, want 1", n)
	}
}

// TestAnnouncementOfAnAreaStaysInIt: an area officer's announcement goes
// to the leaders of the area's clubs and its officers, not elsewhere, and
// is listed in the area and the province, not in another area.
func TestAnnouncementOfAnAreaStaysInIt(t *testing.T) {
	ctx := context.Background()
	d := openTest(t)
	here := newClub(t, d, "CLB Hoa Sen")
	coTo, err := d.UnitByName(ctx, bot.LevelCommune, "Cô Tô")
	if err != nil {
		t.Fatal(err)
	}
	there := bot.Club{Name: "CLB Biển Xanh", UnitID: coTo.ID, FoundedOn: day(2022, 3, 15)}
	if err := d.CreateClub(ctx, &there, 0, testNow); err != nil {
		t.Fatal(err)
	}
	area := bot.Scope{Kind: bot.ScopeUnit, UnitID: &here.UnitID}
	elsewhere := bot.Scope{Kind: bot.ScopeUnit, UnitID: &coTo.ID}
	author := addAnnouncementUser(t, d, bot.User{Name: "Chị Lan", Role: bot.RoleOfficer, Scope: area}, bot.Account{Channel: "telegram", ChannelUserID: "1"})
	addAnnouncementUser(t, d, bot.User{Name: "Anh Tú", Role: bot.RoleOfficer, Scope: area}, bot.Account{Channel: "telegram", ChannelUserID: "2"})
	addAnnouncementUser(t, d, bot.User{Name: "Chị Mai", Role: bot.RoleOfficer, Scope: elsewhere}, bot.Account{Channel: "telegram", ChannelUserID: "3"})
	addAnnouncementUser(t, d, bot.User{Name: "Bác An", Role: bot.RoleLeader, Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &here.ID}},
		bot.Account{Channel: "telegram", ChannelUserID: "11"})
	addAnnouncementUser(t, d, bot.User{Name: "Bác Ba", Role: bot.RoleLeader, Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &there.ID}},
		bot.Account{Channel: "telegram", ChannelUserID: "12"})
	a := bot.Announcement{AuthorID: author.ID, Scope: area, Audience: bot.AudienceOfficers, Text: "Họp xã"}
	tx(t, d, func(tx *Tx) error { return tx.CreateAnnouncement(ctx, &a, testNow) })
	rs, err := d.AnnouncementRecipients(ctx, a)
	if err != nil || len(rs) != 2 || rs[0].ChatID != "2" || rs[1].ChatID != "11" {
		t.Fatalf("recipients = %+v, %v; want the area's other officer and its leader", rs, err)
	}
	tx(t, d, func(tx *Tx) error {
		if got, err := tx.Announcements(ctx, bot.Scope{Kind: bot.ScopeProvince}, 5); err != nil || len(got) != 1 {
			t.Errorf("the province lists %d announcements, %v; want 1", len(got), err)
		}
		if got, err := tx.Announcements(ctx, area, 5); err != nil || len(got) != 1 || got[0].Counts.Waiting != 2 {
			t.Errorf("the area lists %+v, %v; want it, 2 waiting", got, err)
		}
		if got, err := tx.Announcements(ctx, elsewhere, 5); err != nil || len(got) != 0 {
			t.Errorf("another area lists %+v, %v", got, err)
		}
		return nil
	})
}
