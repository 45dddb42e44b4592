package engine_test

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
	// Each round a member of its own: one entered twice would be asked
	// about ("đã có…, vẫn thêm?").
	round := []string{"", "1", "", "3", "k", "k", "luu", "co"}
	families := []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"}
	given := []string{"Thị Hoa", "Văn An", "Thị Bình", "Văn Hải", "Thị Lan", "Văn Nam", "Thị Mai", "Văn Tư"}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		h.n++
		text, k := round[i%len(round)], i/len(round)
		switch i % len(round) {
		case 0: // 80 names and 70 years: 5,600 members of their own
			text = families[k%len(families)] + " " + given[(k/len(families))%len(given)]
		case 2:
			text = strconv.Itoa(1930 + (k/len(families)/len(given))%70)
		}
		in := bot.Inbound{Key: "b:" + strconv.Itoa(h.n), Channel: "test", ChatID: "1", ChannelUserID: "1",
			Kind: bot.InputText, Text: text}
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
