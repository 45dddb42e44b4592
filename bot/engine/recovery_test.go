package engine_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// sayCaught types line in chat as say does, but a crash catches its
// replies: the sender claims them and the process dies before it marks
// them. It returns their texts.
func (h *harness) sayCaught(channel, chat, line string) string {
	h.t.Helper()
	h.n++
	in := bot.Inbound{Key: fmt.Sprintf("test:%d", h.n), Channel: channel, ChatID: chat, ChannelUserID: chat,
		Kind: bot.InputText, Text: line, Typed: channel == "zalo"}
	if strings.HasPrefix(line, "/") {
		name, args, _ := strings.Cut(line[1:], " ")
		in.Kind, in.Command, in.Text = bot.InputCommand, name, args
	}
	if err := h.engine.Handle(h.ctx, in); err != nil {
		h.t.Fatalf("handle %+v: %v", in, err)
	}
	out, err := h.db.PendingOutbox(h.ctx, 100)
	if err != nil {
		h.t.Fatal(err)
	}
	var texts []string
	for _, o := range out {
		if err := h.db.ClaimOutbox(h.ctx, o.ID, h.now); err != nil {
			h.t.Fatal(err)
		}
		texts = append(texts, o.Text)
	}
	return strings.Join(texts, "\n---\n")
}

// restart does what serve does at start: the claims left are resolved,
// the lost replies recovered. It returns what the users are sent then, by
// chat, and keeps the last message with buttons for press.
func (h *harness) restart() map[string][]string {
	h.t.Helper()
	if _, err := h.db.ResolveClaims(h.ctx, h.now); err != nil {
		h.t.Fatal(err)
	}
	if _, err := h.engine.RecoverLostReplies(h.ctx, func(ch string) bool { return ch == "zalo" }); err != nil {
		h.t.Fatal(err)
	}
	out, err := h.db.PendingOutbox(h.ctx, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	sent := map[string][]string{}
	for _, o := range out {
		if err := h.db.MarkSent(h.ctx, o.ID, h.now); err != nil {
			h.t.Fatal(err)
		}
		sent[o.ChatID] = append(sent[o.ChatID], o.Text)
		if len(o.Buttons) > 0 {
			h.last[o.ChatID] = o
		}
	}
	return sent
}

// wantRecovered checks that chat, and no other, was sent one message at
// restart: the notice in lang, then question.
func wantRecovered(t *testing.T, sent map[string][]string, chat, lang, question string) {
	t.Helper()
	if len(sent) != 1 || len(sent[chat]) != 1 {
		t.Fatalf("at restart the bot sent %q, want one message to chat %s", sent, chat)
	}
	notice := messages.Plain(lang, "restart.notice")
	if got := sent[chat][0]; !strings.HasPrefix(got, notice+"\n\n") {
		t.Fatalf("at restart chat %s was sent:\n%s\nwant the notice %q first", chat, got, notice)
	}
	expect(t, sent[chat][0], question)
}

// wantNothing checks that nothing was sent at restart.
func wantNothing(t *testing.T, sent map[string][]string) {
	t.Helper()
	if len(sent) > 0 {
		t.Fatalf("at restart the bot sent %q, want nothing", sent)
	}
}

func TestALostQuestionComesAgainAfterTheNoticeOnce(t *testing.T) {
	for _, tc := range []struct {
		lang, question, next, no, save string
	}{
		{messages.VI, "Giới tính?", "Năm sinh", "k", "luu"},
		{messages.EN, "Gender?", "Year of birth", "no", "save"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newHarness(t)
			h.onboard("1")
			h.say("1", "/lang "+tc.lang)
			h.say("1", "/member")
			expect(t, h.sayCaught("test", "1", "Nguyễn Thị Hoa"), tc.question)
			wantRecovered(t, h.restart(), "1", tc.lang, tc.question)
			wantNothing(t, h.restart())
			// The question's buttons work, and the answers given before the
			// crash are kept.
			expect(t, h.press("1", messages.Plain(tc.lang, "gender.female")), tc.next)
			for _, a := range []string{"1950", "3", tc.no, tc.no} {
				h.say("1", a)
			}
			expect(t, h.say("1", tc.save), "Nguyễn Thị Hoa")
			if ms := h.members(); len(ms) != 1 || ms[0].FullName != "Nguyễn Thị Hoa" || ms[0].Gender != bot.Female {
				t.Errorf("saved %+v", ms)
			}
		})
	}
}

func TestALostLastReplyOfADialogueGivesTheNoticeAndTheMenu(t *testing.T) {
	for _, tc := range []struct{ lang, no, save, menu, member string }{
		{messages.VI, "k", "luu", "Bác muốn làm gì tiếp?", "➕ Thêm thành viên"},
		{messages.EN, "no", "save", "What next?", "➕ Add a member"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			h := newHarness(t)
			h.onboard("1")
			h.say("1", "/lang "+tc.lang)
			h.say("1", "/member")
			for _, a := range []string{"Nguyễn Thị Hoa", "1", "1950", "3", tc.no, tc.no, tc.save} {
				h.say("1", a)
			}
			h.sayCaught("test", "1", tc.no)
			wantRecovered(t, h.restart(), "1", tc.lang, tc.menu)
			wantNothing(t, h.restart())
			expect(t, h.press("1", tc.member), messages.Plain(tc.lang, "member.ask_name"))
		})
	}
}

func TestALostReplyThatWasAnsweredSinceIsNotRecovered(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.say("1", "/member")
	h.sayCaught("test", "1", "Nguyễn Thị Hoa")
	if _, err := h.db.ResolveClaims(h.ctx, h.now); err != nil {
		t.Fatal(err)
	}
	// The recovery did not run at that start: the leader wrote again and
	// was answered.
	expect(t, h.say("1", "/help"), "Giới tính?")
	wantNothing(t, h.restart())
}

func TestALostReplyOfAnExpiredDialogueIsNotRecovered(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.say("1", "/member")
	h.sayCaught("test", "1", "Nguyễn Thị Hoa")
	h.now = h.now.Add(25 * time.Hour)
	wantNothing(t, h.restart())
	expect(t, h.say("1", "1"), "chưa làm xong")
}

func TestALostBulkMessageIsNotRecovered(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.say("1", "/member")
	err := h.db.InTx(h.ctx, func(tx bot.Writer) error {
		return tx.Enqueue(h.ctx, []bot.Outgoing{{Channel: "test", ChatID: "1", Text: "Nhắc báo cáo quỹ", Bulk: true}}, h.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := h.db.PendingOutbox(h.ctx, 0)
	if err != nil || len(out) != 1 {
		t.Fatalf("pending %v, %v", out, err)
	}
	if err := h.db.ClaimOutbox(h.ctx, out[0].ID, h.now); err != nil {
		t.Fatal(err)
	}
	wantNothing(t, h.restart())
}

func TestALostReplyOnZaloIsAskedAgainInTypedWords(t *testing.T) {
	h := newHarness(t)
	expect(t, h.sayCaught("zalo", "7", "xin chao"), "mã mời")
	sent := h.restart()
	wantRecovered(t, sent, "7", messages.VI, messages.Plain(messages.VI, "onboard.ask_code.typed"))
	if strings.Contains(sent["7"][0], "bấm nút") {
		t.Errorf("a Zalo user is told to press a button:\n%s", sent["7"][0])
	}
}

func TestTwoChatsLostInOneCrashAreEachRecoveredOnce(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.say("1", "/member")
	h.sayCaught("test", "1", "Nguyễn Thị Hoa")
	h.sayCaught("test", "2", "xin chao")
	sent := h.restart()
	if len(sent["1"]) != 1 || len(sent["2"]) != 1 || len(sent) != 2 {
		t.Fatalf("at restart the bot sent %q, want one message to each of chats 1 and 2", sent)
	}
	expect(t, sent["1"][0], "Giới tính?")
	expect(t, sent["2"][0], "mã mời")
	wantNothing(t, h.restart())
}

func TestALostAreYouSureAsksTheQuestionAgain(t *testing.T) {
	h := newHarness(t)
	h.onboard("1")
	h.say("1", "/fund")
	expect(t, h.sayCaught("test", "1", "20"), "20.000.000")
	sent := h.restart()
	wantRecovered(t, sent, "1", messages.VI, "Quỹ tăng thu nhập")
	if strings.Contains(sent["1"][0], "20.000.000") {
		t.Errorf("the lost guess is asked about again:\n%s", sent["1"][0])
	}
	// The session agrees with the question shown: the guess is no longer
	// held for a yes or a no.
	s, err := h.db.Session(h.ctx, "test", "1")
	if err != nil {
		t.Fatal(err)
	}
	if v, held := s.Draft["_pending"]; held {
		t.Errorf("the session still holds the guess %q", v)
	}
	expect(t, h.say("1", "25tr"), "Quỹ hoạt động")
}
