package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
)

func TestZaloDialoguesEndToEnd(t *testing.T) {
	tg, fake := telegramtest.NewServer(t), zalotest.NewServer(t, nil)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	code := seedInvite(t, db, seedClub(t, db, "CLB Hoa Sen"))
	db.Close()
	hook := startZaloBot(t, tg, fake, dbPath)
	u := &zaloUser{t: t, fake: fake, hook: hook, id: "8412345678901234567"}

	// Following the OA greets and explains how to join, by typing the code.
	if status, err := hook.Post(hook.Event("follow", u.id, "", "")); err != nil || status != http.StatusOK {
		t.Fatalf("follow: %d %v", status, err)
	}
	greeting := u.reply()
	wantText(t, greeting, "mã mời")
	wantText(t, greeting, "Bác gõ mã mời mà cán bộ Hội đã gửi")
	wantNoButtonWords(t, greeting)
	// A forged event changes nothing.
	body := hook.Event("user_send_text", u.id, hook.NextMsgID(), "/start "+code)
	if status, _ := hook.PostSigned(body, "mac=0000"); status != http.StatusUnauthorized {
		t.Fatalf("forged event: %d", status)
	}
	wantText(t, u.say(code), "chủ nhiệm CLB Hoa Sen")

	// The menu and every question's choices are numbered; numbers, labels
	// without diacritics, and typed answers all work.
	wantText(t, u.say("1"), "Họ và tên")
	gender := u.say("Nguyen Thi Hoa")
	wantText(t, gender, "1) Nữ\n2) Nam")
	wantText(t, gender, "Bác trả lời 1 hoặc 2.")
	wantText(t, u.say("nu"), "Năm sinh")
	wantText(t, u.say("1952"), "Hoàn cảnh")
	wantText(t, u.say("ho ngheo"), "dân tộc thiểu số")
	if status, _ := hook.Post(hook.Event("user_send_sticker", u.id, hook.NextMsgID(), "")); status != http.StatusOK {
		t.Fatalf("sticker: %d", status)
	}
	wantText(t, u.reply(), "gõ câu trả lời bằng chữ")
	wantText(t, u.say("có"), "tình nguyện viên")
	wantText(t, u.say("khong"), "Họ tên: Nguyen Thi Hoa")
	wantText(t, u.say("1"), "Đã lưu thành viên Nguyen Thi Hoa")
	wantText(t, u.say("Không"), "Cảm ơn")

	wantText(t, u.say("/fund"), "Quỹ tăng thu nhập")
	wantText(t, u.say("20 triệu"), "Quỹ hoạt động")
	wantText(t, u.say("1,5tr"), "dư nợ")
	wantText(t, u.say("0"), "đang vay")
	wantText(t, u.say("0"), "Quỹ hoạt động: 1.500.000 đ")
	wantText(t, u.say("Lưu"), "Đã lưu báo cáo quỹ")

	// A replayed event is answered once.
	replay := hook.Event("user_send_text", u.id, hook.NextMsgID(), "/status")
	for range 2 {
		if status, _ := hook.Post(replay); status != http.StatusOK {
			t.Fatalf("status event: %d", status)
		}
	}
	status := u.reply()
	wantText(t, status, "Thành viên: 1 (chuẩn 50–70)")
	wantText(t, status, "Quỹ tăng thu nhập: 20.000.000 đ")
	sent := fake.SentTo(u.id)
	for i := 1; i < len(sent); i++ {
		if sent[i] == sent[i-1] {
			t.Errorf("message %d repeats the one before: %q", i, sent[i])
		}
	}
	if strings.Contains(strings.Join(sent, "\n"), "<b>") {
		t.Error("HTML tags reached Zalo")
	}
	if fake.Refreshes() != 1 {
		t.Errorf("%d token refreshes, want 1", fake.Refreshes())
	}
}

func TestServeHelpListsZalo(t *testing.T) {
	var out strings.Builder
	_ = run(context.Background(), []string{"serve", "--help"}, nil, &out, &out, func(string) string { return "" })
	for _, w := range []string{"-zalo-listen", "-zalo-path", "ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY",
		"ZALO_REFRESH_TOKEN", "ZALO_API_BASE", "ZALO_OAUTH_BASE"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("serve --help lacks %q", w)
		}
	}
}

func TestServeRefusesHalfConfiguredZalo(t *testing.T) {
	tg := telegramtest.NewServer(t)
	env := map[string]string{"TELEGRAM_BOT_TOKEN": tg.Token(), "TELEGRAM_API_ENDPOINT": tg.Endpoint(),
		"CLUBBOT_DB": filepath.Join(t.TempDir(), "clubbot.db"), "ZALO_LISTEN": "127.0.0.1:0", "ZALO_APP_ID": "1"}
	var out strings.Builder
	err := run(context.Background(), []string{"serve"}, nil, &out, &out, func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), "ZALO_OA_SECRET_KEY") {
		t.Fatalf("serve with Zalo half configured: %v", err)
	}
}
