package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
	"github.com/clubbot/clubbot/store"
)

// addPerson stores a user of a role and scope with one Telegram account
// (or the accounts given as "channel:id") and returns their id.
func addPerson(t *testing.T, db *store.DB, name, lang string, role bot.Role, scope bot.Scope, accounts ...string) int64 {
	t.Helper()
	ctx := context.Background()
	u := bot.User{Name: name, Lang: lang, Role: role, Scope: scope}
	if err := db.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		channel, id, _ := strings.Cut(a, ":")
		if err := db.AddAccount(ctx, bot.Account{Channel: channel, ChannelUserID: id, UserID: u.ID}); err != nil {
			t.Fatalf("account %s: %v", a, err)
		}
	}
	return u.ID
}

// waitMessages waits for the user's next n messages and returns them.
func (u *tgUser) waitMessages(n int) []telegramtest.SentMessage {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sent, err := u.srv.WaitSent(ctx, u.chat, u.seen+n)
	if err != nil {
		u.t.Fatalf("got %d of %d messages: %v", len(sent)-u.seen, n, err)
	}
	out := sent[u.seen:]
	u.seen = len(sent)
	return out
}

// announcementsOf waits until the latest announcement has no recipient
// waiting, and returns it.
func latestAnnouncement(t *testing.T, db *store.DB) bot.AnnouncementSent {
	t.Helper()
	var got bot.AnnouncementSent
	waitUntil(t, "the announcement is sent", func() bool {
		var sent []bot.AnnouncementSent
		err := db.InTx(context.Background(), func(tx bot.Writer) error {
			var err error
			sent, err = tx.Announcements(context.Background(), bot.Scope{Kind: bot.ScopeProvince}, 1)
			return err
		})
		if err != nil || len(sent) == 0 {
			return false
		}
		got = sent[0]
		return got.Counts.Waiting == 0
	})
	return got
}

// TestOfficerAnnouncesWithAPhoto: a provincial officer announces with a
// photo to the leaders: two leaders get it at once (the photo again by its
// file_id, under a heading naming the officer), one in the middle of a
// dialogue only when it ends, one who blocked the bot is counted as such;
// /announce and /history show it.
func TestOfficerAnnouncesWithAPhoto(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	club := seedClub(t, db, "CLB Hoa Sen")
	province := bot.Scope{Kind: bot.ScopeProvince}
	addPerson(t, db, "Nguyễn Thị Lan", "vi", bot.RoleOfficer, province, "telegram:900")
	leader := bot.Scope{Kind: bot.ScopeClub, ClubID: &club}
	for _, id := range []string{"601", "602", "603", "604"} {
		addPerson(t, db, "Bác "+id, "vi", bot.RoleLeader, leader, "telegram:"+id)
	}
	srv.Block(604)
	startBot(t, srv, dbPath)

	busy := newUser(t, srv, 602)
	wantText(t, busy.say("/member"), "Họ và tên")

	o := newUser(t, srv, 900)
	first := o.say("/announce")
	wantText(t, first, "Chưa có thông báo nào")
	wantText(t, o.press("Viết thông báo mới"), "nội dung thông báo")
	update := srv.SendPhoto(900, "Họp sơ kết <quý> lúc 8 giờ")
	fileID := "ph" + strconv.Itoa(update) + "m"
	wantText(t, o.reply(), "Gửi cho ai?")
	if _, err := srv.Press(900, "Chủ nhiệm các CLB"); err != nil {
		t.Fatal(err)
	}
	preview := o.waitMessages(2)
	if preview[0].Kind != "photo" || preview[0].FileRef != fileID {
		t.Fatalf("the preview is %+v, want the photo %s", preview[0], fileID)
	}
	wantText(t, preview[0].Text, "Thông báo của Hội Người cao tuổi tỉnh Quảng Ninh\nNgười gửi: Nguyễn Thị Lan\n\nHọp sơ kết <quý> lúc 8 giờ")
	wantText(t, preview[1].Text, "Chủ nhiệm các CLB – 4 người")
	wantText(t, o.press("Gửi"), "Đã gửi thông báo đến 4 người")

	for _, id := range []int64{601, 603} {
		u := newUser(t, srv, id)
		got := u.waitMessages(1)[0]
		if got.Kind != "photo" || got.FileRef != fileID || got.Text != preview[0].Text {
			t.Fatalf("leader %d got %+v, want the preview %q", id, got, preview[0].Text)
		}
	}
	time.Sleep(3 * announceEvery / 2) // the announcer has looked again
	if n := countSent(srv, 602, "Thông báo của Hội"); n != 0 {
		t.Fatalf("the leader in the middle of a dialogue got the announcement %d times", n)
	}
	wantText(t, busy.say("/cancel"), "Đã huỷ")
	waitUntil(t, "the leader whose dialogue ended gets it", func() bool { return countSent(srv, 602, "Thông báo của Hội") == 1 })

	a := latestAnnouncement(t, db)
	if want := (bot.AnnouncementCounts{Delivered: 3, Blocked: 1}); a.Counts != want || a.Recipients != 4 {
		t.Fatalf("counts %+v of %d, want %+v of 4", a.Counts, a.Recipients, want)
	}
	history := o.say("/announce")
	wantText(t, history, "Nguyễn Thị Lan: “Họp sơ kết <quý> lúc 8 giờ”")
	wantText(t, history, "Đã nhận 3 · Đang chờ 0 · Đã chặn tin 1 · Không liên lạc được 0")
	wantText(t, o.say("/cancel"), "Đã huỷ")
	wantText(t, o.say("/history"), "Gửi thông báo đến 4 người: “Họp sơ kết <quý> lúc 8 giờ”")
	time.Sleep(3 * announceEvery / 2)
	for _, id := range []int64{601, 602, 603} {
		if n := countSent(srv, id, "Thông báo của Hội"); n != 1 {
			t.Errorf("leader %d got the announcement %d times, want once", id, n)
		}
	}
	if n := countSent(srv, 900, "Thông báo của Hội"); n != 1 {
		t.Errorf("the officer got their own announcement %d times besides the preview", n-1)
	}
}

// TestOfficerAnnouncesInEnglish: an officer writing in English announces
// text to leaders and officers; an English-speaking leader reads the
// heading in English, a Vietnamese officer in Vietnamese.
func TestOfficerAnnouncesInEnglish(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	club := seedClub(t, db, "CLB Hoa Sen")
	province := bot.Scope{Kind: bot.ScopeProvince}
	addPerson(t, db, "Lan Nguyen", "en", bot.RoleOfficer, province, "telegram:900")
	addPerson(t, db, "Anh Tú", "vi", bot.RoleOfficer, province, "telegram:901")
	addPerson(t, db, "Bác Hùng", "en", bot.RoleLeader, bot.Scope{Kind: bot.ScopeClub, ClubID: &club}, "telegram:601")
	startBot(t, srv, dbPath)

	o := newUser(t, srv, 900)
	wantText(t, o.say("/announce"), "No announcements yet")
	wantText(t, o.press("Write a new announcement"), "type the announcement")
	wantText(t, o.say("Review meeting on <Monday>\nat 8 am"), "Who should receive it?")
	if _, err := srv.Press(900, "Club leaders and officers"); err != nil {
		t.Fatal(err)
	}
	preview := o.waitMessages(2)
	wantText(t, preview[0].Text, "Announcement from the Association of the Elderly, tỉnh Quảng Ninh\nFrom: Lan Nguyen\n\nReview meeting on <Monday>\nat 8 am")
	wantText(t, preview[1].Text, "Club leaders and officers – 2 people")
	wantText(t, o.press("Send"), "The announcement is going to 2 people")

	leader := newUser(t, srv, 601)
	if got := leader.waitMessages(1)[0]; got.Text != preview[0].Text {
		t.Fatalf("the leader got %q, want %q", got.Text, preview[0].Text)
	}
	officer := newUser(t, srv, 901)
	wantText(t, officer.waitMessages(1)[0].Text, "Thông báo của Hội Người cao tuổi tỉnh Quảng Ninh\nNgười gửi: Lan Nguyen")
	latestAnnouncement(t, db)
	wantText(t, o.say("/announce"), "Received 2 · Waiting 0 · Blocked 0 · Unreachable 0")
}

// TestZaloOfficerAnnouncesToZaloLeaders: an officer on Zalo, where only
// text goes (a photo gets "please type"), announces to the leaders: one
// on Zalo receives the text, one outside Zalo's messaging window is
// counted unreachable.
func TestZaloOfficerAnnouncesToZaloLeaders(t *testing.T) {
	tg, fake := telegramtest.NewServer(t), zalotest.NewServer(t, nil)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	club := seedClub(t, db, "CLB Hoa Sen")
	addPerson(t, db, "Nguyễn Thị Lan", "vi", bot.RoleOfficer, bot.Scope{Kind: bot.ScopeProvince}, "zalo:z-officer")
	leader := bot.Scope{Kind: bot.ScopeClub, ClubID: &club}
	addPerson(t, db, "Bác Hùng", "vi", bot.RoleLeader, leader, "zalo:z-near")
	addPerson(t, db, "Bác Tâm", "vi", bot.RoleLeader, leader, "zalo:z-far")
	fake.FailUser("z-far", -230)
	hook := startZaloBot(t, tg, fake, dbPath)

	o := &zaloUser{t: t, fake: fake, hook: hook, id: "z-officer"}
	list := o.say("/announce")
	wantText(t, list, "Chưa có thông báo nào")
	wantText(t, list, "Bác gõ 1 để viết thông báo mới")
	wantText(t, o.say("1"), "Bác gõ nội dung thông báo")
	if status, _ := hook.Post(hook.Event("user_send_image", o.id, hook.NextMsgID(), "")); status != 200 {
		t.Fatalf("image: %d", status)
	}
	wantText(t, o.reply(), "gõ câu trả lời bằng chữ")
	wantText(t, o.say("Họp sơ kết quý lúc 8 giờ"), "Gửi cho ai?")
	if status, err := hook.Text(o.id, "1"); err != nil || status != 200 {
		t.Fatalf("audience: %d %v", status, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sent, err := fake.WaitSent(ctx, o.id, o.seen+2)
	if err != nil {
		t.Fatal(err)
	}
	o.seen = len(sent)
	wantText(t, sent[len(sent)-2], "Thông báo của Hội Người cao tuổi tỉnh Quảng Ninh\nNgười gửi: Nguyễn Thị Lan\n\nHọp sơ kết quý lúc 8 giờ")
	wantText(t, sent[len(sent)-1], "Chủ nhiệm các CLB – 2 người")
	wantText(t, o.say("1"), "Đã gửi thông báo đến 2 người")

	got, err := fake.WaitSent(ctx, "z-near", 1)
	if err != nil || got[0] != sent[len(sent)-2] {
		t.Fatalf("the Zalo leader got %q, %v; want the preview %q", got, err, sent[len(sent)-2])
	}
	a := latestAnnouncement(t, db)
	if want := (bot.AnnouncementCounts{Delivered: 1, Unreachable: 1}); a.Counts != want {
		t.Fatalf("counts %+v, want %+v", a.Counts, want)
	}
	wantText(t, o.say("/announce"), "Đã nhận 1 · Đang chờ 0 · Đã chặn tin 0 · Không liên lạc được 1")
	if far := fake.SentTo("z-far"); len(far) != 0 {
		t.Errorf("Zalo delivered %q outside the window", far)
	}
}
