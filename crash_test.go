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
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/messages"
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
	env    []string  // added to the binary's environment
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
	// No schedules: a reminder due on the day the test runs would be a
	// reply the test did not ask for.
	// No rate or flood limits: the scripted users answer far faster than people.
	cmd := exec.Command(b.bin, "serve", "--db", b.dbPath, "--poll-timeout", "2s", "--no-schedule",
		"--send-rate", "0", "--chat-rate", "0", "--flood-burst", "0", "-v")
	cmd.Env = append(os.Environ(),
		"TELEGRAM_BOT_TOKEN="+b.srv.Token(),
		"TELEGRAM_API_ENDPOINT="+b.srv.Endpoint())
	cmd.Env = append(cmd.Env, b.env...)
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
// dead process had claimed but not marked sent, which the new one does not
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
	err := b.db.InTx(ctx, func(tx bot.Writer) (err error) {
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
// confirmed, every recorded event handled, every reply a kill caught
// recovered and every queued reply sent.
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
		lost, err := b.db.CountLost(ctx) // claims resolved, the notices not yet queued
		if err != nil {
			b.t.Fatal(err)
		}
		if len(pending) == 0 && len(in) == 0 && len(out) == 0 && lost == 0 {
			quiet++
		} else {
			quiet = 0
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("the bot did not settle: updates pending at the fake %v, events not handled %d, replies not sent %d, "+
				"lost replies not recovered %d", pending, len(in), len(out), lost)
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
	err := b.db.InTx(ctx, func(tx bot.Writer) (err error) {
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
	db := openStore(t, dbPath)
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

// TestCrashResumesDialogue kills the binary at chosen moments of a member
// dialogue and of its save, and checks that the restarted bot goes on
// where it was, with every answer, saves once and tells the user once.
func TestCrashResumesDialogue(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the clubbot binary")
	}
	b, clubID, code := newCrashRig(t)
	u := newUser(t, b.srv, 601)

	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")
	wantText(t, u.say("/member"), "Họ và tên")
	wantText(t, u.say("Nguyễn Thị Hoa"), "Giới tính")
	wantText(t, u.say("1"), "Năm sinh")
	b.settle()

	crashWhileAnswerInFlight(t, b, u)
	crashWhenIdle(t, b, u)
	saveFirstMember(t, b, u, clubID)
	crashAfterPressingSave(t, b, u, clubID)
	crashOnceSavePressRecorded(t, b, u, clubID)

	wantText(t, u.say("không"), "Cảm ơn")
	b.settle()
	b.stop()
	if ms := b.members(clubID); len(ms) != 3 {
		t.Errorf("the database holds %d members, want 3: %+v", len(ms), ms)
	}
	assertNoDuplicateReplies(t, b.srv, u.chat)
}

// allowWindow accepts the replies a kill caught between their claim and
// MarkSent: none is sent again, and one that had not reached Telegram is
// lost (the sender sends at most once), but the restart notice and the
// question the chat is at follow. They are logged; it returns the texts of
// the lost ones, which the user would have seen.
func allowWindow(t *testing.T, hits []windowHit) string {
	t.Helper()
	for _, h := range hits {
		t.Logf("between claim and mark: %v", h)
	}
	return lostTexts(hits)
}

// crashWhileAnswerInFlight kills the binary while the year is on its way:
// sent by the user, perhaps fetched or recorded, perhaps not. The new
// process must handle it once, with the name and gender entered before
// the crash.
func crashWhileAnswerInFlight(t *testing.T, b *childBot, u *tgUser) {
	t.Helper()
	allowWindow(t, b.crashAfter(b.srv.SendText(u.chat, u.user, "1950")))
	b.settle()
	// The reply, or if a kill caught the question before, the notice and it.
	wantText(t, u.newMessages(), "Hoàn cảnh")
}

// crashWhenIdle kills the binary right after a reply reached the user (and
// the bot marked it sent): nothing may be sent again.
func crashWhenIdle(t *testing.T, b *childBot, u *tgUser) {
	t.Helper()
	wantText(t, u.say("3"), "dân tộc thiểu số")
	b.settle()
	noWindow(t, b.crash())
	b.settle()
	if got := u.newMessages(); got != "" {
		t.Errorf("after a restart with nothing to do, the bot sent:\n%s", got)
	}
}

// saveFirstMember checks that the dialogue goes on after the crashes and
// saves every answer, those given before them included.
func saveFirstMember(t *testing.T, b *childBot, u *tgUser, clubID int64) {
	t.Helper()
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
}

// crashAfterPressingSave kills the binary right after the user presses
// Lưu on a second member: the press is handled at most once, before the
// crash or after it.
func crashAfterPressingSave(t *testing.T, b *childBot, u *tgUser, clubID int64) {
	t.Helper()
	srv := b.srv
	wantText(t, u.press("Có"), "Họ và tên")
	sayEach(t, u, []exchange{
		{"Trần Văn Hùng", "Giới tính"}, {"2", "Năm sinh"}, {"1948", "Hoàn cảnh"},
		{"1", "dân tộc thiểu số"}, {"có", "tình nguyện viên"},
	})
	wantText(t, u.press("Có"), "Họ tên: Trần Văn Hùng")
	b.settle()
	id, err := srv.Press(u.chat, "Lưu")
	if err != nil {
		t.Fatal(err)
	}
	lost := allowWindow(t, b.crashAfter(id))
	b.settle()
	got := u.newMessages()
	lostOnce := strings.Contains(lost, "Đã lưu thành viên Trần Văn Hùng")
	if lostOnce { // the question after it comes after the notice
		wantText(t, got, messages.Plain(messages.VI, "restart.notice"))
	} else {
		wantText(t, got, "Đã lưu thành viên Trần Văn Hùng")
	}
	wantText(t, got, "Bác có muốn thêm thành viên khác không?")
	if n := countSent(srv, u.chat, "Đã lưu thành viên Trần Văn Hùng"); n != 1 && !(n == 0 && lostOnce) {
		t.Errorf("the user was told %d times that Trần Văn Hùng was saved, want once", n)
	}
	m := wantOneMember(t, b.members(clubID), "Trần Văn Hùng")
	if m.Gender != bot.Male || m.BirthYear != 1948 || m.Household != bot.HouseholdPoor || !m.EthnicMinority || !m.CareVolunteer {
		t.Fatalf("saved %+v", m)
	}
}

// crashOnceSavePressRecorded kills the binary once the bot has recorded
// the press of Lưu on a third member: the fake kills it as it acknowledges
// the button, which it does right after recording the press and before
// confirming the update to Telegram. The press comes again after the
// restart and must not be handled twice.
func crashOnceSavePressRecorded(t *testing.T, b *childBot, u *tgUser, clubID int64) {
	t.Helper()
	srv := b.srv
	wantText(t, u.press("Có"), "Họ và tên")
	sayEach(t, u, []exchange{
		{"Lê Thị Mai", "Giới tính"}, {"Nữ", "Năm sinh"}, {"1962", "Hoàn cảnh"},
		{"Hộ cận nghèo", "dân tộc thiểu số"}, {"không", "tình nguyện viên"}, {"có", "Họ tên: Lê Thị Mai"},
	})
	b.settle()
	restart := b.killOnCall("answerCallbackQuery", newCallbackQuery(srv))
	id, err := srv.Press(u.chat, "Lưu")
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
	m := wantOneMember(t, b.members(clubID), "Lê Thị Mai")
	if m.Gender != bot.Female || m.BirthYear != 1962 || m.Household != bot.HouseholdNearPoor || m.EthnicMinority || !m.CareVolunteer {
		t.Fatalf("saved %+v", m)
	}
}

// exchange is a line the user says and what the reply must contain.
type exchange struct{ say, want string }

// sayEach says each line in turn and checks each reply.
func sayEach(t *testing.T, u *tgUser, exchanges []exchange) {
	t.Helper()
	for _, e := range exchanges {
		wantText(t, u.say(e.say), e.want)
	}
}

// newCallbackQuery matches the answerCallbackQuery calls for callback
// queries the bot has not acknowledged so far.
func newCallbackQuery(srv *telegramtest.Server) func(url.Values) bool {
	known := map[string]bool{}
	for _, c := range srv.Requests("answerCallbackQuery") {
		known[c.Form.Get("callback_query_id")] = true
	}
	return func(form url.Values) bool {
		return !known[form.Get("callback_query_id")]
	}
}
