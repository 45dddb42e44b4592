package main

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/engine"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/store/storetest"
)

// TestSurvivorsTellADeadInstancesChatsOnce has an instance die with a
// reply in hand; two surviving instances, on their own handles of the
// database, look for dead instances at the same moment: the reply is
// recorded uncertain and its chat gets the restart notice once.
func TestSurvivorsTellADeadInstancesChatsOnce(t *testing.T) {
	ctx := context.Background()
	clock := &movableClock{now: time.Date(2026, 12, 3, 9, 0, 0, 0, bot.Vietnam())}
	path := storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db"))
	dbs := []*store.DB{openStore(t, path, store.WithClock(clock.Now)), openStore(t, path, store.WithClock(clock.Now))}
	dead := dbs[0].Instance("dead")
	if err := dbs[0].Heartbeat(ctx, "dead", clock.Now()); err != nil {
		t.Fatal(err)
	}
	reply := []bot.Outgoing{{Channel: "telegram", ChatID: "501", Text: "Năm sinh?"}}
	if err := dbs[0].InTx(ctx, func(tx bot.Writer) error { return tx.Enqueue(ctx, reply, clock.Now()) }); err != nil {
		t.Fatal(err)
	}
	if err := dead.ClaimOutbox(ctx, reply[0].ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	clock.Set(clock.Now().Add(store.InstanceTTL + time.Second))
	log := slog.New(slog.DiscardHandler)
	var wg sync.WaitGroup
	for i, db := range dbs {
		e := engine.NewEngine(db, clock.Now, engine.Config{}, log)
		in := &instance{id: []string{"a", "b"}[i], db: db, engine: e, now: clock.Now, log: log}
		wg.Go(func() { in.recoverDead(ctx) })
	}
	wg.Wait()
	out, err := dbs[1].PendingOutbox(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var notices int
	for _, o := range out {
		if o.ChatID == "501" && strings.Contains(o.Text, "hệ thống vừa khởi động lại") {
			notices++
		}
	}
	if notices != 1 {
		t.Fatalf("%d restart notices queued for the dead instance's chat, want 1: %+v", notices, out)
	}
	if n, err := dbs[1].CountUncertain(ctx); err != nil || n != 1 {
		t.Fatalf("uncertain = %d, %v; want 1", n, err)
	}
}

// TestAKilledProcessOfThisHostIsTakenOverAtOnce records an instance for a
// process that has exited and one for this process: a starting instance
// records the first stopped, so that its lease is taken at once, and
// leaves the second alone.
func TestAKilledProcessOfThisHostIsTakenOverAtOnce(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, bot.Vietnam())
	db := openStore(t, storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db")), store.WithClock(func() time.Time { return now }))
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	for id, pid := range map[string]int{"gone": cmd.ProcessState.Pid(), "alive": os.Getpid()} {
		if err := db.StartInstance(ctx, id, host, pid, now); err != nil {
			t.Fatal(err)
		}
	}
	if ok, err := db.TakeLease(ctx, store.PollLeaseName, "gone", now, store.PollLeaseTTL); err != nil || !ok {
		t.Fatalf("take lease: %v, %v", ok, err)
	}
	e := engine.NewEngine(db, func() time.Time { return now }, engine.Config{}, slog.New(slog.DiscardHandler))
	self, err := startInstance(ctx, db, e, host, func() time.Time { return now }, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer self.close()
	live, err := db.LiveInstances(ctx, now)
	if err != nil || len(live) != 2 || !slices.Contains(live, "alive") || !slices.Contains(live, self.id) {
		t.Fatalf("live instances = %v, %v; want alive and the new one", live, err)
	}
	if ok, err := db.TakeLease(ctx, store.PollLeaseName, self.id, now, store.PollLeaseTTL); err != nil || !ok {
		t.Fatalf("the new instance cannot take the dead one's lease: %v, %v", ok, err)
	}
}

// TestAStoppedPollerHandsOverAtOnce runs two bots on one database and one
// Telegram bot; the first polls. Stopped as SIGTERM stops it, it releases
// the lease and records itself stopped, and the second answers the next
// message within a few seconds rather than after the lease's 10 s.
func TestAStoppedPollerHandsOverAtOnce(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db"))
	db := openStore(t, dbPath)
	code := seedInvite(t, db, seedClub(t, db, "CLB Hoa Sen"))
	ctx := context.Background()
	first := startBot(t, srv, dbPath)
	waitUntil(t, "the first bot polls", func() bool {
		holder, err := db.LeaseHolder(ctx, store.PollLeaseName, time.Now())
		return err == nil && holder != ""
	})
	holder, _ := db.LeaseHolder(ctx, store.PollLeaseName, time.Now())
	menus := srv.Calls("setMyCommands")
	startBot(t, srv, dbPath)
	waitUntil(t, "the second bot starts", func() bool { return srv.Calls("setMyCommands") >= 2*menus })
	time.Sleep(200 * time.Millisecond) // it found the lease taken
	u := newUser(t, srv, 601)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	stopping := time.Now()
	first.stop()
	if live, err := db.LiveInstances(ctx, time.Now()); err != nil || slices.Contains(live, holder) {
		t.Fatalf("live instances after the stop: %v, %v; want %s gone", live, err, holder)
	}
	wantText(t, u.say("/member"), "Họ và tên")
	t.Logf("the second bot answered %v after the first was told to stop", time.Since(stopping).Round(time.Millisecond))
	if took := time.Since(stopping); took > 5*time.Second {
		t.Errorf("the second bot answered %v after the first was told to stop, want within 5 s", took.Round(time.Millisecond))
	}
	if now, _ := db.LeaseHolder(ctx, store.PollLeaseName, time.Now()); now == holder || now == "" {
		t.Errorf("the lease is held by %q, want the second bot", now)
	}
}
