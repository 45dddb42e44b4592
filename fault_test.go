package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

// maxReplyWait is the longest a reply may wait, from its outbox row to
// Telegram accepting it, when one send in five fails: the sender's retry
// pauses (relay.RetryPause) keep it to about 10 s.
const maxReplyWait = 15 * time.Second

// TestRepliesSurviveFlakyTelegram has the fake answer one sendMessage in
// five with 429 (retry after a second) or 500, at random, while several
// leaders each enter a member through the real tgbotapi client: every
// reply still arrives, arrives once, and none waited over maxReplyWait.
func TestRepliesSurviveFlakyTelegram(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
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
	live := startBot(t, srv, dbPath)
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
	live.stop()
	mu.Lock()
	defer mu.Unlock()
	if faults[429] == 0 || faults[500] == 0 {
		t.Fatalf("faults injected: %v; want some of each", faults)
	}
	var waits []time.Duration
	for _, u := range users {
		assertNoDuplicateReplies(t, srv, u.chat)
		if n := len(srv.Sent(u.chat)); n != u.seen {
			t.Errorf("chat %d got %d messages after its dialogue, %d during it", u.chat, n, u.seen)
		}
		waits = append(waits, replyWaits(t, dbPath, srv, u.chat)...)
	}
	slowest := slices.Max(waits)
	t.Logf("faults injected: %v; slowest of %d replies waited %v from its outbox row to Telegram accepting it",
		faults, len(waits), slowest.Round(time.Millisecond))
	if slowest > maxReplyWait {
		t.Errorf("a reply waited %v, want at most %v", slowest, maxReplyWait)
	}
}

// replyWaits returns how long each message the outbox holds for chat
// waited, from when its row was written to when the fake Telegram accepted
// it (SentMessage.Date). The sender sends a chat's messages in order, one
// call each here, so the n-th row is the n-th message accepted.
func replyWaits(t *testing.T, dbPath string, srv *telegramtest.Server, chat int64) []time.Duration {
	t.Helper()
	rows, err := openRaw(t, dbPath).Query(`SELECT payload, created_at FROM outbox
		WHERE channel = 'telegram' AND chat_id = ? AND sent_at IS NOT NULL ORDER BY id`, fmt.Sprint(chat))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sent := srv.Sent(chat)
	var waits []time.Duration
	for i := 0; rows.Next(); i++ {
		var payload string
		var created time.Time
		var o bot.Outgoing
		if err := rows.Scan(&payload, &created); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(payload), &o); err != nil {
			t.Fatal(err)
		}
		if i >= len(sent) || sent[i].RawText != o.Text {
			t.Fatalf("chat %d: outbox row %d (%q) is not the message Telegram accepted in its place", chat, i+1, o.Text)
		}
		waits = append(waits, sent[i].Date.Sub(created))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(waits) != len(sent) {
		t.Fatalf("chat %d: %d messages sent, %d outbox rows marked sent", chat, len(sent), len(waits))
	}
	return waits
}

// enterMemberThroughFaults runs a leader through joining and entering a
// member, checking each reply and that the confirmation came once.
func enterMemberThroughFaults(t *testing.T, u *tgUser, code, name string) {
	u.t = t
	steps := []exchange{{"/start " + code, "chủ nhiệm CLB Hoa Sen"}, {"/member", "Họ và tên"}, {name, "Giới tính"},
		{"1", "Năm sinh"}, {"1950", "Hoàn cảnh"}, {"3", "dân tộc thiểu số"}, {"k", "tình nguyện viên"},
		{"k", "Họ tên: " + name}, {"Lưu", "Đã lưu thành viên " + name}, {"không", "Cảm ơn"}}
	for _, s := range steps {
		got := u.sayWithin(s.say, 2*maxReplyWait)
		wantText(t, got, s.want)
		if strings.Count(got, s.want) != 1 {
			t.Fatalf("after %q the user saw %q more than once:\n%s", s.say, s.want, got)
		}
	}
	if n := countSent(u.srv, u.chat, "Đã lưu thành viên "+name); n != 1 {
		t.Errorf("the user was told %d times that %s was saved, want 1", n, name)
	}
}

// sayWithin is say, waiting up to patience for the reply: longer than say
// does, so that a slow reply fails the test on its measured wait.
func (u *tgUser) sayWithin(line string, patience time.Duration) string {
	u.t.Helper()
	if name, args, ok := strings.Cut(line, " "); strings.HasPrefix(line, "/") {
		if !ok {
			name = line
		}
		u.srv.SendCommand(u.chat, u.user, name[1:], args)
	} else {
		u.srv.SendText(u.chat, u.user, line)
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	sent, err := u.srv.WaitSent(ctx, u.chat, u.seen+1)
	if err != nil {
		u.t.Fatalf("no reply within %v: %v", patience, err)
	}
	texts := make([]string, 0, len(sent)-u.seen)
	for _, m := range sent[u.seen:] {
		texts = append(texts, m.Text)
	}
	u.seen = len(sent)
	return strings.Join(texts, "\n---\n")
}
