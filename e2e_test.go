package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/store"
)

// liveBot is `clubbot serve` running in the test process against a fake
// Bot API server, through the real tgbotapi client.
type liveBot struct {
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

func startBot(t testing.TB, srv *telegramtest.Server, dbPath string) *liveBot {
	t.Helper()
	// No schedules: on the real clock a reminder may be due whenever the
	// test runs.
	return startBotAt(t, srv, dbPath, clock, scheduleConfig{Off: true})
}

// startBotAt starts the bot with the clock now and the given schedules.
func startBotAt(t testing.TB, srv *telegramtest.Server, dbPath string, now func() time.Time, sched scheduleConfig) *liveBot {
	t.Helper()
	cfg := serveConfig{config: config{DB: dbPath, OlderAge: 60, ReminderDay: 25, SessionTTL: 24 * time.Hour}, scheduleConfig: sched,
		Token: srv.Token(), APIEndpoint: srv.Endpoint(), PollTimeout: 10 * time.Second, Workers: 64}
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
	code, hash, err := bot.NewInviteCode()
	if err != nil {
		t.Fatal(err)
	}
	inv := bot.Invite{CodeHash: hash, Role: bot.RoleLeader, Scope: bot.Scope{Kind: bot.ScopeClub, ClubID: &clubID},
		ExpiresAt: clock().Add(24 * time.Hour)}
	if err := db.CreateInvite(context.Background(), &inv); err != nil {
		t.Fatal(err)
	}
	return code
}

// tgUser is a person chatting with the bot through the fake server.
type tgUser struct {
	t    testing.TB
	srv  *telegramtest.Server
	chat int64
	user telegramtest.User
	seen int // messages received so far
}

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

func wantText(t testing.TB, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Fatalf("the user saw:\n%s\nwhich lacks %q", got, want)
	}
}

func TestTelegramDialoguesEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := store.Open(context.Background(), dbPath, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	code := seedInvite(t, db, seedClub(t, db, "CLB Hoa Sen"))
	startBot(t, srv, dbPath)

	u := newUser(t, srv, 501)
	first := u.say("xin chào")
	wantText(t, first, "mã mời")
	if msgs := srv.Sent(u.chat); !msgs[len(msgs)-1].RequestContact {
		t.Fatalf("the code question offers no share-phone button: %+v", msgs[len(msgs)-1])
	}
	wantText(t, u.say("/start "+code), "chủ nhiệm CLB Hoa Sen")

	wantText(t, u.press("➕ Thêm thành viên"), "Họ và tên")
	wantText(t, u.say("Nguyễn Thị <Hoa>"), "họ và tên đầy đủ")
	wantText(t, u.say("nguyen thi hoa"), "Giới tính")
	wantText(t, u.press("Nữ"), "Năm sinh")
	wantText(t, u.say("1952"), "Hoàn cảnh")
	wantText(t, u.press("Hộ nghèo"), "dân tộc thiểu số")
	srv.SendSticker(u.chat)
	wantText(t, u.reply(), "gõ câu trả lời bằng chữ")
	wantText(t, u.press("Có"), "tình nguyện viên")
	wantText(t, u.press("Không"), "Họ tên: Nguyen Thi Hoa")
	wantText(t, u.press("Lưu"), "Đã lưu thành viên Nguyen Thi Hoa")
	wantText(t, u.press("Không"), "Cảm ơn")

	wantText(t, u.say("/leave"), "Thành viên nào nghỉ")
	wantText(t, u.say("hoa"), "chọn đúng người")
	wantText(t, u.press("Nguyen Thi Hoa (1952)"), "Lý do")
	wantText(t, u.press("Lý do khác"), "lý do ngắn gọn")
	wantText(t, u.say("Về ở với con"), "Lý do: Về ở với con")
	wantText(t, u.press("Lưu"), "Đã ghi nhận Nguyen Thi Hoa nghỉ")

	wantText(t, u.say("/fund"), "Quỹ tăng thu nhập")
	wantText(t, u.say("20 triệu"), "Quỹ hoạt động")
	wantText(t, u.say("1,5tr"), "dư nợ")
	wantText(t, u.say("0"), "đang vay")
	wantText(t, u.say("0"), "Quỹ hoạt động: 1.500.000 đ")
	wantText(t, u.press("Lưu"), "Đã lưu báo cáo quỹ")

	status := u.say("/status")
	wantText(t, status, "Thành viên: 0 (chuẩn 50–70)")
	wantText(t, status, "Quỹ tăng thu nhập: 20.000.000 đ")

	if cmds := srv.Commands("en"); len(cmds) == 0 || srv.Commands("vi")[0].Description == cmds[0].Description {
		t.Errorf("command menus: vi %+v, en %+v", srv.Commands("vi"), cmds)
	}
	assertNoDuplicateReplies(t, srv, u.chat)
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

func TestServeNeedsAToken(t *testing.T) {
	err := run(context.Background(), []string{"serve"}, nil, &strings.Builder{}, &strings.Builder{}, func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "TELEGRAM_BOT_TOKEN") {
		t.Fatalf("serve without a token: %v", err)
	}
}

func TestHelpListsFlagsAndEnvironment(t *testing.T) {
	for cmd, want := range map[string][]string{
		"serve":  {"TELEGRAM_BOT_TOKEN", "TELEGRAM_API_ENDPOINT", "CLUBBOT_DB"},
		"demo":   {"CLUBBOT_DB", "-fresh"},
		"invite": {"-club", "TELEGRAM_BOT_USERNAME", "CLUBBOT_DB"},
	} {
		var out strings.Builder
		err := run(context.Background(), []string{cmd, "--help"}, nil, &out, &out, func(string) string { return "" })
		if !errors.Is(err, flagErrHelp()) {
			t.Errorf("%s --help: %v", cmd, err)
		}
		for _, w := range want {
			if !strings.Contains(out.String(), w) {
				t.Errorf("%s --help lacks %q:\n%s", cmd, w, out.String())
			}
		}
	}
}

func flagErrHelp() error { return flag.ErrHelp }

// TestInviteCommandPrintsAWorkingCode creates an invite with the command an
// admin runs, then joins with the printed code through Telegram.
func TestInviteCommandPrintsAWorkingCode(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := store.Open(context.Background(), dbPath, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	seedClub(t, db, "CLB Hoa Sen")
	db.Close()
	var out strings.Builder
	env := map[string]string{"CLUBBOT_DB": dbPath, "TELEGRAM_BOT_USERNAME": "@hoa_sen_bot"}
	err = run(context.Background(), []string{"invite", "--role", "leader", "--club", "hoa sen"}, nil, &out, &out,
		func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("invite: %v\n%s", err, out.String())
	}
	link := regexp.MustCompile(`https://t\.me/hoa_sen_bot\?start=([0-9A-Z-]{15})`).FindStringSubmatch(out.String())
	if link == nil {
		t.Fatalf("no deep link in:\n%s", out.String())
	}
	startBot(t, srv, dbPath)
	u := newUser(t, srv, 777)
	wantText(t, u.say("/start "+link[1]), "chủ nhiệm CLB Hoa Sen")
}

// TestJoiningSetsTheChatsCommandMenu shows that an officer who joins gets
// the officers' commands in their chat's menu, and a leader the leaders'.
func TestJoiningSetsTheChatsCommandMenu(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := store.Open(context.Background(), dbPath, store.WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	leaderCode := seedInvite(t, db, seedClub(t, db, "CLB Hoa Sen"))
	officerCode, hash, err := bot.NewInviteCode()
	if err != nil {
		t.Fatal(err)
	}
	inv := bot.Invite{CodeHash: hash, Role: bot.RoleOfficer, Scope: bot.Scope{Kind: bot.ScopeProvince},
		ExpiresAt: clock().Add(time.Hour)}
	if err := db.CreateInvite(context.Background(), &inv); err != nil {
		t.Fatal(err)
	}
	db.Close()
	startBot(t, srv, dbPath)

	officer, leader := newUser(t, srv, 910), newUser(t, srv, 911)
	wantText(t, officer.say("/start "+officerCode), "cán bộ Hội")
	wantText(t, leader.say("/start "+leaderCode), "chủ nhiệm CLB Hoa Sen")
	names := func(cmds []telegramtest.Command) string {
		var out []string
		for _, c := range cmds {
			out = append(out, c.Command)
		}
		return strings.Join(out, " ")
	}
	if got := names(srv.ChatCommands(910, "")); !strings.Contains(got, "digest") || !strings.Contains(got, "newclub") ||
		strings.Contains(got, "member") {
		t.Errorf("the officer's menu: %s", got)
	}
	if got := names(srv.ChatCommands(911, "")); !strings.HasPrefix(got, "member leave fund status") {
		t.Errorf("the leader's menu: %s", got)
	}
}
