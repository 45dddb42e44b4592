package telegram

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
)

func TestParseCommand(t *testing.T) {
	for _, tc := range []struct {
		text, name, args string
		isCmd, forUs     bool
	}{
		{"/start", "start", "", true, true},
		{"/start ABC123", "start", "ABC123", true, true},
		{"/START  abc def ", "start", "abc def", true, true},
		{"/status@ClubBot", "status", "", true, true},
		{"/status@clubbot now", "status", "now", true, true},
		{"/status@OtherBot", "status", "", true, false},
		{"/note dòng 1\ndòng 2", "note", "dòng 1\ndòng 2", true, true},
		{"/", "", "", false, false},
		{"/ hello", "", "", false, false},
		{"/đi", "", "", false, false},
		{"hello /start", "", "", false, false},
	} {
		name, args, isCmd, forUs := parseCommand(tc.text, "ClubBot")
		if name != tc.name || args != tc.args || isCmd != tc.isCmd || forUs != tc.forUs {
			t.Errorf("parseCommand(%q) = %q, %q, %v, %v; want %q, %q, %v, %v",
				tc.text, name, args, isCmd, forUs, tc.name, tc.args, tc.isCmd, tc.forUs)
		}
	}
}

func TestTranslateGuards(t *testing.T) {
	user := &tgbotapi.User{ID: 5, FirstName: "An"}
	private := &tgbotapi.Chat{ID: 5, Type: "private"}
	for name, u := range map[string]tgbotapi.Update{
		"inline callback":    {UpdateID: 1, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q", From: user, InlineMessageID: "i", Data: "d"}},
		"callback no from":   {UpdateID: 2, CallbackQuery: &tgbotapi.CallbackQuery{ID: "q", Message: &tgbotapi.Message{Chat: private}}},
		"message no from":    {UpdateID: 3, Message: &tgbotapi.Message{Chat: private, Text: "x"}},
		"message no chat":    {UpdateID: 4, Message: &tgbotapi.Message{From: user, Text: "x"}},
		"service message":    {UpdateID: 5, Message: &tgbotapi.Message{From: user, Chat: private, NewChatMembers: []tgbotapi.User{*user}}},
		"edited message":     {UpdateID: 6, EditedMessage: &tgbotapi.Message{From: user, Chat: private, Text: "x"}},
		"from a bot":         {UpdateID: 7, Message: &tgbotapi.Message{From: &tgbotapi.User{ID: 5, IsBot: true}, Chat: private, Text: "x"}},
		"group text":         {UpdateID: 8, Message: &tgbotapi.Message{From: user, Chat: &tgbotapi.Chat{ID: -5, Type: "group"}, Text: "x"}},
		"empty update":       {UpdateID: 9},
		"other bot command":  {UpdateID: 10, Message: &tgbotapi.Message{From: user, Chat: private, Text: "/start@Other"}},
		"chat member update": {UpdateID: 11, MyChatMember: &tgbotapi.ChatMemberUpdated{Chat: *private, From: *user}},
	} {
		if in, ok := Translate(u, "ClubBot"); ok {
			t.Errorf("%s: translated to %+v, want skipped", name, in)
		}
	}
	in, ok := Translate(tgbotapi.Update{UpdateID: 12, Message: &tgbotapi.Message{From: user, Chat: private,
		Voice: &tgbotapi.Voice{FileID: "v"}}}, "ClubBot")
	if !ok || in.Kind != bot.InputUnsupported || in.Key != "telegram:12" {
		t.Errorf("voice = %+v, %v", in, ok)
	}
	in, ok = Translate(tgbotapi.Update{UpdateID: 13, Message: &tgbotapi.Message{From: user, Chat: private,
		Contact: &tgbotapi.Contact{PhoneNumber: "+84901", UserID: 0}}}, "ClubBot")
	if !ok || in.Kind != bot.InputContact || in.OwnContact {
		t.Errorf("contact without user_id = %+v, %v", in, ok)
	}
}

func TestTranslateKeepsADocumentByItsID(t *testing.T) {
	user := &tgbotapi.User{ID: 5, FirstName: "An"}
	private := &tgbotapi.Chat{ID: 5, Type: "private"}
	m := &tgbotapi.Message{From: user, Chat: private, Caption: "Kế hoạch quý",
		Document: &tgbotapi.Document{FileID: "BQADdoc2", FileName: "ke-hoach.pdf"}}
	in, ok := Translate(tgbotapi.Update{UpdateID: 9, Message: m}, "ClubBot")
	if !ok || in.Kind != bot.InputUnsupported || in.Text != "" || in.Caption != "Kế hoạch quý" || in.File == nil ||
		in.File.Kind != bot.FileDocument || in.File.ID != "BQADdoc2" || in.File.Name != "ke-hoach.pdf" {
		t.Fatalf("Translate = %+v (file %+v), %v", in, in.File, ok)
	}
	m = &tgbotapi.Message{From: user, Chat: private, Sticker: &tgbotapi.Sticker{FileID: "stk"}}
	if in, _ := Translate(tgbotapi.Update{UpdateID: 10, Message: m}, "ClubBot"); in.File != nil {
		t.Fatalf("a sticker carries a file: %+v", in.File)
	}
}
