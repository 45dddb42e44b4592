package main

// Crash tests: the real `clubbot serve` binary runs as a child process
// against the fake Bot API server and is killed with SIGKILL in the middle
// of dialogues, then started again on the same database. What the user
// entered before the crash must survive, saves must happen exactly once,
// and every reply must reach the user.

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// buildClubbot builds the clubbot binary into a temporary directory.
func buildClubbot(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH: cannot build the clubbot binary")
	}
	bin := filepath.Join(t.TempDir(), "clubbot")
	out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// lockedBuffer is an io.Writer safe for concurrent use.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// childBot runs `clubbot serve` as a child process, again and again, on one
// database and one fake server. Its logs (with -v, every event handled) of
// all runs go to one buffer, printed if the test fails.
type childBot struct {
	t      *testing.T
	bin    string
	srv    *telegramtest.Server
	dbPath string
	db     *store.DB // the test's own connection, for looking only
	logs   lockedBuffer
	runs   int

	cmd     *exec.Cmd
	exited  chan struct{} // closed when cmd has exited
	err     error         // cmd.Wait's result, once exited is closed
	started time.Time     // when cmd was started

	// window lists the replies that were delivered to Telegram but not yet
	// marked sent when the binary was killed: the sender sends them again
	// after the restart (the outbox is at-least-once).
	window []windowHit
}

// windowHit is a reply caught between sendMessage and MarkSent by a kill.
type windowHit struct {
	run     int
	chat    int64
	text    string
	message int           // its index in the chat's messages at the fake
	before  time.Duration // delivered this long before the kill
}

func (w windowHit) String() string {
	when := fmt.Sprintf("%v before the SIGKILL", w.before.Round(10*time.Microsecond))
	if w.before < 0 {
		when = "as the bot was being killed"
	}
	return fmt.Sprintf("run %d: reply %d %q was delivered %s and not yet marked sent", w.run, w.message, w.text, when)
}

func newChildBot(t *testing.T, bin string, srv *telegramtest.Server, dbPath string, db *store.DB) *childBot {
	b := &childBot{t: t, bin: bin, srv: srv, dbPath: dbPath, db: db}
	t.Cleanup(func() {
		b.kill()
		if t.Failed() {
			t.Logf("clubbot logs:\n%s", b.logs.String())
		}
	})
	return b
}

// start runs the binary; the previous run must have ended.
func (b *childBot) start() {
	b.t.Helper()
	b.runs++
	fmt.Fprintf(&b.logs, "=== run %d, started %s\n", b.runs, time.Now().Format("15:04:05.000000"))
	cmd := exec.Command(b.bin, "serve", "--db", b.dbPath, "--poll-timeout", "2s", "-v")
	cmd.Env = append(os.Environ(),
		"TELEGRAM_BOT_TOKEN="+b.srv.Token(),
		"TELEGRAM_API_ENDPOINT="+b.srv.Endpoint())
	cmd.Stdout, cmd.Stderr = &b.logs, &b.logs
	if err := cmd.Start(); err != nil {
		b.t.Fatalf("start clubbot: %v", err)
	}
	b.cmd, b.exited, b.err, b.started = cmd, make(chan struct{}), nil, time.Now()
	exited := b.exited
	go func() {
		err := cmd.Wait()
		b.err = err
		close(exited)
	}()
}

// kill ends the running binary with SIGKILL and waits for it.
func (b *childBot) kill() {
	if b.cmd == nil {
		return
	}
	b.cmd.Process.Kill()
	<-b.exited
	fmt.Fprintf(&b.logs, "=== run %d, killed %s\n", b.runs, time.Now().Format("15:04:05.000000"))
	b.cmd = nil
}

// crash kills the binary and starts it again. It returns the replies the
// dead process had delivered but not marked sent, which the new one will
// send again.
func (b *childBot) crash() []windowHit {
	b.t.Helper()
	killedAt := time.Now()
	b.kill()
	hits := b.unmarked(killedAt)
	b.start()
	return hits
}

// crashAfter is crash, logging how far the dead process got with update id.
func (b *childBot) crashAfter(id int) []windowHit {
	b.t.Helper()
	killedAt := time.Now()
	b.kill()
	b.t.Logf("SIGKILL right after update %d was queued (the process took %v to die): %s", id, time.Since(killedAt).Round(time.Microsecond), b.fate(id))
	hits := b.unmarked(killedAt)
	b.start()
	return hits
}

// fate says how far the dead process got with update id: not recorded,
// recorded, or handled, and whether it was confirmed to Telegram.
func (b *childBot) fate(id int) string {
	b.t.Helper()
	ctx := context.Background()
	key := telegram.Key(id)
	var done bool
	err := b.db.InTx(ctx, func(tx bot.Tx) (err error) {
		done, err = tx.InboundDone(ctx, key)
		return err
	})
	if err != nil {
		b.t.Fatal(err)
	}
	pending, err := b.db.PendingInbound(ctx, 0)
	if err != nil {
		b.t.Fatal(err)
	}
	state := "not recorded"
	switch {
	case done:
		state = "handled"
	case slices.ContainsFunc(pending, func(in bot.Inbound) bool { return in.Key == key }):
		state = "recorded, not handled"
	}
	if slices.Contains(b.srv.Pending(), id) {
		return state + ", not confirmed"
	}
	return state + ", confirmed"
}

// unmarked finds, for each chat with replies waiting in the outbox, whether
// the first of them is the last message Telegram received from the run
// that just died: delivered, but the process was killed before MarkSent.
// (The sender sends a chat's replies in order and marks each before
// sending the next, so only that one can be in this state.)
func (b *childBot) unmarked(killedAt time.Time) []windowHit {
	b.t.Helper()
	b.quiesce()
	pending, err := b.db.PendingOutbox(context.Background(), 0)
	if err != nil {
		b.t.Fatal(err)
	}
	var hits []windowHit
	seen := map[string]bool{}
	for _, o := range pending {
		if seen[o.ChatID] {
			continue
		}
		seen[o.ChatID] = true
		chat, err := strconv.ParseInt(o.ChatID, 10, 64)
		if err != nil {
			b.t.Fatal(err)
		}
		sent := b.srv.Sent(chat)
		if len(sent) == 0 {
			continue
		}
		last := sent[len(sent)-1]
		if last.Date.Before(b.started) || last.RawText != o.Text || buttonsOf(last) != buttonsOut(o) {
			continue
		}
		hit := windowHit{run: b.runs, chat: chat, text: last.Text, message: len(sent) - 1, before: killedAt.Sub(last.Date)}
		fmt.Fprintf(&b.logs, "=== %v\n", hit)
		hits = append(hits, hit)
	}
	b.window = append(b.window, hits...)
	return hits
}

// quiesce waits until the fake has handled every sendMessage of the dead
// process: a request it wrote before dying may still be in the server's
// socket buffer, and Telegram handles it all the same.
func (b *childBot) quiesce() {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	busy := func() (int, bool) {
		calls := b.srv.Requests("sendMessage")
		for _, c := range calls {
			if c.Status == 0 {
				return len(calls), true
			}
		}
		return len(calls), false
	}
	for {
		n, inFlight := busy()
		if !inFlight {
			time.Sleep(30 * time.Millisecond)
			if m, inFlight := busy(); m == n && !inFlight {
				return
			}
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("a sendMessage of the dead process is still being handled")
		}
		time.Sleep(time.Millisecond)
	}
}

func buttonsOf(m telegramtest.SentMessage) string {
	var s []string
	for _, row := range m.Buttons {
		for _, btn := range row {
			s = append(s, btn.Text+"="+btn.Data)
		}
		s = append(s, "|")
	}
	return strings.Join(s, " ")
}

func buttonsOut(o bot.Outgoing) string {
	var s []string
	for _, row := range o.Buttons {
		for _, btn := range row {
			s = append(s, btn.Label+"="+btn.Data)
		}
		s = append(s, "|")
	}
	return strings.Join(s, " ")
}

// killOnSend arranges for the binary to be killed by the fake server the
// moment it receives a sendMessage whose text contains substr, before it
// answers: Telegram has the message, the bot never learns it. It returns a
// function that waits for that death and restarts the binary, returning
// the replies caught in the window.
func (b *childBot) killOnSend(substr string) (restart func() []windowHit) {
	return b.killOnCall("sendMessage", func(form url.Values) bool { return strings.Contains(form.Get("text"), substr) })
}

// killOnCall arranges for the binary to be killed by the fake server the
// moment it receives a call of method whose form matches, before the call
// is handled. The call is handled all the same, but the bot never sees the
// answer. It returns a function that waits for that death and the end of
// the call, restarts the binary and returns the replies caught between
// sendMessage and MarkSent.
func (b *childBot) killOnCall(method string, match func(url.Values) bool) (restart func() []windowHit) {
	proc := b.cmd.Process
	var once sync.Once
	fired := make(chan time.Time, 1)
	b.srv.SetFaultHook(func(m string, form url.Values) *telegramtest.Fault {
		if strings.EqualFold(m, method) && match(form) {
			once.Do(func() {
				proc.Kill()
				fired <- time.Now()
			})
		}
		return nil
	})
	return func() []windowHit {
		b.t.Helper()
		defer b.srv.SetFaultHook(nil)
		var killedAt time.Time
		select {
		case killedAt = <-fired:
		case <-time.After(10 * time.Second):
			b.t.Fatalf("the bot made no matching %s call", method)
		}
		// Let the fake finish the call the bot did not live to see answered.
		answered := func() bool {
			for _, c := range b.srv.Requests(method) {
				if match(c.Form) && c.Status == 0 {
					return false
				}
			}
			return true
		}
		if err := b.srv.WaitFor(ctxTimeout(b.t, 10*time.Second), answered); err != nil {
			b.t.Fatal(err)
		}
		b.kill()
		hits := b.unmarked(killedAt)
		b.start()
		return hits
	}
}

// stop ends the running binary with SIGTERM, as a service manager would,
// and checks that it shuts down cleanly.
func (b *childBot) stop() {
	b.t.Helper()
	if b.cmd == nil {
		return
	}
	b.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-b.exited:
		if b.err != nil {
			b.t.Errorf("clubbot exited with %v after SIGTERM", b.err)
		}
	case <-time.After(10 * time.Second):
		b.t.Errorf("clubbot did not stop within 10s of SIGTERM")
		b.cmd.Process.Kill()
		<-b.exited
	}
	b.cmd = nil
}

// checkAlive fails the test if the binary exited without being told to.
func (b *childBot) checkAlive() {
	b.t.Helper()
	if b.cmd == nil {
		return
	}
	select {
	case <-b.exited:
		b.t.Fatalf("clubbot run %d exited by itself: %v", b.runs, b.err)
	default:
	}
}

// settle waits until the bot is idle: every update queued at the fake is
// confirmed, every recorded event handled and every queued reply sent.
func (b *childBot) settle() {
	b.t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	for quiet := 0; quiet < 3; {
		b.checkAlive()
		pending := b.srv.Pending()
		in, err := b.db.PendingInbound(ctx, 0)
		if err != nil {
			b.t.Fatal(err)
		}
		out, err := b.db.PendingOutbox(ctx, 0)
		if err != nil {
			b.t.Fatal(err)
		}
		if len(pending) == 0 && len(in) == 0 && len(out) == 0 {
			quiet++
		} else {
			quiet = 0
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the bot did not settle: updates pending at the fake %v, events not handled %d, replies not sent %d",
				pending, len(in), len(out))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// members returns the club's active members, read through the test's own
// connection.
func (b *childBot) members(clubID int64) []bot.Member {
	b.t.Helper()
	var ms []bot.Member
	ctx := context.Background()
	err := b.db.InTx(ctx, func(tx bot.Tx) (err error) {
		ms, err = tx.ActiveMembers(ctx, clubID)
		return err
	})
	if err != nil {
		b.t.Fatal(err)
	}
	return ms
}

// newCrashRig starts a fake server, seeds a club and a leader invite, and
// runs the binary once.
func newCrashRig(t *testing.T) (b *childBot, clubID int64, code string) {
	t.Helper()
	bin := buildClubbot(t)
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := store.Open(context.Background(), dbPath, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clubID = seedClub(t, db, "CLB Hoa Sen")
	code = seedInvite(t, db, clubID)
	b = newChildBot(t, bin, srv, dbPath, db)
	b.start()
	return b, clubID, code
}

// newMessages returns the texts sent to u since it last looked, and marks
// them seen.
func (u *tgUser) newMessages() string {
	sent := u.srv.Sent(u.chat)
	var texts []string
	for _, m := range sent[u.seen:] {
		texts = append(texts, m.Text)
	}
	u.seen = len(sent)
	return strings.Join(texts, "\n---\n")
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

// duplicates lists the messages that repeat the message before them (the
// test that assertNoDuplicateReplies applies), as "index: text".
func duplicates(srv *telegramtest.Server, chat int64) []string {
	sent := srv.Sent(chat)
	var dups []string
	for i := 1; i < len(sent); i++ {
		if sent[i].RawText == sent[i-1].RawText && fmt.Sprint(sent[i].Buttons) == fmt.Sprint(sent[i-1].Buttons) {
			dups = append(dups, fmt.Sprintf("%d: %q", i, sent[i].Text))
		}
	}
	return dups
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

// TestCrashResumesDialogue kills the binary at chosen moments of a member
// dialogue and of its save, and checks that the restarted bot goes on
// where it was, with every answer, saves once and tells the user once.
func TestCrashResumesDialogue(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	b, clubID, code := newCrashRig(t)
	srv := b.srv
	u := newUser(t, srv, 601)

	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/member"), "Họ và tên")
	wantText(t, u.say("Nguyễn Thị Hoa"), "Giới tính")
	wantText(t, u.say("1"), "Năm sinh")
	b.settle()

	// 1. SIGKILL while the year is on its way: sent by the user, perhaps
	// fetched or recorded, perhaps not. The new process must handle it
	// once, with the name and gender entered before the crash.
	noWindow(t, b.crashAfter(srv.SendText(u.chat, u.user, "1950")))
	b.settle()
	wantText(t, u.newMessages(), "Hoàn cảnh")

	// 2. SIGKILL right after a reply reached the user (and the bot marked
	// it sent): nothing is sent again, and the dialogue goes on.
	wantText(t, u.say("3"), "dân tộc thiểu số")
	b.settle()
	noWindow(t, b.crash())
	b.settle()
	if got := u.newMessages(); got != "" {
		t.Errorf("after a restart with nothing to do, the bot sent:\n%s", got)
	}
	wantText(t, u.say("k"), "tình nguyện viên")
	summary := u.say("k")
	for _, want := range []string{"Họ tên: Nguyễn Thị Hoa", "Giới tính: Nữ", "Năm sinh: 1950", "Hoàn cảnh: Không thuộc diện nào",
		"Dân tộc thiểu số: Không", "Tình nguyện viên: Không"} {
		wantText(t, summary, want)
	}
	saved := u.say("Lưu")
	wantText(t, saved, "Đã lưu thành viên Nguyễn Thị Hoa")
	wantText(t, saved, "Bác có muốn thêm thành viên khác không?")
	b.settle()
	m := wantOneMember(t, b.members(clubID), "Nguyễn Thị Hoa")
	if m.Gender != bot.Female || m.BirthYear != 1950 || m.Household != bot.HouseholdNeither || m.EthnicMinority || m.CareVolunteer {
		t.Fatalf("saved %+v", m)
	}

	// 3. SIGKILL right after the user presses Lưu on a second member: the
	// press is handled at most once, before the crash or after it.
	wantText(t, u.press("Có"), "Họ và tên")
	for _, a := range []struct{ say, want string }{
		{"Trần Văn Hùng", "Giới tính"}, {"2", "Năm sinh"}, {"1948", "Hoàn cảnh"},
		{"1", "dân tộc thiểu số"}, {"có", "tình nguyện viên"},
	} {
		wantText(t, u.say(a.say), a.want)
	}
	wantText(t, u.press("Có"), "Họ tên: Trần Văn Hùng")
	b.settle()
	id, err := srv.Press(u.chat, "Lưu")
	if err != nil {
		t.Fatal(err)
	}
	noWindow(t, b.crashAfter(id))
	b.settle()
	wantText(t, u.newMessages(), "Đã lưu thành viên Trần Văn Hùng")
	if n := countSent(srv, u.chat, "Đã lưu thành viên Trần Văn Hùng"); n != 1 {
		t.Errorf("the user was told %d times that Trần Văn Hùng was saved, want 1", n)
	}
	m = wantOneMember(t, b.members(clubID), "Trần Văn Hùng")
	if m.Gender != bot.Male || m.BirthYear != 1948 || m.Household != bot.HouseholdPoor || !m.EthnicMinority || !m.CareVolunteer {
		t.Fatalf("saved %+v", m)
	}

	// 4. SIGKILL once the bot has recorded the press of Lưu on a third
	// member: the fake kills it as it acknowledges the button, which it
	// does right after recording the press and before confirming the
	// update to Telegram. The press comes again after the restart and must
	// not be handled twice.
	wantText(t, u.press("Có"), "Họ và tên")
	for _, a := range []struct{ say, want string }{
		{"Lê Thị Mai", "Giới tính"}, {"Nữ", "Năm sinh"}, {"1962", "Hoàn cảnh"},
		{"Hộ cận nghèo", "dân tộc thiểu số"}, {"không", "tình nguyện viên"}, {"có", "Họ tên: Lê Thị Mai"},
	} {
		wantText(t, u.say(a.say), a.want)
	}
	b.settle()
	known := map[string]bool{} // the callback queries acknowledged so far
	for _, c := range srv.Requests("answerCallbackQuery") {
		known[c.Form.Get("callback_query_id")] = true
	}
	restart := b.killOnCall("answerCallbackQuery", func(form url.Values) bool {
		return !known[form.Get("callback_query_id")]
	})
	id, err = srv.Press(u.chat, "Lưu")
	if err != nil {
		t.Fatal(err)
	}
	noWindow(t, restart())
	b.settle()
	wantText(t, u.newMessages(), "Đã lưu thành viên Lê Thị Mai")
	if n := answerCalls(srv, telegramtest.CallbackID(id)); n != 2 {
		t.Errorf("the press of Lưu on Lê Thị Mai reached the bot %d times, want 2: before the crash and again after it", n)
	}
	if n := countSent(srv, u.chat, "Đã lưu thành viên Lê Thị Mai"); n != 1 {
		t.Errorf("the user was told %d times that Lê Thị Mai was saved, want 1", n)
	}
	m = wantOneMember(t, b.members(clubID), "Lê Thị Mai")
	if m.Gender != bot.Female || m.BirthYear != 1962 || m.Household != bot.HouseholdNearPoor || m.EthnicMinority || !m.CareVolunteer {
		t.Fatalf("saved %+v", m)
	}

	wantText(t, u.say("không"), "Cảm ơn")
	b.settle()
	b.stop()
	if ms := b.members(clubID); len(ms) != 3 {
		t.Errorf("the database holds %d members, want 3: %+v", len(ms), ms)
	}
	assertNoDuplicateReplies(t, srv, u.chat)
}

// noWindow fails if a kill caught a reply between sendMessage and MarkSent
// where the test meant to avoid it: that reply is sent twice.
func noWindow(t *testing.T, hits []windowHit) {
	t.Helper()
	for _, h := range hits {
		t.Errorf("unexpected: %v", h)
	}
}

// TestCrashBetweenSendAndMarkSent kills the binary after Telegram received
// the "Đã lưu" reply but before the bot learnt it: the reply is still
// pending in the outbox and the restarted bot sends it again. This is the
// outbox's known at-least-once window; the test states what we would like
// (the reply exactly once) and so fails today. Run it with
// CLUBBOT_CRASH_WINDOW=1.
func TestCrashBetweenSendAndMarkSent(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	if os.Getenv("CLUBBOT_CRASH_WINDOW") == "" {
		t.Skip("known at-least-once window of the outbox: set CLUBBOT_CRASH_WINDOW=1 to run")
	}
	b, clubID, code := newCrashRig(t)
	srv := b.srv
	u := newUser(t, srv, 801)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/member"), "Họ và tên")
	for _, a := range []string{"Nguyễn Thị Hoa", "1", "1950", "3", "k"} {
		u.say(a)
	}
	wantText(t, u.say("k"), "Họ tên: Nguyễn Thị Hoa")
	b.settle()

	restart := b.killOnSend("Đã lưu thành viên")
	u.srv.SendText(u.chat, u.user, "Lưu")
	hits := restart()
	b.settle()
	for _, h := range hits {
		t.Logf("%v", h)
	}
	wantOneMember(t, b.members(clubID), "Nguyễn Thị Hoa")
	if n := countSent(srv, u.chat, "Đã lưu thành viên Nguyễn Thị Hoa"); n != 1 {
		t.Errorf("the user was told %d times that Nguyễn Thị Hoa was saved, want 1", n)
	}
	assertNoDuplicateReplies(t, srv, u.chat)
}

// answerCalls counts the answerCallbackQuery calls for one callback query,
// one per delivery of the press to the bot.
func answerCalls(srv *telegramtest.Server, callbackID string) int {
	n := 0
	for _, c := range srv.Requests("answerCallbackQuery") {
		if c.Form.Get("callback_query_id") == callbackID {
			n++
		}
	}
	return n
}

func ctxTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// crashMember is one member the randomized test enters.
type crashMember struct {
	name      string
	female    bool
	year      int
	household int // 1 poor, 2 near poor, 3 neither, as the buttons are ordered
	ethnic    bool
	volunteer bool
}

var crashNames = []string{
	"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
	"Vũ Thị Gấm", "Đặng Văn Hải", "Bùi Thị Huệ", "Đỗ Văn Khánh", "Hồ Thị Lan",
	"Ngô Văn Minh", "Dương Thị Nga", "Lý Văn Phúc", "Mai Thị Quyên", "Trịnh Văn Sơn",
	"Đinh Thị Thu", "Cao Văn Tuấn", "Lương Thị Xuân",
}

var (
	householdLabels = []string{"Hộ nghèo", "Hộ cận nghèo", "Không thuộc diện nào"}
	householdValues = []bot.Household{bot.HouseholdPoor, bot.HouseholdNearPoor, bot.HouseholdNeither}
)

// crashStep is one answer of a member dialogue: typed text or a button,
// and what the reply to it must contain.
type crashStep struct {
	text   string // typed, or the button's label when press
	press  bool
	want   []string
	remark string
}

// steps is the dialogue that enters m, starting with the command or the
// answer that opens the name question.
func (m crashMember) steps(rng *rand.Rand, first bool) []crashStep {
	pick := func(typed, label string) (string, bool) {
		if rng.IntN(2) == 0 {
			return typed, false
		}
		return label, true
	}
	yesNo := func(yes bool) (string, bool) {
		typed, label := "k", "Không"
		if yes {
			typed, label = "có", "Có"
		}
		return pick(typed, label)
	}
	label := func(yes bool) string {
		if yes {
			return "Có"
		}
		return "Không"
	}
	var steps []crashStep
	if first {
		steps = append(steps, crashStep{text: "/member", want: []string{"Họ và tên"}})
	} else {
		text, press := yesNo(true)
		steps = append(steps, crashStep{text: text, press: press, want: []string{"Họ và tên"}})
	}
	steps = append(steps, crashStep{text: m.name, want: []string{"Giới tính"}})
	gender, genderLabel := "2", "Nam"
	if m.female {
		gender, genderLabel = "1", "Nữ"
	}
	text, press := pick(gender, genderLabel)
	steps = append(steps, crashStep{text: text, press: press, want: []string{"Năm sinh"}})
	steps = append(steps, crashStep{text: strconv.Itoa(m.year), want: []string{"Hoàn cảnh"}})
	text, press = pick(strconv.Itoa(m.household), householdLabels[m.household-1])
	steps = append(steps, crashStep{text: text, press: press, want: []string{"dân tộc thiểu số"}})
	text, press = yesNo(m.ethnic)
	steps = append(steps, crashStep{text: text, press: press, want: []string{"tình nguyện viên"}})
	text, press = yesNo(m.volunteer)
	steps = append(steps, crashStep{text: text, press: press, remark: "summary", want: []string{
		"Họ tên: " + m.name, "Giới tính: " + genderLabel, "Năm sinh: " + strconv.Itoa(m.year),
		"Hoàn cảnh: " + householdLabels[m.household-1], "Dân tộc thiểu số: " + label(m.ethnic),
		"Tình nguyện viên: " + label(m.volunteer)}})
	text, press = pick("Lưu", "Lưu")
	steps = append(steps, crashStep{text: text, press: press, want: []string{"Đã lưu thành viên " + m.name,
		"Bác có muốn thêm thành viên khác không?"}})
	return steps
}

// send queues the step at the fake without waiting for the reply, and
// returns the update's id.
func (s crashStep) send(t *testing.T, u *tgUser) int {
	t.Helper()
	switch {
	case s.press:
		id, err := u.srv.Press(u.chat, s.text)
		if err != nil {
			t.Fatal(err)
		}
		return id
	case strings.HasPrefix(s.text, "/"):
		return u.srv.SendCommand(u.chat, u.user, strings.TrimPrefix(s.text, "/"), "")
	default:
		return u.srv.SendText(u.chat, u.user, s.text)
	}
}

func (s crashStep) String() string {
	if s.press {
		return "press " + strconv.Quote(s.text)
	}
	return "type " + strconv.Quote(s.text)
}

// TestCrashAtRandomMoments enters members one after another and kills the
// binary once per member, at a random moment (0-30 ms, half of them under
// 3 ms) after a random answer, typed or pressed. Every dialogue must go on where it was, with
// every answer, each member must be stored and confirmed once, and no
// reply may be lost or sent twice, except those a kill caught between
// sendMessage and MarkSent (the outbox's known at-least-once window),
// which are reported. CLUBBOT_CRASH_STRICT=1 fails on those too;
// CLUBBOT_CRASH_SEED replays a run.
func TestCrashAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	const rounds = 15
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CLUBBOT_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("CLUBBOT_CRASH_SEED: %v", err)
		}
	}
	t.Logf("CLUBBOT_CRASH_SEED=%d", seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	strict := os.Getenv("CLUBBOT_CRASH_STRICT") != ""

	b, clubID, code := newCrashRig(t)
	srv := b.srv
	u := newUser(t, srv, 701)
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	b.settle()
	replies := len(srv.Sent(u.chat)) // replies expected so far

	var entered []crashMember
	var crashes []string // what was done at each crash, for the report
	for r := 0; r < rounds; r++ {
		m := crashMember{name: crashNames[r], female: rng.IntN(2) == 0, year: 1930 + rng.IntN(70),
			household: 1 + rng.IntN(3), ethnic: rng.IntN(2) == 0, volunteer: rng.IntN(2) == 0}
		steps := m.steps(rng, r == 0)
		// Half the kills come within 3 ms, while the answer is being
		// fetched, recorded or handled; the others anywhere up to 30 ms.
		crashAt, delay := rng.IntN(len(steps)), time.Duration(rng.IntN(31))*time.Millisecond
		if rng.IntN(2) == 0 {
			delay = time.Duration(rng.IntN(3000)) * time.Microsecond
		}
		for i, s := range steps {
			var got string
			id := s.send(t, u)
			if i == crashAt {
				time.Sleep(delay)
				killed := time.Now()
				b.kill()
				fate := b.fate(id)
				hits := b.unmarked(killed)
				b.start()
				b.settle()
				got = u.newMessages()
				what := fmt.Sprintf("round %d (%s): SIGKILL %v after step %d, %v (%s); settled %v after the kill",
					r, m.name, delay, i, s, fate, time.Since(killed).Round(time.Millisecond))
				for _, h := range hits {
					what += fmt.Sprintf("\n    at-least-once window: %v", h)
				}
				crashes = append(crashes, what)
			} else {
				got = u.reply()
			}
			replies++
			for _, want := range s.want {
				if !strings.Contains(got, want) {
					t.Fatalf("round %d (%s), step %d (%v): the user saw\n%s\nwhich lacks %q\ncrashes so far:\n%s",
						r, m.name, i, s, got, want, strings.Join(crashes, "\n"))
				}
			}
		}
		entered = append(entered, m)
	}
	b.settle()
	b.stop()
	t.Logf("crashes:\n%s", strings.Join(crashes, "\n"))

	// Each member was stored once, with every answer, those given before
	// the crash included, and confirmed once (plus the known window).
	ms := b.members(clubID)
	if len(ms) != rounds {
		t.Errorf("%d members stored, %d dialogues finished", len(ms), rounds)
	}
	windowed := map[int]bool{} // messages sent again because of the window
	for _, h := range b.window {
		windowed[h.message+1] = true
	}
	confirmed := 0
	for _, want := range entered {
		n, again := 0, 0
		for i, msg := range srv.Sent(u.chat) {
			if strings.Contains(msg.Text, "Đã lưu thành viên "+want.name) {
				n++
				if windowed[i] {
					again++
				}
			}
		}
		confirmed += n - again
		if n-again != 1 || (strict && again > 0) {
			t.Errorf("the user was told %d times that %s was saved (%d of them sent again after a kill in the window), want 1",
				n, want.name, again)
		}
		m := wantOneMember(t, ms, want.name)
		if (m.Gender == bot.Female) != want.female || m.BirthYear != want.year || m.Household != householdValues[want.household-1] ||
			m.EthnicMinority != want.ethnic || m.CareVolunteer != want.volunteer {
			t.Errorf("entered %+v, stored %+v", want, m)
		}
	}
	if confirmed != len(ms) {
		t.Errorf("%d members stored, %d confirmed", len(ms), confirmed)
	}

	// One reply per answer: none lost, and none sent twice but those the
	// window explains.
	sent := srv.Sent(u.chat)
	if len(sent) != replies+len(b.window) {
		t.Errorf("the bot sent %d messages: want %d replies and %d sent again after a kill in the window",
			len(sent), replies, len(b.window))
	}
	for _, d := range duplicates(srv, u.chat) {
		i, _ := strconv.Atoi(d[:strings.Index(d, ":")])
		switch {
		case !windowed[i]:
			t.Errorf("message %s repeats the one before it, and no kill caught that one in the window", d)
		case strict:
			t.Errorf("message %s was sent again after a kill in the window", d)
		}
	}
	if len(b.window) > 0 {
		var s []string
		for _, h := range b.window {
			s = append(s, h.String())
		}
		t.Logf("%d of %d kills caught a reply between sendMessage and MarkSent; it was sent twice:\n%s",
			len(b.window), rounds, strings.Join(s, "\n"))
	}
}
