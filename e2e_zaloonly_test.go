package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot/zalo/zalotest"
)

func TestZaloOnlyServeOnboardsAndReports(t *testing.T) {
	fake := zalotest.NewServer(t, nil)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	code := seedInvite(t, db, seedClub(t, db, "CLB Sen Hồng"))
	db.Close()
	hook := startZaloBot(t, nil, fake, dbPath) // no Telegram token at all
	u := &zaloUser{t: t, fake: fake, hook: hook, id: "8499999999999999999"}

	if status, err := hook.Post(hook.Event("follow", u.id, "", "")); err != nil || status != http.StatusOK {
		t.Fatalf("follow: %d %v", status, err)
	}
	wantText(t, u.reply(), "mã mời")
	wantText(t, u.say(code), "chủ nhiệm CLB Sen Hồng")
	wantText(t, u.say("1"), "Họ và tên")
	wantText(t, u.say("Tran Van Binh"), "1) Nữ\n2) Nam")
	wantText(t, u.say("2"), "Năm sinh")
	wantText(t, u.say("1948"), "Hoàn cảnh")
	wantText(t, u.say("khong"), "dân tộc thiểu số")
	wantText(t, u.say("không"), "tình nguyện viên")
	wantText(t, u.say("có"), "Họ tên: Tran Van Binh")
	wantText(t, u.say("1"), "Đã lưu thành viên Tran Van Binh")
	wantText(t, u.say("Không"), "Cảm ơn")
	wantText(t, u.say("/status"), "Thành viên: 1 (chuẩn 50–70)") // counted from the store

}

func TestServeWithoutAnyChannelNamesBoth(t *testing.T) {
	var out strings.Builder
	env := map[string]string{"CLUBBOT_DB": filepath.Join(t.TempDir(), "clubbot.db")}
	err := run(context.Background(), []string{"serve"}, nil, &out, &out, func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("serve started with no channel")
	}
	for _, w := range []string{"TELEGRAM_BOT_TOKEN", "ZALO_LISTEN"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("serve's error %q does not name %s", err, w)
		}
	}
	if err := serve(context.Background(), serveConfig{config: config{DB: env["CLUBBOT_DB"]}}, nil, clock); err == nil ||
		!strings.Contains(err.Error(), "ZALO_LISTEN") {
		t.Errorf("serve() with no channel: %v", err)
	}
}

func TestZaloPromptsSpeakOfNoButtons(t *testing.T) {
	fake := zalotest.NewServer(t, nil)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	viCode := seedInvite(t, db, seedClub(t, db, "CLB Hoa Sen"))
	enCode := seedInvite(t, db, seedClub(t, db, "CLB Hoa Mai"))
	db.Close()
	hook := startZaloBot(t, nil, fake, dbPath)

	vi := &zaloUser{t: t, fake: fake, hook: hook, id: "8411111111111111111"}
	for _, c := range []struct{ say, want string }{
		{"/start", "Bác gõ mã mời mà cán bộ Hội đã gửi (ví dụ: 7KQ2-M9XD-T4RWA)."},
		{"/help", "Bác gõ mã đó vào đây."},
		{viCode, "chủ nhiệm CLB Hoa Sen"},
		{"1", "Họ và tên"},
		{"Nguyen Thi Hoa", "1) Nữ\n2) Nam"},
		{"không rõ", "Bác gõ số thứ tự của một lựa chọn (ví dụ: 1)."},
	} {
		got := vi.say(c.say)
		wantText(t, got, c.want)
		wantNoButtonWords(t, got)
	}

	en := &zaloUser{t: t, fake: fake, hook: hook, id: "8422222222222222222"}
	for _, c := range []struct{ say, want string }{
		{"/lang en", ""},
		{"/start", "Please type the invite code an Association officer sent you (for example: 7KQ2-M9XD-T4RWA)."},
		{"/help", "Type it here."},
		{enCode, "CLB Hoa Mai"},
		{"1", "full name"},
		{"Tran Van Binh", "1) "},
		{"maybe", "Please type the number of one of the choices (for example: 1)."},
	} {
		got := en.say(c.say)
		wantText(t, got, c.want)
		wantNoButtonWords(t, got)
	}
}
