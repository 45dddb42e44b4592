package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// editClubWords are what each language's officer sees and presses.
type editClubWords struct {
	lang, pick, rename, newName, confirmRename, save, renamed string
	leader, confirmLeader, unlinked, invite, guest            string
	dissolve, confirmDissolve, dissolved, gone                string
	history                                                   []string
}

var editClubLangs = []editClubWords{
	{lang: "vi", pick: "Bác chọn đúng mục", rename: "Đổi tên", newName: "Tên mới của CLB",
		confirmRename: "Đổi tên CLB Hoa Sen (Móng Cái 1) thành CLB Hoa Mai?", save: "Lưu",
		renamed: "Đã đổi tên CLB Hoa Sen thành CLB Hoa Mai", leader: "Đổi chủ nhiệm",
		confirmLeader: "Đổi chủ nhiệm CLB Hoa Mai", unlinked: "Đã bỏ liên kết chủ nhiệm cũ của CLB Hoa Mai: Lan",
		invite: "Mã mời", guest: "mã mời", dissolve: "Giải thể", confirmDissolve: "Giải thể CLB Hoa Mai",
		dissolved: "Đã giải thể CLB Hoa Mai", gone: "Không tìm thấy",
		history: []string{"Đổi tên CLB Hoa Sen thành CLB Hoa Mai", "Đổi chủ nhiệm CLB Hoa Mai; bỏ liên kết: Lan", "Giải thể CLB Hoa Mai"}},
	{lang: "en", pick: "Please choose", rename: "Rename", newName: "new name",
		confirmRename: "Rename CLB Hoa Sen (Móng Cái 1) to CLB Hoa Mai?", save: "Save",
		renamed: "CLB Hoa Sen is now CLB Hoa Mai", leader: "Change leader",
		confirmLeader: "Change the leader of CLB Hoa Mai", unlinked: "The former leader of CLB Hoa Mai is unlinked: Lan",
		invite: "code", guest: "invite code", dissolve: "Dissolve", confirmDissolve: "Dissolve CLB Hoa Mai",
		dissolved: "CLB Hoa Mai is dissolved", gone: "Nothing called “hoa mai” in your area",
		history: []string{"Renamed CLB Hoa Sen to CLB Hoa Mai", "Changed the leader of CLB Hoa Mai; unlinked: Lan", "Dissolved CLB Hoa Mai"}},
}

// TestOfficerRenamesChangesLeaderAndDissolvesAClub: an officer renames a
// club (typed without capitals), gives it a new leader (the old one's
// account unlinked, an invite made) and dissolves it, each audited.
func TestOfficerRenamesChangesLeaderAndDissolvesAClub(t *testing.T) {
	for _, w := range editClubLangs {
		t.Run(w.lang, func(t *testing.T) { runEditClub(t, w) })
	}
}

func runEditClub(t *testing.T, w editClubWords) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	clubID := seedClub(t, db, "CLB Hoa Sen")
	leaderCode, officerCode := seedInvite(t, db, clubID), seedOfficerInvite(t, db)
	startBot(t, srv, dbPath)
	leader, officer := newUser(t, srv, 701), newUser(t, srv, 702)
	leader.say("/start " + leaderCode)
	officer.say("/start " + officerCode)
	if w.lang == "en" {
		officer.say("/lang en")
	}

	wantText(t, officer.say("/editclub hoa sen"), w.pick)
	officer.press("CLB Hoa Sen (Móng Cái 1)")
	wantText(t, officer.press(w.rename), w.newName)
	wantText(t, officer.say("cau lac bo hoa mai"), w.confirmRename)
	wantText(t, officer.press(w.save), w.renamed)

	officer.say("/editclub hoa mai")
	officer.press("CLB Hoa Mai (Móng Cái 1)")
	wantText(t, officer.press(w.leader), w.confirmLeader)
	changed := officer.press(w.save)
	wantText(t, changed, w.unlinked)
	wantText(t, changed, w.invite)
	if code := linkCodeText.FindString(changed); code == "" {
		t.Fatalf("no invite code in:\n%s", changed)
	}
	if _, err := db.UserByAccount(context.Background(), "telegram", "701"); bot.ErrorCode(err) != bot.ENOTFOUND {
		t.Errorf("the old leader's account after the change: %v", err)
	}
	wantText(t, leader.say("/fund"), "mã mời")

	officer.say("/editclub hoa mai")
	officer.press("CLB Hoa Mai (Móng Cái 1)")
	wantText(t, officer.press(w.dissolve), w.confirmDissolve)
	wantText(t, officer.press(w.save), w.dissolved)
	wantText(t, officer.say("/editclub hoa mai"), w.gone)

	history := officer.say("/history")
	for _, want := range w.history {
		wantText(t, history, want)
	}

	var club bot.Club
	err := db.InTx(context.Background(), func(tx bot.Writer) (err error) {
		club, err = tx.Club(context.Background(), clubID)
		return err
	})
	if err != nil || club.Name != "CLB Hoa Mai" || club.Status != bot.ClubDissolved {
		t.Errorf("the club after the changes: %+v %v", club, err)
	}
	stats, err := db.ClubStats(context.Background(), bot.Scope{Kind: bot.ScopeProvince}, clock(), 60)
	if err != nil || len(stats) != 0 {
		t.Errorf("active clubs after the dissolution: %+v %v", stats, err)
	}
	entries, err := db.AuditLog(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	actions := map[string]int{}
	for _, e := range entries {
		actions[e.Entity+"."+e.Action]++
	}
	for _, want := range []string{"club.rename", "club.change_leader", "user.revoke", "club.dissolve"} {
		if actions[want] != 1 {
			t.Errorf("audit entries %q: %d, want 1 (%v)", want, actions[want], actions)
		}
	}
	if actions["invite.create"] < 1 {
		t.Errorf("no audited invite: %v", actions)
	}
}
