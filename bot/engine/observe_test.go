package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// stepLog records what a StepObserver is told.
type stepLog struct {
	kinds  []string
	failed []bool
}

func (l *stepLog) StepHandled(kind string, _ time.Duration, err error) {
	l.kinds = append(l.kinds, kind)
	l.failed = append(l.failed, err != nil)
}

var _ bot.StepObserver = (*stepLog)(nil)

func TestTheEngineTellsItsObserverOfEveryEventHandled(t *testing.T) {
	h := newHarness(t)
	steps := &stepLog{}
	h.engine.Observer = steps
	h.say("1", "/start")
	h.send("1", bot.Inbound{Kind: bot.InputContact, Phone: "0987654321", OwnContact: true})
	h.say("1", h.invite(""))
	h.press("1", "💰 Báo cáo quỹ")
	h.send("1", bot.Inbound{Kind: bot.InputUnsupported})
	want := []string{bot.StepMessage, bot.StepContact, bot.StepMessage, bot.StepCallback, bot.StepOther}
	if len(steps.kinds) != len(want) {
		t.Fatalf("observed %v, want %v", steps.kinds, want)
	}
	for i := range want {
		if steps.kinds[i] != want[i] || steps.failed[i] {
			t.Errorf("event %d observed as %s (failed %v), want %s", i+1, steps.kinds[i], steps.failed[i], want[i])
		}
	}

	h.db.Close()
	in := bot.Inbound{Key: "test:closed", Channel: "test", ChatID: "1", ChannelUserID: "1", Kind: bot.InputText, Text: "x"}
	if err := h.engine.Handle(context.Background(), in); err == nil {
		t.Fatal("handling on a closed store succeeded")
	}
	if n := len(steps.failed); n != len(want)+1 || !steps.failed[n-1] {
		t.Errorf("a failed event was observed as %v", steps.failed)
	}
}
