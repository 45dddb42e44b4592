package telegram

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

func TestSendHTMLWithInlineKeyboard(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	out := bot.Outgoing{ID: 11, Channel: "telegram", ChatID: "501",
		Text: "<b>CLB Hoa Sen</b>: 12 thành viên &amp; 3 nhóm &lt;mới&gt;",
		Buttons: [][]bot.Button{
			{{Label: "Có", Data: "m:yes"}, {Label: "Không", Data: "m:no"}},
			{{Label: "Huỷ", Data: "cancel"}},
		}}
	if err := ch.Send(ctxTimeout(t), out); err != nil {
		t.Fatal(err)
	}
	calls := srv.Requests("sendMessage")
	if len(calls) != 1 {
		t.Fatalf("sendMessage calls = %d", len(calls))
	}
	f := calls[0].Form
	if f.Get("chat_id") != "501" || f.Get("parse_mode") != "HTML" || f.Get("text") != out.Text {
		t.Errorf("form = %v", f)
	}
	var markup map[string][][]map[string]string
	if err := json.Unmarshal([]byte(f.Get("reply_markup")), &markup); err != nil {
		t.Fatalf("reply_markup %q: %v", f.Get("reply_markup"), err)
	}
	wantMarkup := map[string][][]map[string]string{"inline_keyboard": {
		{{"text": "Có", "callback_data": "m:yes"}, {"text": "Không", "callback_data": "m:no"}},
		{{"text": "Huỷ", "callback_data": "cancel"}},
	}}
	if !reflect.DeepEqual(markup, wantMarkup) {
		t.Errorf("reply_markup = %v\nwant %v", markup, wantMarkup)
	}
	sent := srv.Sent(501)
	if len(sent) != 1 {
		t.Fatalf("sent %d messages", len(sent))
	}
	if sent[0].Text != "CLB Hoa Sen: 12 thành viên & 3 nhóm <mới>" || sent[0].ParseMode != "HTML" {
		t.Errorf("sent text %q mode %q", sent[0].Text, sent[0].ParseMode)
	}
	wantButtons := [][]telegramtest.Button{{{Text: "Có", Data: "m:yes"}, {Text: "Không", Data: "m:no"}}, {{Text: "Huỷ", Data: "cancel"}}}
	if !reflect.DeepEqual(sent[0].Buttons, wantButtons) {
		t.Errorf("buttons = %+v", sent[0].Buttons)
	}
}

func TestSendRequestPhoneThenRemoveKeyboard(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	ctx := ctxTimeout(t)
	if err := ch.Send(ctx, bot.Outgoing{ChatID: "77", Text: "Chia sẻ số điện thoại", RequestPhone: true, PhoneLabel: "📱 Gửi số điện thoại"}); err != nil {
		t.Fatal(err)
	}
	if err := ch.Send(ctx, bot.Outgoing{ChatID: "77", Text: "Cảm ơn"}); err != nil {
		t.Fatal(err)
	}
	if err := ch.Send(ctx, bot.Outgoing{ChatID: "77", Text: "Tiếp tục"}); err != nil {
		t.Fatal(err)
	}
	calls := srv.Requests("sendMessage")
	var kb struct {
		Keyboard [][]struct {
			Text           string `json:"text"`
			RequestContact bool   `json:"request_contact"`
		} `json:"keyboard"`
		OneTime bool `json:"one_time_keyboard"`
	}
	if err := json.Unmarshal([]byte(calls[0].Form.Get("reply_markup")), &kb); err != nil {
		t.Fatal(err)
	}
	if len(kb.Keyboard) != 1 || len(kb.Keyboard[0]) != 1 || !kb.Keyboard[0][0].RequestContact ||
		kb.Keyboard[0][0].Text != "📱 Gửi số điện thoại" || !kb.OneTime {
		t.Errorf("phone keyboard = %s", calls[0].Form.Get("reply_markup"))
	}
	if got := calls[1].Form.Get("reply_markup"); got != `{"remove_keyboard":true}` {
		t.Errorf("second message reply_markup = %q, want a ReplyKeyboardRemove", got)
	}
	if calls[2].Form.Has("reply_markup") {
		t.Errorf("third message has reply_markup %q", calls[2].Form.Get("reply_markup"))
	}
	sent := srv.Sent(77)
	if !sent[0].RequestContact || sent[0].ContactLabel != "📱 Gửi số điện thoại" || !sent[1].RemoveKeyboard || sent[2].RemoveKeyboard {
		t.Errorf("sent = %+v", sent)
	}
}

func TestSendUnescapedTextRejectedByFake(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	err := ch.Send(ctxTimeout(t), bot.Outgoing{ChatID: "8", Text: "Quỹ < 5 triệu"})
	var te *tgbotapi.Error
	if !errors.As(err, &te) {
		t.Fatalf("Send = %v, want a *tgbotapi.Error", err)
	}
	if te.Code != 400 || !strings.HasPrefix(te.Message, "Bad Request: can't parse entities") {
		t.Errorf("error = %d %q", te.Code, te.Message)
	}
	if len(srv.Sent(8)) != 0 {
		t.Error("the fake stored a rejected message")
	}
	if err := ch.Send(ctxTimeout(t), bot.Outgoing{ChatID: "8", Text: "A & B"}); !errors.As(err, &te) {
		t.Errorf("raw & accepted: %v", err)
	}
}

func TestSendRejectsLongCallbackData(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	data := strings.Repeat("ữ", 22) // 22 characters, 66 bytes
	err := ch.Send(ctxTimeout(t), bot.Outgoing{ChatID: "8", Text: "x", Buttons: [][]bot.Button{{{Label: "a", Data: data}}}})
	if bot.ErrorCode(err) != bot.EINVALID {
		t.Errorf("Send with 66-byte data = %v, want EINVALID", err)
	}
	// The fake rejects it too, as Telegram does.
	api, _ := srv.NewAPI()
	msg := tgbotapi.NewMessage(8, "x")
	msg.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("a", data)))
	_, err = api.Send(msg)
	var te *tgbotapi.Error
	if !errors.As(err, &te) || te.Code != 400 || te.Message != "Bad Request: BUTTON_DATA_INVALID" {
		t.Errorf("fake answered %v", err)
	}
}

func TestSendInvalid(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	ctx := ctxTimeout(t)
	for name, out := range map[string]bot.Outgoing{
		"bad chat":      {ChatID: "abc", Text: "x"},
		"other channel": {Channel: "zalo", ChatID: "1", Text: "x"},
		"empty":         {ChatID: "1", Text: "  "},
		"both keyboards": {ChatID: "1", Text: "x", RequestPhone: true, PhoneLabel: "p",
			Buttons: [][]bot.Button{{{Label: "a", Data: "b"}}}},
		"no phone label": {ChatID: "1", Text: "x", RequestPhone: true},
	} {
		if err := ch.Send(ctx, out); bot.ErrorCode(err) != bot.EINVALID {
			t.Errorf("%s: Send = %v, want EINVALID", name, err)
		}
	}
	if n := srv.Calls("sendMessage"); n != 0 {
		t.Errorf("%d sendMessage calls for invalid messages", n)
	}
}

func TestSendErrorsWrapTelegramErrors(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	ctx := ctxTimeout(t)
	srv.FailNext("sendMessage", 429, "", 7)
	err := ch.Send(ctx, bot.Outgoing{ChatID: "9", Text: "hi"})
	if RetryAfter(err) != 7*time.Second {
		t.Errorf("RetryAfter(%v) = %v, want 7s", err, RetryAfter(err))
	}
	srv.Block(9)
	err = ch.Send(ctx, bot.Outgoing{ChatID: "9", Text: "hi"})
	var te *tgbotapi.Error
	if !errors.As(err, &te) || te.Code != 403 || te.Message != "Forbidden: bot was blocked by the user" {
		t.Errorf("blocked: %v", err)
	}
}

func TestSendSplitsLongText(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	var b strings.Builder
	b.WriteString("<b>Danh sách thành viên</b>\n<i>")
	for i := range 150 {
		b.WriteString(strings.Repeat("Nguyễn Thị Hoa ", 3))
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(" &amp; bà Lan\n")
	}
	b.WriteString("</i>Hết.")
	text := b.String()
	if utf8.RuneCountInString(text) <= 8192 {
		t.Fatalf("test text too short: %d", utf8.RuneCountInString(text))
	}
	buttons := [][]bot.Button{{{Label: "OK", Data: "ok"}}}
	if err := ch.Send(ctxTimeout(t), bot.Outgoing{ChatID: "3", Text: text, Buttons: buttons}); err != nil {
		t.Fatal(err)
	}
	sent := srv.Sent(3)
	if len(sent) != 3 {
		t.Fatalf("sent %d parts, want 3", len(sent))
	}
	var joined []string
	for i, m := range sent {
		if n := utf8.RuneCountInString(m.RawText); n > 4096 {
			t.Errorf("part %d has %d characters", i, n)
		}
		if (m.Buttons != nil) != (i == len(sent)-1) {
			t.Errorf("part %d buttons = %v", i, m.Buttons)
		}
		joined = append(joined, m.Text)
	}
	want := strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(text, "<b>", ""), "</b>", ""), "&amp;", "&")
	want = strings.ReplaceAll(strings.ReplaceAll(want, "<i>", ""), "</i>", "")
	if got := strings.Join(joined, "\n"); got != want {
		t.Errorf("parts do not add up to the text")
	}
	if !strings.HasPrefix(sent[1].RawText, "<i>") || !strings.HasSuffix(sent[0].RawText, "</i>") {
		t.Errorf("open <i> not carried across the cut: %q ... %q", sent[0].RawText[len(sent[0].RawText)-20:], sent[1].RawText[:20])
	}
}

func TestSetCommands(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	err := ch.SetCommands(ctxTimeout(t), map[string][]Command{
		"vi": {{Name: "start", Description: "Bắt đầu"}, {Name: "status", Description: "Tình hình câu lạc bộ"}},
		"en": {{Name: "start", Description: "Start"}, {Name: "status", Description: "Club status"}},
		"":   {{Name: "start", Description: "Start"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []telegramtest.Command{{Command: "start", Description: "Bắt đầu"}, {Command: "status", Description: "Tình hình câu lạc bộ"}}
	if got := srv.Commands("vi"); !reflect.DeepEqual(got, want) {
		t.Errorf("vi commands = %+v", got)
	}
	if got := srv.Commands("en"); len(got) != 2 || got[1].Description != "Club status" {
		t.Errorf("en commands = %+v", got)
	}
	if got := srv.Commands(""); len(got) != 1 {
		t.Errorf("default commands = %+v", got)
	}
	var langs []string
	for _, c := range srv.Requests("setMyCommands") {
		langs = append(langs, c.Form.Get("language_code"))
	}
	if !reflect.DeepEqual(langs, []string{"", "en", "vi"}) {
		t.Errorf("language codes sent = %q", langs)
	}
	err = ch.SetCommands(ctxTimeout(t), map[string][]Command{"vi": {{Name: "Bad-Name", Description: "x"}}})
	var te *tgbotapi.Error
	if !errors.As(err, &te) || te.Message != "Bad Request: BOT_COMMAND_INVALID" {
		t.Errorf("invalid command: %v", err)
	}
}
