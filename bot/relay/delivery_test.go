package relay

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/clubbot/clubbot/bot"
)

// memDeliveries is an in-memory DeliveryStore.
type memDeliveries struct {
	recipients []bot.Recipient
	sessions   map[string]bot.Session
	done       map[bot.Delivery]bool
	queued     []bot.Outgoing
	// undelivered are the messages recorded as undelivered.
	undelivered []bot.Outgoing
}

func (m *memDeliveries) Recipients(context.Context, string) ([]bot.Recipient, error) {
	return m.recipients, nil
}

func (m *memDeliveries) Session(_ context.Context, channel, chatID string) (bot.Session, error) {
	if s, ok := m.sessions[channel+"/"+chatID]; ok {
		return s, nil
	}
	return bot.Session{}, bot.Errorf(bot.ENOTFOUND, "no session")
}

func (m *memDeliveries) Delivered(_ context.Context, d bot.Delivery) (bool, error) {
	return m.done[d], nil
}

func (m *memDeliveries) DeliverOnce(_ context.Context, d bot.Delivery, msgs []bot.Outgoing, _ time.Time) (bool, error) {
	if m.done[d] {
		return false, nil
	}
	m.done[d] = true
	m.queued = append(m.queued, msgs...)
	return true, nil
}

func (m *memDeliveries) DeliverUndelivered(_ context.Context, d bot.Delivery, msgs []bot.Outgoing, _ time.Time) (bool, error) {
	if m.done[d] {
		return false, nil
	}
	m.done[d] = true
	m.undelivered = append(m.undelivered, msgs...)
	return true, nil
}

// echoComposer sends one message naming the recipient and the day.
type echoComposer struct{}

func (echoComposer) Compose(_ context.Context, r bot.Recipient, asOf time.Time) ([]bot.Outgoing, error) {
	return []bot.Outgoing{{Channel: r.Channel, ChatID: r.ChatID, Text: fmt.Sprintf("digest %s", asOf.Format("02/01 15:04"))}}, nil
}

func TestDelivererSendsOncePerWeekAndWaitsForDialogues(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	schedule, err := cron.ParseStandard("30 7 * * 1") // Monday 07:30
	if err != nil {
		t.Fatal(err)
	}
	store := &memDeliveries{done: map[bot.Delivery]bool{}, sessions: map[string]bot.Session{}, recipients: []bot.Recipient{
		{User: bot.User{ID: 1}, Channel: "telegram", ChatID: "11"},
		{User: bot.User{ID: 2}, Channel: "telegram", ChatID: "22"},
	}}
	store.sessions["telegram/22"] = bot.Session{Flow: "member", Step: "year"} // in the middle of a dialogue
	var now time.Time
	d := &Deliverer{Kind: "digest", Store: store, Composer: echoComposer{}, Schedule: schedule, Period: bot.ISOWeek,
		Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler), Patience: 2 * time.Hour}
	steps := []struct {
		at   time.Time
		sent int
		why  string
	}{
		{time.Date(2025, 9, 1, 7, 0, 0, 0, vn), 0, "Monday before 07:30"},
		{time.Date(2025, 9, 1, 7, 30, 0, 0, vn), 1, "07:30: the idle officer gets it, the busy one waits"},
		{time.Date(2025, 9, 1, 8, 0, 0, 0, vn), 0, "still busy, and nobody gets it twice"},
		{time.Date(2025, 9, 1, 9, 30, 0, 0, vn), 1, "two hours passed: the busy officer gets it too"},
		{time.Date(2025, 9, 3, 12, 0, 0, 0, vn), 0, "later the same week: nothing"},
		{time.Date(2025, 9, 10, 18, 0, 0, 0, vn), 2, "the bot was down on Monday 8/9: sent when it runs again"},
	}
	for _, s := range steps {
		now = s.at
		n, err := d.Run(context.Background())
		if err != nil || n != s.sent {
			t.Fatalf("%s: sent %d (%v), want %d", s.why, n, err, s.sent)
		}
	}
	if len(store.queued) != 4 {
		t.Errorf("queued %d messages, want 4", len(store.queued))
	}
}

func TestDelivererKeepsToDaytime(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	schedule, err := cron.ParseStandard("0 19 25 * *") // the 25th at 19:00
	if err != nil {
		t.Fatal(err)
	}
	store := &memDeliveries{done: map[bot.Delivery]bool{}, sessions: map[string]bot.Session{
		"telegram/11": {Flow: "fund", Step: "income"},
	}, recipients: []bot.Recipient{{User: bot.User{ID: 1}, Channel: "telegram", ChatID: "11"}}}
	var now time.Time
	d := &Deliverer{Kind: "reminder", Store: store, Composer: echoComposer{}, Schedule: schedule, Period: bot.Month,
		Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler), Patience: 2 * time.Hour, Allowed: DaytimeOnly}
	for _, s := range []struct {
		at   time.Time
		sent int
	}{
		{time.Date(2025, 8, 25, 19, 0, 0, 0, vn), 0},  // busy in a dialogue
		{time.Date(2025, 8, 25, 21, 10, 0, 0, vn), 0}, // patience is over, but it is night
		{time.Date(2025, 8, 26, 7, 50, 0, 0, vn), 0},  // still night
		{time.Date(2025, 8, 26, 8, 0, 0, 0, vn), 1},   // morning
	} {
		now = s.at
		if n, err := d.Run(context.Background()); err != nil || n != s.sent {
			t.Fatalf("at %v: sent %d (%v), want %d", s.at, n, err, s.sent)
		}
	}
}

// deliveryCount counts what a DeliveryObserver is told, by kind.
type deliveryCount map[string]int

func (c deliveryCount) Delivered(kind string) { c[kind]++ }

// quietComposer has nothing to say to user 2, as a reminder has nothing
// to say to a club that reported.
type quietComposer struct{ echoComposer }

func (c quietComposer) Compose(ctx context.Context, r bot.Recipient, asOf time.Time) ([]bot.Outgoing, error) {
	if r.User.ID == 2 {
		return nil, nil
	}
	return c.echoComposer.Compose(ctx, r, asOf)
}

func TestDelivererTellsItsObserverOfWhatWentOut(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	schedule, err := cron.ParseStandard("0 9 25 * *")
	if err != nil {
		t.Fatal(err)
	}
	store := &memDeliveries{done: map[bot.Delivery]bool{}, sessions: map[string]bot.Session{}, recipients: []bot.Recipient{
		{User: bot.User{ID: 1}, Channel: "telegram", ChatID: "11"},
		{User: bot.User{ID: 2}, Channel: "telegram", ChatID: "22"},
		{User: bot.User{ID: 3}, Channel: "telegram", ChatID: "33"},
	}}
	seen := deliveryCount{}
	now := time.Date(2025, 9, 25, 9, 0, 0, 0, vn)
	d := &Deliverer{Kind: "reminder", Store: store, Composer: quietComposer{}, Schedule: schedule, Period: bot.Month,
		Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler), Observer: seen}
	for range 2 { // the second run sends nothing again
		if _, err := d.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if seen["reminder"] != 2 || len(seen) != 1 {
		t.Errorf("observed %v, want 2 reminders (user 2 had nothing to be reminded of)", seen)
	}
}

func TestDelivererPassesOverChannelsNotServed(t *testing.T) {
	schedule, err := cron.ParseStandard("0 9 25 * *")
	if err != nil {
		t.Fatal(err)
	}
	store := &memDeliveries{done: map[bot.Delivery]bool{}, sessions: map[string]bot.Session{}, recipients: []bot.Recipient{
		{User: bot.User{ID: 1}, Channel: "telegram", ChatID: "11"},
		{User: bot.User{ID: 2}, Channel: "zalo", ChatID: "z2"}, // Zalo only
		{User: bot.User{ID: 3}, Channel: "zalo", ChatID: "z3"}, // Zalo first, then Telegram
		{User: bot.User{ID: 3}, Channel: "telegram", ChatID: "33"},
	}}
	store.sessions["zalo/z2"] = bot.Session{Flow: "fund", Step: "income"} // not waited for: it cannot go out
	d := &Deliverer{Kind: "reminder", Store: store, Composer: echoComposer{}, Schedule: schedule, Period: bot.Month,
		Now: func() time.Time { return time.Date(2025, 9, 25, 9, 0, 0, 0, bot.Vietnam()) }, Log: slog.New(slog.DiscardHandler),
		Patience: 2 * time.Hour, Serves: func(ch string) bool { return ch == "telegram" }}
	for i, want := range []int{2, 0} {
		if n, err := d.Run(context.Background()); err != nil || n != want {
			t.Fatalf("run %d: sent %d (%v), want %d", i+1, n, err, want)
		}
	}
	var queued, undelivered []string
	for _, o := range store.queued {
		queued = append(queued, o.Channel+":"+o.ChatID)
	}
	for _, o := range store.undelivered {
		undelivered = append(undelivered, o.Channel+":"+o.ChatID)
	}
	if fmt.Sprint(queued) != "[telegram:11 telegram:33]" || fmt.Sprint(undelivered) != "[zalo:z2]" {
		t.Errorf("queued %v, undelivered %v; want [telegram:11 telegram:33] and [zalo:z2]", queued, undelivered)
	}
}

// TestDaytimeIsVietnamsAt2330UTC checks that a reminder waits for 08:00 in
// Vietnam, 01:00 UTC, whatever the server's zone.
func TestDaytimeIsVietnamsAt2330UTC(t *testing.T) {
	at := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) // 06:30 on 1 December in Vietnam
	if DaytimeOnly(at) || !DaytimeOnly(at.Add(2*time.Hour)) {
		t.Errorf("daytime at 06:30 %v, at 08:30 %v in Vietnam", DaytimeOnly(at), DaytimeOnly(at.Add(2*time.Hour)))
	}
}
