package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/messages"
	"github.com/clubbot/clubbot/store"
)

// TestFailoverToASecondInstance runs two clubbot binaries on one database
// and one bot, as two instances of a deployment. Leaders are in the middle
// of a member dialogue when the instance that polls Telegram is killed
// with SIGKILL; the other takes the polling over within 15 s, and the
// lines the leaders send meanwhile wait at Telegram and are answered by
// it. The killed one comes back as a standby, and the next round kills the
// new poller. Every dialogue completes, each member is saved once, and no
// reply is lost or sent twice.
func TestFailoverToASecondInstance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	bin := buildClubbot(t)
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
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
	for _, step := range steps[:2] {
		poller := pollerOf(t, db, bots)
		poller.kill()
		killed := time.Now()
		for _, u := range leaders {
			wantText(t, u.say(step.say), step.want)
		}
		if took := time.Since(killed); took > 15*time.Second {
			t.Errorf("the other instance answered %v after the poller was killed, want within 15 s", took.Round(time.Millisecond))
		} else {
			t.Logf("the other instance answered %v after the poller was killed", took.Round(time.Millisecond))
		}
		poller.start() // back, standing by
		bots[0].settle()
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
		if n := countSent(srv, u.chat, messages.Plain(messages.VI, "restart.notice")); n != 0 {
			t.Errorf("leader %d got %d restart notices, want none: nothing was in hand", i, n)
		}
	}
}

// pollerOf returns the bot whose instance holds the polling lease.
func pollerOf(t *testing.T, db *store.DB, bots []*childBot) *childBot {
	t.Helper()
	ctx := context.Background()
	host, _ := os.Hostname()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		holder, err := db.LeaseHolder(ctx, store.PollLeaseName, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		local, err := db.InstancesOn(ctx, host)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range local {
			for _, b := range bots {
				if in.ID == holder && b.cmd != nil && b.cmd.Process.Pid == in.PID {
					return b
				}
			}
		}
	}
	t.Fatal("no running instance holds the polling lease")
	return nil
}
