package bot_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// BenchmarkEngineStep measures one dialogue step through the engine and a
// SQLite file, without a channel: record the event, handle it, send the
// reply from the outbox. It is the store's share of an end-to-end step.
//
//	go test -run '^$' -bench EngineStep ./bot/
func BenchmarkEngineStep(b *testing.B) {
	h := newHarness(b)
	h.onboard("1")
	h.say("1", "/member")
	round := []string{"Nguyễn Thị Hoa", "1", "1950", "3", "k", "k", "luu", "co"}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		h.n++
		in := bot.Inbound{Key: "b:" + strconv.Itoa(h.n), Channel: "test", ChatID: "1", ChannelUserID: "1",
			Kind: bot.InputText, Text: round[i%len(round)]}
		if _, err := h.db.RecordInbound(h.ctx, in, h.now); err != nil {
			b.Fatal(err)
		}
		if err := h.engine.Handle(h.ctx, in); err != nil {
			b.Fatal(err)
		}
		out, err := h.db.PendingOutbox(h.ctx, 10)
		if err != nil || len(out) != 1 {
			b.Fatalf("outbox %v %v", out, err)
		}
		if err := h.db.MarkSent(h.ctx, out[0].ID, h.now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "steps/s")
}
