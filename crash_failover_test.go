package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/messages"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/store/storetest"
)

// TestFailoverToASecondInstance runs two clubbot binaries on one database
// and one bot, as two instances of a deployment. Leaders are in the middle
// of a member dialogue when the instance that polls Telegram is killed
// with SIGKILL, idle; the other takes the polling over within 15 s, and
// the lines the leaders send meanwhile wait at Telegram and are answered
// by it. The killed one comes back as a standby, and the new poller is
// killed while the leaders' next lines are in its hands. Every dialogue
// completes, each member is saved once, and no reply is sent twice.
func TestFailoverToASecondInstance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	bin := buildClubbot(t)
	srv := telegramtest.NewServer(t)
	dbPath := storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db"))
	db := openStore(t, dbPath)
	bots := []*childBot{newChildBot(t, bin, srv, dbPath, db), newChildBot(t, bin, srv, dbPath, db)}
	var leaders []*tgUser
	var clubs []int64
	var codes []string
	for i := range 3 {
		club := seedClub(t, db, fmt.Sprintf("CLB Hoa Sen %d", i+1))
		clubs, codes = append(clubs, club), append(codes, seedInvite(t, db, club))
		leaders = append(leaders, newUser(t, srv, int64(700+i)))
	}
	for _, b := range bots {
		b.start()
	}
	for i, u := range leaders {
		wantText(t, u.say("/start "+codes[i]), "chủ nhiệm CLB Hoa Sen")
		sayEach(t, u, []exchange{{"/member", "Họ và tên"}, {"Nguyễn Thị Hoa", "Giới tính"}})
	}
	bots[0].settle()
	steps := []exchange{{"1", "Năm sinh"}, {"1950", "Hoàn cảnh"}, {"3", "dân tộc thiểu số"}, {"k", "tình nguyện viên"}}
	// A kill while nothing is in hand: the next lines wait at Telegram.
	poller := pollerOf(t, db, bots)
	poller.kill()
	killed := time.Now()
	for _, u := range leaders {
		wantText(t, u.say(steps[0].say), steps[0].want)
	}
	if took := time.Since(killed); took > 15*time.Second {
		t.Errorf("the other instance answered %v after the poller was killed, want within 15 s", took.Round(time.Millisecond))
	} else {
		t.Logf("the other instance answered %v after the poller was killed", took.Round(time.Millisecond))
	}
	poller.start() // back, standing by
	bots[0].settle()
	// A kill while the leaders' lines are in the poller's hands, as it
	// hands the second leader's reply to Telegram: that reply may have
	// arrived, so it is not sent again, and the restart notice with the
	// question follows; the lines it fetched and did not record come again
	// to the next poller, and those it recorded and did not handle are
	// handled by the other instance.
	poller = pollerOf(t, db, bots)
	second := strconv.FormatInt(leaders[1].chat, 10)
	restart := poller.killOnCall("sendMessage", func(form url.Values) bool { return form.Get("chat_id") == second })
	for _, u := range leaders {
		srv.SendText(u.chat, u.user, steps[1].say)
	}
	restart() // back, standing by or polling
	bots[0].settle()
	for i, u := range leaders {
		got := u.newMessages()
		wantText(t, got, steps[1].want)
		if i == 1 {
			wantText(t, got, messages.Plain(messages.VI, "restart.notice"))
		}
	}
	if n, err := db.CountUncertain(context.Background()); err != nil || n < 1 {
		t.Errorf("%d replies recorded uncertain (%v), want the kill to have caught one at least", n, err)
	} else {
		t.Logf("the kill caught %d replies in hand", n)
	}
	for _, u := range leaders {
		sayEach(t, u, append(steps[2:], exchange{"k", "Họ tên: Nguyễn Thị Hoa"}, exchange{"Lưu", "Đã lưu thành viên Nguyễn Thị Hoa"}))
	}
	bots[0].settle()
	for _, b := range bots {
		b.stop()
	}
	for i, u := range leaders {
		wantOneMember(t, bots[0].members(clubs[i]), "Nguyễn Thị Hoa")
		assertNoDuplicateReplies(t, srv, u.chat)
		if n := countSent(srv, u.chat, "Đã lưu thành viên Nguyễn Thị Hoa"); n != 1 {
			t.Errorf("leader %d was told %d times that the member was saved, want once", i, n)
		}
		if n := countSent(srv, u.chat, messages.Plain(messages.VI, "restart.notice")); n > 1 {
			t.Errorf("leader %d got %d restart notices, want at most one", i, n)
		}
	}
}

// pollerOf returns the bot whose instance holds the polling lease.
func pollerOf(t *testing.T, db *store.DB, bots []*childBot) *childBot {
	t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		holder, err := db.LeaseHolder(ctx, store.PollLeaseName, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bots {
			local, err := db.InstancesOn(ctx, b.host())
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range local {
				if in.ID == holder && b.cmd != nil && b.cmd.Process.Pid == in.PID {
					return b
				}
			}
		}
	}
	t.Fatal("no running instance holds the polling lease")
	return nil
}

// host returns the machine the bot's instance records itself on.
func (b *childBot) host() string {
	for _, kv := range b.env {
		if h, ok := strings.CutPrefix(kv, "CLUBBOT_HOST="); ok {
			return h
		}
	}
	h, _ := os.Hostname()
	return h
}

// TestFailoverAcrossMachines runs two clubbot binaries on one database as
// if on two machines (CLUBBOT_HOST), where neither can see whether the
// other's process still runs: when the poller is killed with SIGKILL in
// the middle of the leaders' dialogues, the other takes the polling over
// only once the lease has expired, within 15 s, and every dialogue
// completes with each member saved once and no reply sent twice.
func TestFailoverAcrossMachines(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	bin := buildClubbot(t)
	srv := telegramtest.NewServer(t)
	dbPath := storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db"))
	db := openStore(t, dbPath)
	var bots []*childBot
	for _, host := range []string{"machine-a", "machine-b"} {
		b := newChildBot(t, bin, srv, dbPath, db)
		b.env = []string{"CLUBBOT_HOST=" + host}
		bots = append(bots, b)
	}
	var leaders []*tgUser
	var clubs []int64
	for i := range 2 {
		club := seedClub(t, db, fmt.Sprintf("CLB Hoa Mai %d", i+1))
		clubs = append(clubs, club)
		u := newUser(t, srv, int64(800+i))
		leaders = append(leaders, u)
		if i == 0 {
			for _, b := range bots {
				b.start()
			}
		}
		wantText(t, u.say("/start "+seedInvite(t, db, club)), "chủ nhiệm CLB Hoa Mai")
		sayEach(t, u, []exchange{{"/member", "Họ và tên"}, {"Trần Văn Nam", "Giới tính"}})
	}
	bots[0].settle()
	poller := pollerOf(t, db, bots)
	poller.kill()
	killed := time.Now()
	for _, u := range leaders {
		wantText(t, u.say("2"), "Năm sinh")
	}
	took := time.Since(killed)
	t.Logf("the other machine answered %v after the poller was killed", took.Round(time.Millisecond))
	if took > 15*time.Second {
		t.Errorf("the other machine answered %v after the poller was killed, want within 15 s", took.Round(time.Millisecond))
	}
	for _, u := range leaders {
		sayEach(t, u, []exchange{{"1948", "Hoàn cảnh"}, {"3", "dân tộc thiểu số"}, {"k", "tình nguyện viên"},
			{"k", "Họ tên: Trần Văn Nam"}, {"Lưu", "Đã lưu thành viên Trần Văn Nam"}})
	}
	for _, b := range bots {
		b.stop()
	}
	for i, u := range leaders {
		wantOneMember(t, bots[0].members(clubs[i]), "Trần Văn Nam")
		assertNoDuplicateReplies(t, srv, u.chat)
	}
}
