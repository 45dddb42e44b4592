package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// TestRepliesSurviveFlakyTelegram has the fake answer one sendMessage in
// five with 429 (retry after a second) or 500, at random, while several
// leaders each enter a member through the real tgbotapi client: every
// reply still arrives, and arrives once.
func TestRepliesSurviveFlakyTelegram(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := store.Open(context.Background(), dbPath, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	club := seedClub(t, db, "CLB Hoa Sen")
	const leaders = 4
	codes := make([]string, leaders)
	for i := range codes {
		codes[i] = seedInvite(t, db, club)
	}
	db.Close()
	var mu sync.Mutex
	faults := map[int]int{}
	rng := rand.New(rand.NewPCG(4, 20))
	srv.SetFaultHook(func(method string, _ url.Values) *telegramtest.Fault {
		if !strings.EqualFold(method, "sendMessage") || rng.IntN(5) != 0 {
			return nil
		}
		mu.Lock()
		defer mu.Unlock()
		if rng.IntN(2) == 0 {
			faults[429]++
			return &telegramtest.Fault{Code: 429, RetryAfter: 1}
		}
		faults[500]++
		return &telegramtest.Fault{Code: 500}
	})
	startBot(t, srv, dbPath)
	users := make([]*tgUser, leaders)
	t.Run("dialogues", func(t *testing.T) {
		for i := range users {
			users[i] = newUser(t, srv, int64(300+i))
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				enterMemberThroughFaults(t, users[i], codes[i], fmt.Sprintf("Nguyễn Thị Hoa %c", 'A'+i))
			})
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if faults[429] == 0 || faults[500] == 0 {
		t.Fatalf("faults injected: %v; want some of each", faults)
	}
	for _, u := range users {
		assertNoDuplicateReplies(t, srv, u.chat)
		if n := len(srv.Sent(u.chat)); n != u.seen {
			t.Errorf("chat %d got %d messages after its dialogue, %d during it", u.chat, n, u.seen)
		}
	}
	t.Logf("faults injected: %v", faults)
}

// enterMemberThroughFaults runs a leader through joining and entering a
// member, checking each reply and that the confirmation came once.
func enterMemberThroughFaults(t *testing.T, u *tgUser, code, name string) {
	u.t = t
	steps := []exchange{{"/start " + code, "chủ nhiệm CLB Hoa Sen"}, {"/member", "Họ và tên"}, {name, "Giới tính"},
		{"1", "Năm sinh"}, {"1950", "Hoàn cảnh"}, {"3", "dân tộc thiểu số"}, {"k", "tình nguyện viên"},
		{"k", "Họ tên: " + name}, {"Lưu", "Đã lưu thành viên " + name}, {"không", "Cảm ơn"}}
	for _, s := range steps {
		got := u.say(s.say)
		wantText(t, got, s.want)
		if strings.Count(got, s.want) != 1 {
			t.Fatalf("after %q the user saw %q more than once:\n%s", s.say, s.want, got)
		}
	}
	if n := countSent(u.srv, u.chat, "Đã lưu thành viên "+name); n != 1 {
		t.Errorf("the user was told %d times that %s was saved, want 1", n, name)
	}
}
