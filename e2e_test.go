package main

import (
	"context"
	"errors"
	"flag"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

func TestTelegramDialoguesEndToEnd(t *testing.T) {
	srv := telegramtest.NewServer(t)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
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
	db := openStore(t, dbPath)
	seedClub(t, db, "CLB Hoa Sen")
	db.Close()
	var out strings.Builder
	env := map[string]string{"CLUBBOT_DB": dbPath, "TELEGRAM_BOT_USERNAME": "@hoa_sen_bot"}
	err := run(context.Background(), []string{"invite", "--role", "leader", "--club", "hoa sen"}, nil, &out, &out,
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
	db := openStore(t, dbPath)
	leaderCode := seedInvite(t, db, seedClub(t, db, "CLB Hoa Sen"))
	officerCode := seedOfficerInvite(t, db)
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
	if got := names(srv.ChatCommands(911, "")); !strings.HasPrefix(got, "member leave fund activity status") {
		t.Errorf("the leader's menu: %s", got)
	}
}
