package main

// The kill test of issue 4: many leaders in dialogue at once while the
// bot is killed with SIGKILL again and again, and started again each time.

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
	"github.com/clubbot/clubbot/store/storetest"
)

// killTestSize is how big TestCrashManyDialogues is.
type killTestSize struct {
	chats     int // leaders chatting at once, each in a club of their own
	dialogues int // dialogues finished, at least
	kills     int // SIGKILLs, at least
	// The bot is killed after it sent a random number of messages (up to
	// maxGap) since it was started, and a random jitter (up to maxJitter):
	// a gap counted in work rather than time does as much between kills on
	// a slow machine as on a fast one.
	maxGap    int
	maxJitter time.Duration
}

// killSize is the default size, or CLUBBOT_KILLS kills with ten dialogues
// per kill.
func killSize(t *testing.T) killTestSize {
	t.Helper()
	size := killTestSize{chats: 60, dialogues: 500, kills: 50, maxGap: 200, maxJitter: 2 * time.Millisecond}
	if s := os.Getenv("CLUBBOT_KILLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CLUBBOT_KILLS=%q: want a number of kills", s)
		}
		size.kills, size.dialogues = n, 10*n
	}
	return size
}

// TestCrashManyDialogues runs leaders through member and fund dialogues
// while the bot is killed at random moments (SIGKILL, random gaps) and
// started again at once. Afterwards the database holds every member and
// fund report a leader saved exactly once, every dialogue went on at its
// question after each kill (each reply is checked, and a summary shows
// every answer, those given before a kill included), and no message was
// sent twice. No leader is left without the question they are at: a reply
// a kill caught between the sender's claim and its record is not sent
// again, but the restarted bot sends the restart notice followed by the
// question, unasked (the leaders never write /help), and no more such
// notices than the outbox has uncertain rows. CLUBBOT_CRASH_SEED replays a
// script; CLUBBOT_KILLS sets the number of kills (ten dialogues per kill).
func TestCrashManyDialogues(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	size := killSize(t)
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed^0x4b111))
	started := time.Now()

	b, leaders := newKillRig(t, size.chats, seed)
	ready := time.Now()
	kills, err := runKillTest(t, func() *childBot { return b }, leaders, size, rng)
	if err != nil {
		t.Fatal(err)
	}
	b.settle()
	b.stop()
	for _, k := range leaders {
		if err := k.finish(); err != nil {
			t.Error(err)
		}
	}
	f := checkKillTest(t, b, leaders)
	t.Logf("%d dialogues by %d leaders (%d members, %d fund reports), %d SIGKILLs, in %v (%v to build, seed and join); "+
		"%d leaders left without their question; %d uncertain in the outbox (%d caught by a kill between claim and mark, "+
		"%d of them before Telegram had them); after the restart notice, %d questions whose reply was lost, %d asked again",
		f.dialogues, len(leaders), f.members, f.funds, kills, time.Since(started).Round(time.Millisecond),
		ready.Sub(started).Round(time.Millisecond), f.waiting, f.uncertain, len(b.window), lostHits(b.window),
		f.recovered, f.repeated)
	if f.slowed > 0 {
		t.Logf("%d notices that a leader sent too fast", f.slowed)
	}
	if f.dialogues < size.dialogues || kills < size.kills {
		t.Errorf("%d dialogues and %d kills, want at least %d and %d", f.dialogues, kills, size.dialogues, size.kills)
	}
}

// TestCrashManyDialoguesOnTwoInstances is the kill test with a second
// instance of the bot on the same database: each SIGKILL hits the one that
// polls Telegram at that moment, which starts again as the other takes
// over. The checks are the kill test's: every save stored once, every
// reply the one expected, nothing sent twice but after the restart notice,
// no leader left without their question. Half the kill test's size.
func TestCrashManyDialoguesOnTwoInstances(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	size := killSize(t)
	size.kills, size.dialogues = max(size.kills/2, 1), max(size.dialogues/2, 1)
	seed := crashSeed(t)
	rng := rand.New(rand.NewPCG(seed, seed^0x2b2))
	b, leaders := newKillRig(t, size.chats, seed)
	other := newChildBot(t, b.bin, b.srv, b.dbPath, b.db)
	other.start()
	bots := []*childBot{b, other}
	kills, err := runKillTest(t, func() *childBot { return pollerOf(t, b.db, bots) }, leaders, size, rng)
	if err != nil {
		t.Fatal(err)
	}
	b.settle()
	for _, bot := range bots {
		bot.stop()
	}
	for _, k := range leaders {
		if err := k.finish(); err != nil {
			t.Error(err)
		}
	}
	f := checkKillTest(t, b, leaders)
	t.Logf("two instances: %d dialogues by %d leaders (%d members, %d fund reports), %d SIGKILLs of the poller; "+
		"%d leaders left without their question; %d uncertain in the outbox; after the restart notice, %d questions "+
		"whose reply was lost, %d asked again", f.dialogues, len(leaders), f.members, f.funds, kills, f.waiting,
		f.uncertain, f.recovered, f.repeated)
	if f.dialogues < size.dialogues || kills < size.kills {
		t.Errorf("%d dialogues and %d kills, want at least %d and %d", f.dialogues, kills, size.dialogues, size.kills)
	}
}

// newKillRig seeds a club and an invite per leader, starts the bot and
// has each leader join.
func newKillRig(t *testing.T, chats int, seed uint64) (*childBot, []*killLeader) {
	t.Helper()
	bin := buildClubbot(t)
	srv := telegramtest.NewServer(t)
	dbPath := storetest.Addr(t, filepath.Join(t.TempDir(), "clubbot.db"))
	db := openStore(t, dbPath)
	heard := new(atomic.Int64)
	leaders := make([]*killLeader, chats)
	codes := make([]string, chats)
	for i := range leaders {
		club := seedClub(t, db, fmt.Sprintf("CLB Hoa Sen %d", i+1))
		codes[i] = seedInvite(t, db, club)
		leaders[i] = newKillLeader(srv, int64(9000+i), club, seed, time.Minute, heard)
	}
	b := newChildBot(t, bin, srv, dbPath, db)
	b.start()
	for i, k := range leaders {
		srv.SendCommand(k.chat, k.user, "start", codes[i])
	}
	for i, k := range leaders {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		sent, err := srv.WaitSent(ctx, k.chat, 1)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		wantText(t, sent[0].Text, fmt.Sprintf("CLB Hoa Sen %d", i+1))
		k.seen = 1
	}
	b.settle()
	return b, leaders
}

// runKillTest runs the leaders and kills the bot at random moments until
// they have finished enough dialogues and it has been killed often enough.
// It returns the number of kills and the first leader's error.
func runKillTest(t *testing.T, victim func() *childBot, leaders []*killLeader, size killTestSize, rng *rand.Rand) (int, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var kills, begun atomic.Int64
	more := func() bool { return begun.Add(1) <= int64(size.dialogues) || kills.Load() < int64(size.kills) }
	var wg sync.WaitGroup
	errs := make(chan error, len(leaders))
	for _, k := range leaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := k.run(ctx, more); err != nil {
				errs <- err
				cancel()
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	defer func() { cancel(); <-done }()
	for waitForKill(leaders[0].heard, size, rng, done) {
		b := victim()
		b.checkAlive()
		b.crash()
		fmt.Fprintf(&b.logs, "=== SIGKILL %d\n", kills.Add(1))
	}
	select {
	case err := <-errs:
		return int(kills.Load()), err
	default:
		return int(kills.Load()), nil
	}
}

// waitForKill waits for a random moment to kill the bot: once the leaders
// have heard a random number of messages more (up to size.maxGap), then a
// random jitter. It returns false, at once, when done is closed.
func waitForKill(heard *atomic.Int64, size killTestSize, rng *rand.Rand, done <-chan struct{}) bool {
	gap, jitter := int64(rng.IntN(size.maxGap+1)), time.Duration(rng.Int64N(int64(size.maxJitter)))
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	for until := heard.Load() + gap; heard.Load() < until; {
		select {
		case <-done:
			return false
		case <-tick.C:
		}
	}
	time.Sleep(jitter)
	return true
}

// killFigures sums up the leaders' runs.
type killFigures struct {
	dialogues, members, funds, uncertain, slowed int
	waiting                                      int // leaders left without the question they are at
	recovered, repeated                          int // questions after the restart notice: their reply lost, or not
}

// checkKillTest checks what the database holds and what each leader got,
// and returns the figures.
func checkKillTest(t *testing.T, b *childBot, leaders []*killLeader) killFigures {
	t.Helper()
	uncertain := uncertainReplies(t, b.dbPath)
	funds := fundReports(t, b.dbPath)
	var f killFigures
	for _, k := range leaders {
		f.dialogues += k.dialogues
		f.members += len(k.members)
		f.funds += len(k.funds)
		f.slowed += k.slowed
		f.recovered += k.recovered
		f.repeated += k.repeated
		if k.lost > 0 {
			f.waiting++
		}
		f.uncertain += uncertain[k.chat]
		checkLeaderSaves(t, b, k, funds[k.club])
		checkLeaderReplies(t, k, uncertain[k.chat])
	}
	return f
}

// checkLeaderSaves checks that the club holds the members and fund reports
// its leader saved, each once, and that the leader was told of each save
// at most once.
func checkLeaderSaves(t *testing.T, b *childBot, k *killLeader, funds []fundEntry) {
	t.Helper()
	ms := b.members(k.club)
	if len(ms) != len(k.members) {
		t.Errorf("chat %d: the club holds %d members, its leader saved %d", k.chat, len(ms), len(k.members))
	}
	for _, want := range k.members {
		if m := wantOneMember(t, ms, want.name); !want.storedAs(m) {
			t.Errorf("chat %d: entered %+v, stored %+v", k.chat, want, m)
		}
		if n := countSent(b.srv, k.chat, "Đã lưu thành viên "+want.name+"."); n > 1 {
			t.Errorf("chat %d: the leader was told %d times that %s was saved", k.chat, n, want.name)
		}
	}
	sortFunds := func(fs []fundEntry) []fundEntry {
		fs = slices.Clone(fs)
		slices.SortFunc(fs, func(a, b fundEntry) int { return int(a.income - b.income) })
		return fs
	}
	if got, want := sortFunds(funds), sortFunds(k.funds); !slices.Equal(got, want) {
		t.Errorf("chat %d: the club holds the fund reports %v, its leader saved %v", k.chat, got, want)
	}
}

// checkLeaderReplies checks that every input of the leader got its reply
// or, after the restart notice, the question it leads to, and that the
// notices came only after a kill caught a reply of the chat: no more of
// them than the outbox marks uncertain. (Each message a leader got
// answered an input of theirs, a different one each, or asked again the
// question they were at: receive saw to that.)
func checkLeaderReplies(t *testing.T, k *killLeader, uncertain int) {
	t.Helper()
	if k.lost > 0 {
		t.Errorf("chat %d: %d replies never came, nor the question after them", k.chat, k.lost)
	}
	if n := k.recovered + k.repeated; n > uncertain {
		t.Errorf("chat %d: %d restart notices, and the outbox marks %d replies uncertain", k.chat, n, uncertain)
	}
}

// openRaw opens the database (an SQLite file or a PostgreSQL URL) for
// reading what the store has no method for.
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite3", "file:"+path+"?mode=ro"
	if strings.HasPrefix(path, "postgres://") {
		driver, dsn = "pgx", path
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fundReports returns the fund reports the database holds, by club.
func fundReports(t *testing.T, path string) map[int64][]fundEntry {
	t.Helper()
	rows, err := openRaw(t, path).Query(`SELECT club_id, income_fund, activity_fund, loans_outstanding FROM fund_reports`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64][]fundEntry{}
	for rows.Next() {
		var club int64
		var f fundEntry
		if err := rows.Scan(&club, &f.income, &f.activity, &f.loans); err != nil {
			t.Fatal(err)
		}
		out[club] = append(out[club], f)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// uncertainReplies counts, by chat, the replies of the outbox that a kill
// caught after the sender claimed them and before it recorded them sent:
// they may have reached the user or not, and are not sent again.
func uncertainReplies(t *testing.T, path string) map[int64]int {
	t.Helper()
	// No parameter: SQLite's and pgx's placeholders differ.
	rows, err := openRaw(t, path).Query(`SELECT chat_id, fail_reason FROM outbox WHERE fail_reason IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var chat int64
		var reason string
		if err := rows.Scan(&chat, &reason); err != nil {
			t.Fatal(err)
		}
		if reason == store.UncertainReason {
			out[chat]++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// lostHits counts the replies kills caught after their claim and before
// Telegram had them.
func lostHits(hits []windowHit) int {
	n := 0
	for _, h := range hits {
		if h.lost {
			n++
		}
	}
	return n
}
