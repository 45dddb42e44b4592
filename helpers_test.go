package main

// Helpers shared by the root package's tests: a database to seed, the bot
// running in the test process against fake Telegram and Zalo servers, the
// people who chat with it, a clock a test moves, captured logs, and the
// checks of what a user saw.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
	"github.com/clubbot/clubbot/store"
)

// openStore opens the database at path without logging, with opts, and
// closes it when the test ends.
func openStore(t testing.TB, path string, opts ...store.Option) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path, append([]store.Option{store.WithLogger(nil)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// movableClock is a clock a test moves forward.
type movableClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now is the time the clock is set to.
func (c *movableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *movableClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// seedClub creates a club in phường Móng Cái 1 and returns its id.
func seedClub(t testing.TB, db *store.DB, name string) int64 {
	t.Helper()
	ctx := context.Background()
	unit, err := db.UnitByName(ctx, bot.LevelCommune, "Móng Cái 1")
	if err != nil {
		t.Fatal(err)
	}
	club := bot.Club{Name: name, UnitID: unit.ID, FoundedOn: clock().AddDate(-1, 0, 0), Status: bot.ClubActive, StartingFund: 20_000_000}
	if err := db.CreateClub(ctx, &club, 0, clock()); err != nil {
		t.Fatal(err)
	}
	return club.ID
}

// seedInvite creates a leader invite for the club and returns its code.
func seedInvite(t testing.TB, db *store.DB, clubID int64) string {
	t.Helper()
	return seedInviteAs(t, db, bot.RoleLeader, bot.Scope{Kind: bot.ScopeClub, ClubID: &clubID})
}

// seedOfficerInvite creates a provincial officer's invite and returns its code.
func seedOfficerInvite(t testing.TB, db *store.DB) string {
	t.Helper()
	return seedInviteAs(t, db, bot.RoleOfficer, bot.Scope{Kind: bot.ScopeProvince})
}

// seedInviteAs creates an invite for a role and scope, valid for a day,
// and returns its code.
func seedInviteAs(t testing.TB, db *store.DB, role bot.Role, scope bot.Scope) string {
	t.Helper()
	code, hash, err := bot.NewInviteCode()
	if err != nil {
		t.Fatal(err)
	}
	inv := bot.Invite{CodeHash: hash, Role: role, Scope: scope, ExpiresAt: clock().Add(24 * time.Hour)}
	if err := db.CreateInvite(context.Background(), &inv); err != nil {
		t.Fatal(err)
	}
	return code
}

// seedMembersAndFund gives the club n members and a fund report a month
// old: 20tr, 2tr, loans 18tr, 12 members with loans.
func seedMembersAndFund(t testing.TB, db *store.DB, clubID int64, n int) {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, func(tx bot.Writer) error {
		for i := range n {
			m := bot.Member{ClubID: clubID, FullName: fmt.Sprintf("Thành viên %d", i+1), Gender: bot.Female,
				BirthYear: 1950 + i, Household: bot.HouseholdNeither, JoinedOn: clock().AddDate(0, -6, 0)}
			if err := tx.AddMember(ctx, &m, 0, clock()); err != nil {
				return err
			}
		}
		r := bot.FundReport{ClubID: clubID, AsOf: clock().AddDate(0, -1, 0), IncomeFund: 20_000_000,
			ActivityFund: 2_000_000, LoansOutstanding: 18_000_000, MembersWithLoans: 12}
		return tx.AddFundReport(ctx, &r, 0, clock())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// addUser stores a user with a role and the channel accounts given as
// "channel:id", and returns the user's id.
func addUser(t *testing.T, db *store.DB, role bot.Role, accounts ...string) int64 {
	t.Helper()
	ctx := context.Background()
	u := bot.User{Name: "Cán bộ " + accounts[0], Role: role, Scope: bot.Scope{Kind: bot.ScopeProvince}}
	if err := db.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		channel, id, _ := strings.Cut(a, ":")
		if err := db.AddAccount(ctx, bot.Account{Channel: channel, ChannelUserID: id, UserID: u.ID}); err != nil {
			t.Fatalf("account %s: %v", a, err)
		}
	}
	return u.ID
}

// liveBot is `clubbot serve` running in the test process against a fake
// Bot API server, through the real tgbotapi client.
type liveBot struct {
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// startBot starts the bot on the real clock against srv, with no schedules.
func startBot(t testing.TB, srv *telegramtest.Server, dbPath string) *liveBot {
	t.Helper()
	// No schedules: on the real clock a reminder may be due whenever the
	// test runs.
	return startBotAt(t, srv, dbPath, clock, scheduleConfig{Off: true})
}

// startBotAt starts the bot with the clock now and the given schedules.
func startBotAt(t testing.TB, srv *telegramtest.Server, dbPath string, now func() time.Time, sched scheduleConfig) *liveBot {
	t.Helper()
	cfg := testServeConfig(dbPath)
	cfg.scheduleConfig, cfg.Token, cfg.APIEndpoint = sched, srv.Token(), srv.Endpoint()
	return startServe(t, cfg, now)
}

// testServeConfig is what every bot a test starts runs with: the database
// at dbPath, no channel, no schedules, 64 workers.
func testServeConfig(dbPath string) serveConfig {
	return serveConfig{config: config{DB: dbPath, OlderAge: 60, ReminderDay: 25, SessionTTL: 24 * time.Hour},
		scheduleConfig: scheduleConfig{Off: true}, PollTimeout: 10 * time.Second, Workers: 64}
}

// startServe runs serve with cfg and the clock now in the test process,
// its logs discarded, until the test ends or the bot is stopped.
func startServe(t testing.TB, cfg serveConfig, now func() time.Time) *liveBot {
	ctx, cancel := context.WithCancel(context.Background())
	b := &liveBot{cancel: cancel, done: make(chan error, 1)}
	go func() { b.done <- serve(ctx, cfg, slog.New(slog.DiscardHandler), now) }()
	t.Cleanup(b.stop)
	return b
}

// stop ends the bot and waits for it, like SIGTERM would.
func (b *liveBot) stop() {
	b.once.Do(func() {
		b.cancel()
		<-b.done
	})
}

// zaloOASecret is the OA secret key the fake Zalo webhook signs with.
const zaloOASecret = "oa-secret-key"

// startZaloBot runs `clubbot serve` with both channels: Telegram on a fake
// Bot API (none when tg is nil) and Zalo on a fake OA API, its webhook on a
// free port. It returns the webhook poster.
func startZaloBot(t testing.TB, tg *telegramtest.Server, fake *zalotest.Server, dbPath string) *zalotest.Webhook {
	t.Helper()
	addr := make(chan string, 1)
	cfg := testServeConfig(dbPath)
	cfg.zaloConfig = zaloConfig{ZaloListen: "127.0.0.1:0", ZaloPath: "/zalo/webhook", ZaloAppID: fake.AppID,
		ZaloAppSecret: fake.AppSecret, ZaloOASecret: zaloOASecret, ZaloRefresh: fake.RefreshToken(),
		ZaloAPIBase: fake.URL, ZaloOAuthBase: fake.URL, zaloListening: func(a string) { addr <- a }}
	if tg != nil {
		cfg.Token, cfg.APIEndpoint = tg.Token(), tg.Endpoint()
	}
	b := startServe(t, cfg, clock)
	select {
	case a := <-addr:
		return &zalotest.Webhook{URL: "http://" + a + "/zalo/webhook", AppID: fake.AppID, OASecretKey: zaloOASecret}
	case err := <-b.done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the Zalo webhook never listened")
	}
	return nil
}

// tgUser is a person chatting with the bot through the fake server.
type tgUser struct {
	t    testing.TB
	srv  *telegramtest.Server
	chat int64
	user telegramtest.User
	seen int // messages received so far
}

// newUser is a Vietnamese-speaking Telegram user whose id is also the
// chat's.
func newUser(t testing.TB, srv *telegramtest.Server, id int64) *tgUser {
	return &tgUser{t: t, srv: srv, chat: id, user: telegramtest.User{ID: id, FirstName: "Lan", LanguageCode: "vi"}}
}

// say sends a line (a command if it starts with a slash) and returns the
// text of the reply.
func (u *tgUser) say(line string) string {
	u.t.Helper()
	if strings.HasPrefix(line, "/") {
		name, args, _ := strings.Cut(line[1:], " ")
		u.srv.SendCommand(u.chat, u.user, name, args)
	} else {
		u.srv.SendText(u.chat, u.user, line)
	}
	return u.reply()
}

// press presses a button of the newest message that has it.
func (u *tgUser) press(label string) string {
	u.t.Helper()
	if _, err := u.srv.Press(u.chat, label); err != nil {
		u.t.Fatal(err)
	}
	return u.reply()
}

// reply waits for the next message and returns its text.
func (u *tgUser) reply() string {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sent, err := u.srv.WaitSent(ctx, u.chat, u.seen+1)
	if err != nil {
		u.t.Fatalf("no reply: %v", err)
	}
	texts := make([]string, 0, len(sent)-u.seen)
	for _, m := range sent[u.seen:] {
		texts = append(texts, m.Text)
	}
	u.seen = len(sent)
	return strings.Join(texts, "\n---\n")
}

// zaloUser is a person writing to the OA through signed webhook events.
type zaloUser struct {
	t    testing.TB
	fake *zalotest.Server
	hook *zalotest.Webhook
	id   string
	seen int
}

// say posts a text event and returns the text of the replies.
func (u *zaloUser) say(text string) string {
	u.t.Helper()
	if status, err := u.hook.Text(u.id, text); err != nil || status != http.StatusOK {
		u.t.Fatalf("webhook answered %d, %v", status, err)
	}
	return u.reply()
}

// reply waits for the next message and returns the texts sent since the
// last reply.
func (u *zaloUser) reply() string {
	u.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sent, err := u.fake.WaitSent(ctx, u.id, u.seen+1)
	if err != nil {
		u.t.Fatalf("no reply: %v", err)
	}
	texts := sent[u.seen:]
	u.seen = len(sent)
	return strings.Join(texts, "\n---\n")
}

// wantText fails the test now when what the user saw lacks want.
func wantText(t testing.TB, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("the user saw:\n%s\nwhich lacks %q", got, want)
	}
}

// assertNoDuplicateReplies fails if the same message was sent twice in a
// row, the mark of an event handled twice.
func assertNoDuplicateReplies(t testing.TB, srv *telegramtest.Server, chat int64) {
	t.Helper()
	assertNoDuplicateRepliesBut(t, srv, chat, nil)
}

// assertNoDuplicateRepliesBut is assertNoDuplicateReplies, except for the
// messages (by index) that a crash caught delivered but not yet marked
// sent: the outbox sends those at least once, so they may come twice.
func assertNoDuplicateRepliesBut(t testing.TB, srv *telegramtest.Server, chat int64, resent map[int]bool) {
	t.Helper()
	sent := srv.Sent(chat)
	for i := 1; i < len(sent); i++ {
		if sent[i].RawText == sent[i-1].RawText && fmt.Sprint(sent[i].Buttons) == fmt.Sprint(sent[i-1].Buttons) && !resent[i-1] {
			t.Errorf("message %d repeats message %d: %q", i, i-1, sent[i].Text)
		}
	}
}

// wantNoButtonWords fails when a message for a channel without buttons
// speaks of them, in Vietnamese or English.
func wantNoButtonWords(t testing.TB, got string) {
	t.Helper()
	lower := strings.ToLower(got)
	for _, w := range []string{"nút", "bấm", "button", "press", "tap "} {
		if strings.Contains(lower, w) {
			t.Errorf("a Zalo user reads %q, which speaks of buttons (%q)", got, w)
		}
	}
}

// countSent counts the messages sent to chat whose text contains s.
func countSent(srv *telegramtest.Server, chat int64, s string) int {
	n := 0
	for _, m := range srv.Sent(chat) {
		if strings.Contains(m.Text, s) {
			n++
		}
	}
	return n
}

// wantOneMember checks that the database holds exactly one active member
// named name, and returns it.
func wantOneMember(t *testing.T, ms []bot.Member, name string) bot.Member {
	t.Helper()
	var found []bot.Member
	for _, m := range ms {
		if m.FullName == name {
			found = append(found, m)
		}
	}
	if len(found) != 1 {
		t.Fatalf("the database holds %d members named %q, want 1: %+v", len(found), name, ms)
	}
	return found[0]
}

// waitUntil polls cond for up to 10 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
	}
}

// logBuffer collects what a command logs, safely for concurrent writers.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

// newLogBuffer returns an empty logBuffer.
func newLogBuffer() *logBuffer { return &logBuffer{changed: make(chan struct{})} }

// Write appends p and wakes those waiting for a record.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	close(b.changed)
	b.changed = make(chan struct{})
	return b.buf.Write(p)
}

// String is everything logged so far.
func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// records are the JSON records logged so far; a line that is not JSON
// fails the test.
func (b *logBuffer) records(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("a log line is not JSON: %q", sc.Text())
		}
		out = append(out, rec)
	}
	return out
}

// waitFor waits for a record with the message msg and returns it.
func (b *logBuffer) waitFor(t testing.TB, msg string) map[string]any {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		b.mu.Lock()
		ch := b.changed
		b.mu.Unlock()
		for _, rec := range b.records(t) {
			if rec["msg"] == msg {
				return rec
			}
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("nothing logged as %q in:\n%s", msg, b.String())
		}
	}
}

// runServe runs `clubbot serve` with args and env, its logs in the
// returned buffer, until the test ends or stop is called.
func runServe(t testing.TB, args []string, env map[string]string) (logs *logBuffer, stop func() error) {
	t.Helper()
	logs = newLogBuffer()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), nil, &strings.Builder{}, logs, func(k string) string { return env[k] })
	}()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			err = <-done
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return logs, stop
}
