package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// provinceTraffic is a year of a province's messages, as the bench sees it.
type provinceTraffic struct {
	Users          int // leaders and officers chatting
	DailyDialogues int // dialogues a day, each with a different user
	DialogueLen    int // messages of a user in a dialogue, each with a reply
	Officers       int // weekly digest recipients: text, chart, spreadsheet
	Leaders        int // monthly reminder recipients
	ChartBytes     int // the digest's chart (PNG)
	SheetBytes     int // the digest's spreadsheet (xlsx, 200 clubs)
}

var province = provinceTraffic{Users: 300, DailyDialogues: 100, DialogueLen: 10, Officers: 30, Leaders: 200,
	ChartBytes: 40_000, SheetBytes: 25_000}

// BenchmarkYearOfProvinceTraffic runs a year of a province's traffic
// through the inbound log, the outbox and the deliveries, day by day on a
// moved clock, pruning at the end of each day as serve does, and reports
// the database file's size at the end of each quarter (after a
// checkpoint): SQLite reuses the pages the pruning frees, so the file
// stops growing once the first retention period has passed. Domain data
// (members, fund reports, the audit log) is not written: it is kept.
// ms/batch_max is the mean time of a pruning transaction on the day whose
// pruning took longest per batch.
func BenchmarkYearOfProvinceTraffic(b *testing.B) {
	for b.Loop() {
		runYear(b)
	}
}

// runYear simulates 365 days and reports the quarters' sizes.
func runYear(b *testing.B) {
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(b.TempDir(), "clubbot.db"), WithLogger(nil))
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	sim := newYearSim(b, d)
	var quarters []fileStats
	var longest time.Duration
	var pruned Pruned
	for day := range 365 {
		now := time.Date(2025, 1, 1, 8, 0, 0, 0, bot.Vietnam()).AddDate(0, 0, day)
		sim.day(now)
		started := time.Now()
		p, err := d.Prune(ctx, now.Add(14*time.Hour), DefaultOutboxRetention)
		if err != nil {
			b.Fatal(err)
		}
		longest = max(longest, time.Since(started)/time.Duration(max(p.Batches, 1)))
		pruned.Inbound, pruned.Outbox, pruned.Deliveries = pruned.Inbound+p.Inbound, pruned.Outbox+p.Outbox, pruned.Deliveries+p.Deliveries
		pruned.Batches += p.Batches
		if (day+1)%91 == 0 && day < 300 || day == 364 {
			quarters = append(quarters, sim.stats())
		}
	}
	mb := func(f fileStats) float64 { return float64(f.Bytes()) / (1 << 20) }
	for i, q := range quarters {
		b.ReportMetric(mb(q), fmt.Sprintf("MB_q%d", i+1))
	}
	last := quarters[len(quarters)-1]
	b.ReportMetric(mb(last)/mb(quarters[0]), "q4/q1")
	if mb(last) > 1.05*mb(quarters[0]) {
		b.Errorf("the file grew from %.2f MB after the first quarter to %.2f MB after the year", mb(quarters[0]), mb(last))
	}
	b.ReportMetric(float64(last.Pages), "pages")
	b.ReportMetric(float64(last.FreePages), "free_pages")
	b.ReportMetric(float64(pruned.Total()), "rows_pruned")
	b.ReportMetric(float64(longest.Microseconds())/1000, "ms/batch_max")
	b.Logf("quarters %+v; pruned %+v; inbound %d, outbox %d rows at the end", quarters, pruned,
		sim.count("inbound"), sim.count("outbox"))
}

// yearSim writes a province's days into a database.
type yearSim struct {
	b        *testing.B
	d        *DB
	rnd      *rand.ChaCha8
	updateID int
	users    []int64
	dialogue int // dialogues so far, to pick the next user
}

func newYearSim(b *testing.B, d *DB) *yearSim {
	s := &yearSim{b: b, d: d, rnd: rand.NewChaCha8([32]byte{1})}
	for i := range province.Officers + province.Leaders {
		u := bot.User{Name: fmt.Sprintf("Người %d", i), Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince}}
		if err := d.CreateUser(context.Background(), &u); err != nil {
			b.Fatal(err)
		}
		s.users = append(s.users, u.ID)
	}
	return s
}

// day writes one day: the dialogues from 08:00, the digest on Mondays and
// the reminder on the 25th.
func (s *yearSim) day(now time.Time) {
	s.dialogues(now)
	if now.Weekday() == time.Monday {
		period, _ := bot.ISOWeek(now)
		for i := range province.Officers {
			s.deliver(i, "digest", period, s.digest(fmt.Sprint(500+i)), now)
		}
	}
	if now.Day() == 25 {
		period, _ := bot.Month(now)
		for i := range province.Leaders {
			msg := bot.Outgoing{Channel: "telegram", ChatID: fmt.Sprint(1000 + i), Lang: "vi",
				Text:    "Bác ơi, CLB chưa báo cáo quỹ tháng này. Bác bấm nút bên dưới để báo cáo.",
				Buttons: [][]bot.Button{{{Label: "💰 Báo cáo quỹ", Data: "fund"}}}}
			s.deliver(province.Officers+i, "reminder", period, []bot.Outgoing{msg}, now.Add(time.Hour))
		}
	}
}

// dialogues records the day's messages, handles each with a reply and
// marks the replies sent, as the intake, the engine and the sender do; one
// transaction for each, for the whole day, to keep the bench short (the
// rows, and so the file, are the same).
func (s *yearSim) dialogues(now time.Time) {
	ctx := context.Background()
	var ins []bot.Inbound
	for range province.DailyDialogues {
		chat := fmt.Sprint(1000 + s.dialogue%province.Users)
		s.dialogue++
		for range province.DialogueLen {
			s.updateID++
			ins = append(ins, bot.Inbound{Key: fmt.Sprintf("telegram:%d", s.updateID), Channel: "telegram", ChatID: chat,
				ChannelUserID: chat, Kind: bot.InputText, Text: "Nguyen Van An"})
		}
	}
	if _, err := s.d.RecordInbounds(ctx, ins, now); err != nil {
		s.b.Fatal(err)
	}
	out := make([]bot.Outgoing, len(ins))
	err := s.d.inTx(ctx, func(t *Tx) error {
		for i, in := range ins {
			at := now.Add(time.Duration(i) * time.Second)
			if _, err := t.MarkInboundDone(ctx, in.Key, at); err != nil {
				return err
			}
			out[i] = bot.Outgoing{Channel: "telegram", ChatID: in.ChatID, Lang: "vi",
				Text:    "Bác chọn giới tính của <b>Nguyễn Văn An</b>:",
				Buttons: [][]bot.Button{{{Label: "Nữ", Data: "s:12:f"}, {Label: "Nam", Data: "s:12:m"}}, {{Label: "◀ Quay lại", Data: "back"}}}}
			if err := t.Enqueue(ctx, out[i:i+1], at); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.b.Fatal(err)
	}
	s.markSent(out, now.Add(time.Duration(len(ins))*time.Second))
}

// digest is an officer's weekly digest: its text, chart and spreadsheet.
func (s *yearSim) digest(chat string) []bot.Outgoing {
	file := func(kind bot.FileKind, name string, n int) *bot.File {
		data := make([]byte, n)
		s.rnd.Read(data) // compressed formats do not compress again
		return &bot.File{Kind: kind, Name: name, Data: data}
	}
	text := fmt.Sprintf("<b>Tình hình tuần</b>\n%0*d", 1500, 0)
	return []bot.Outgoing{{Channel: "telegram", ChatID: chat, Text: text},
		{Channel: "telegram", ChatID: chat, Text: "Tiến độ", File: file(bot.FilePhoto, "tien-do.png", province.ChartBytes)},
		{Channel: "telegram", ChatID: chat, Text: "Danh sách CLB", File: file(bot.FileDocument, "clb.xlsx", province.SheetBytes)}}
}

// deliver records a scheduled sending to user i and marks it sent.
func (s *yearSim) deliver(i int, kind, period string, msgs []bot.Outgoing, at time.Time) {
	del := bot.Delivery{UserID: s.users[i], Kind: kind, Period: period}
	if _, err := s.d.DeliverOnce(context.Background(), del, msgs, at); err != nil {
		s.b.Fatal(err)
	}
	s.markSent(msgs, at.Add(time.Minute))
}

// markSent marks the messages sent, in one transaction.
func (s *yearSim) markSent(out []bot.Outgoing, at time.Time) {
	ctx := context.Background()
	err := s.d.inTx(ctx, func(t *Tx) error {
		for _, o := range out {
			if _, err := t.stmt(ctx, "markSent").ExecContext(ctx, toDB(at), o.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		s.b.Fatal(err)
	}
}

// stats checkpoints the log into the file and reads its page counts.
func (s *yearSim) stats() fileStats {
	ctx := context.Background()
	if err := s.d.checkpoint(ctx); err != nil {
		s.b.Fatal(err)
	}
	f, err := s.d.fileStats(ctx)
	if err != nil {
		s.b.Fatal(err)
	}
	return f
}

// count counts a table's rows.
func (s *yearSim) count(table string) int {
	var n int
	if err := s.d.sql.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		s.b.Fatal(err)
	}
	return n
}

// fileStats is the size of the database file in pages, and how many of
// them are free for reuse.
type fileStats struct {
	PageSize  int64
	Pages     int64
	FreePages int64
}

// Bytes is the file's size.
func (f fileStats) Bytes() int64 { return f.PageSize * f.Pages }

// fileStats reads the database file's page counts. The write-ahead log is
// not counted: a checkpoint moves it into the file.
func (d *DB) fileStats(ctx context.Context) (fileStats, error) {
	var f fileStats
	for _, q := range []struct {
		pragma string
		into   *int64
	}{{"page_size", &f.PageSize}, {"page_count", &f.Pages}, {"freelist_count", &f.FreePages}} {
		if err := d.sql.QueryRowContext(ctx, "PRAGMA "+q.pragma).Scan(q.into); err != nil {
			return f, wrapErr("file stats", err)
		}
	}
	return f, nil
}

// checkpoint moves the write-ahead log into the database file and empties
// the log, so that the file holds everything.
func (d *DB) checkpoint(ctx context.Context) error {
	_, err := d.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return wrapErr("checkpoint", err)
}
