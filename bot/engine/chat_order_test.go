package engine_test

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/store"
)

// memberDialogue is a leader's whole dialogue adding a member, typed.
var memberDialogue = []string{"/member", "Nguyễn Thị Hoa", "1", "1950", "3", "k", "k", "luu", "khong"}

// recordDialogue records lines as events of chat, as a poller would, and
// returns them in order.
func (h *harness) recordDialogue(chat string, lines []string) []bot.Inbound {
	var ins []bot.Inbound
	for _, line := range lines {
		h.n++
		in := bot.Inbound{Kind: bot.InputText, Text: line}
		if name, ok := strings.CutPrefix(line, "/"); ok {
			in = bot.Inbound{Kind: bot.InputCommand, Command: name}
		}
		in.Key, in.Channel, in.ChatID, in.ChannelUserID = fmt.Sprintf("test:%d", h.n), "test", chat, chat
		if _, err := h.db.RecordInbound(h.ctx, in, h.now); err != nil {
			h.t.Fatal(err)
		}
		ins = append(ins, in)
	}
	return ins
}

// chatTexts returns the texts queued for chat, in outbox order.
func (h *harness) chatTexts(chat string) []string {
	out, err := h.db.PendingOutbox(h.ctx, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	var texts []string
	for _, o := range out {
		if o.ChatID == chat {
			texts = append(texts, o.Text)
		}
	}
	return texts
}

// TestTwoProcessesHandleAChatInOrderAndOnce feeds one leader's dialogue to
// two engines, each on its own handle of one SQLite file as two serve
// processes would be: one takes the events in order, the other from the
// last back, at the same time. The chat gets the replies of the dialogue
// handled alone, in order and once, and the member is saved once.
func TestTwoProcessesHandleAChatInOrderAndOnce(t *testing.T) {
	alone := newHarness(t)
	alone.onboard("1")
	for _, in := range alone.recordDialogue("1", memberDialogue) {
		if err := alone.engine.Handle(alone.ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	want := alone.chatTexts("1")

	for round := 0; round < 3; round++ {
		h := newHarness(t)
		h.onboard("1")
		other, err := store.Open(h.ctx, h.path, store.WithClock(h.clock), store.WithLogger(nil))
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		second := engine.NewEngine(other, h.clock, engine.Config{}, slog.New(slog.DiscardHandler))
		ins := h.recordDialogue("1", memberDialogue)
		var wg sync.WaitGroup
		wg.Go(func() {
			for _, in := range ins {
				if err := h.engine.Handle(h.ctx, in); err != nil {
					t.Error(err)
				}
			}
		})
		wg.Go(func() {
			for i := len(ins) - 1; i >= 0; i-- {
				if err := second.Handle(h.ctx, ins[i]); err != nil {
					t.Error(err)
				}
			}
		})
		wg.Wait()
		got := h.chatTexts("1")
		if strings.Join(got, "\n~~~\n") != strings.Join(want, "\n~~~\n") {
			t.Fatalf("round %d: the chat got\n%s\nwant\n%s", round, strings.Join(got, "\n~~~\n"), strings.Join(want, "\n~~~\n"))
		}
		if ms := h.members(); len(ms) != 1 || ms[0].FullName != "Nguyễn Thị Hoa" || ms[0].BirthYear != 1950 {
			t.Fatalf("round %d: database holds %+v", round, ms)
		}
	}
}

// TestTheLastEventOfAChatBringsTheEarlierFirst records a whole dialogue as
// a process that then died would, and hands another process only its
// last event: every earlier one is handled first, in order.
func TestTheLastEventOfAChatBringsTheEarlierFirst(t *testing.T) {
	alone := newHarness(t)
	alone.onboard("1")
	for _, in := range alone.recordDialogue("1", memberDialogue) {
		if err := alone.engine.Handle(alone.ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	h := newHarness(t)
	h.onboard("1")
	ins := h.recordDialogue("1", memberDialogue)
	if err := h.engine.Handle(h.ctx, ins[len(ins)-1]); err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(h.chatTexts("1"), "\n~~~\n"), strings.Join(alone.chatTexts("1"), "\n~~~\n"); got != want {
		t.Fatalf("the chat got\n%s\nwant\n%s", got, want)
	}
	if ms := h.members(); len(ms) != 1 {
		t.Fatalf("database holds %+v", ms)
	}
}
