package main

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
)

// linkCodeText finds an invite-format code in a message.
var linkCodeText = regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}`)

// TestOnePersonOnTelegramAndZalo runs one serve with both channels: a
// leader who joined on Telegram links her Zalo account with /link, Zalo
// knows her club, and the member she was adding on Telegram stays there.
func TestOnePersonOnTelegramAndZalo(t *testing.T) {
	tg, fake := telegramtest.NewServer(t), zalotest.NewServer(t, nil)
	dbPath := filepath.Join(t.TempDir(), "clubbot.db")
	db := openStore(t, dbPath)
	invite := seedInvite(t, db, seedClub(t, db, "CLB Hoa Sen"))
	db.Close()
	hook := startZaloBot(t, tg, fake, dbPath)
	lanTG := newUser(t, tg, 501)
	lanZalo := &zaloUser{t: t, fake: fake, hook: hook, id: "8412345678901234501"}

	wantText(t, lanTG.say("/start "+invite), "chủ nhiệm CLB Hoa Sen")
	wantText(t, lanTG.say("/member"), "Họ và tên")
	wantText(t, lanTG.say("Nguyễn Thị Hoa"), "Giới tính")
	shown := lanTG.say("/link")
	wantText(t, shown, "Mã nối tài khoản")
	wantText(t, shown, "Giới tính") // the dialogue goes on after the code
	code := linkCodeText.FindString(shown)
	if code == "" {
		t.Fatalf("no code in:\n%s", shown)
	}

	linked := lanZalo.say(code)
	wantText(t, linked, "Đã nối tài khoản Zalo này với tài khoản của bác.")
	wantText(t, linked, "Bác đang làm dở một việc trên Telegram; việc đó vẫn chờ bác ở đó.")
	wantText(t, linked, "chủ nhiệm CLB Hoa Sen")
	wantText(t, lanZalo.say("/status"), "CLB Hoa Sen")
	wantText(t, lanZalo.say("/lang en"), "Switched to English")

	// Telegram's draft is where she left it, now in the language she chose on Zalo.
	wantText(t, lanTG.say("1"), "Year of birth")
	wantText(t, lanZalo.say("/start "+code), "already been used")
}
