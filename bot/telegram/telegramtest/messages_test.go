package telegramtest_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

func htmlMessage(chatID int64, text string) tgbotapi.MessageConfig {
	m := tgbotapi.NewMessage(chatID, text)
	m.ParseMode = tgbotapi.ModeHTML
	return m
}

func TestSendMessageHTML(t *testing.T) {
	srv, api := newAPI(t)
	for _, tc := range []struct {
		text, plain, err string
	}{
		{text: "<b>Quỹ</b> &amp; <i>thành viên</i> &lt;3 &#8364; &#x1F600;", plain: "Quỹ & thành viên <3 € 😀"},
		{text: `<a href="https://x.vn/?a=1&amp;b=2">link</a> > ok`, plain: "link > ok"},
		{text: `<pre><code class="language-go">x := 1</code></pre>`, plain: "x := 1"},
		{text: `<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler><B>u</B>`, plain: "stu"},
		{text: "a < b", err: `Unsupported start tag "" at byte offset 2`},
		{text: "a & b", err: "character '&' at byte offset 2"},
		{text: "&nbsp;", err: "character '&'"},
		{text: "<b>x</i>", err: `Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{text: "<b>x", err: `Can't find end tag corresponding to start tag "b"`},
		{text: "x</b>", err: "Unexpected end tag at byte offset 1"},
		{text: "<blink>x</blink>", err: `Unsupported start tag "blink"`},
		{text: "<span>x</span>", err: `Tag "span" must have class "tg-spoiler"`},
		{text: "<b></b>", err: "message text is empty"},
		{text: strings.Repeat("ư", 4096)},
		{text: strings.Repeat("ư", 4097), err: "message is too long"},
		{text: "<b>" + strings.Repeat("a", 4096) + "</b>"}, // the limit applies after parsing
	} {
		msg, err := api.Send(htmlMessage(7, tc.text))
		if tc.err != "" {
			if err == nil {
				t.Errorf("%q accepted", tc.text)
				continue
			}
			te := apiError(t, err)
			if te.Code != 400 || !strings.HasPrefix(te.Message, "Bad Request: ") || !strings.Contains(te.Message, tc.err) {
				t.Errorf("%q: %d %q, want one containing %q", tc.text, te.Code, te.Message, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.text, err)
			continue
		}
		if tc.plain != "" && msg.Text != tc.plain {
			t.Errorf("%q: text %q, want %q", tc.text, msg.Text, tc.plain)
		}
	}
	if n := len(srv.Sent(7)); n != 6 {
		t.Errorf("stored %d messages, want 6", n)
	}
}

func TestSendMessageResultAndEntities(t *testing.T) {
	srv, api := newAPI(t)
	srv.SendText(55, telegramtest.User{ID: 55, FirstName: "Mai"}, "hi") // takes a message id
	m := htmlMessage(55, "😀 <b>Bà Mai</b>")
	m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("Có", "y"), tgbotapi.NewInlineKeyboardButtonURL("Web", "https://x.vn")))
	msg, err := api.Send(m)
	if err != nil {
		t.Fatal(err)
	}
	if msg.MessageID != 2 || msg.Chat.ID != 55 || msg.Chat.Type != "private" || msg.Date == 0 || !msg.From.IsBot {
		t.Errorf("message = %+v", msg)
	}
	if len(msg.Entities) != 1 || msg.Entities[0].Type != "bold" || msg.Entities[0].Offset != 3 || msg.Entities[0].Length != 6 {
		t.Errorf("entities (UTF-16 offsets) = %+v", msg.Entities)
	}
	if msg.ReplyMarkup == nil || len(msg.ReplyMarkup.InlineKeyboard[0]) != 2 || *msg.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "y" {
		t.Errorf("reply_markup not echoed: %+v", msg.ReplyMarkup)
	}
	// Fields tgbotapi sends as "null" are absent.
	if f := srv.Requests("sendMessage")[0].Form; f.Has("entities") {
		t.Errorf("entities=null kept: %v", f)
	}
	m2, _ := api.Send(tgbotapi.NewMessage(55, "two"))
	if m2.MessageID != 3 {
		t.Errorf("message ids do not increase: %d", m2.MessageID)
	}
}

func TestButtonDataLimitInBytes(t *testing.T) {
	_, api := newAPI(t)
	send := func(data string) error {
		m := tgbotapi.NewMessage(1, "x")
		m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("b", data)))
		_, err := api.Send(m)
		return err
	}
	if err := send(strings.Repeat("a", 64)); err != nil {
		t.Errorf("64 bytes: %v", err)
	}
	for _, data := range []string{strings.Repeat("a", 65), strings.Repeat("ồ", 22), ""} {
		err := send(data)
		if err == nil {
			t.Errorf("%d bytes accepted", len(data))
			continue
		}
		if te := apiError(t, err); te.Message != "Bad Request: BUTTON_DATA_INVALID" {
			t.Errorf("%d bytes: %q", len(data), te.Message)
		}
	}
	m := tgbotapi.NewMessage(1, "x")
	m.ReplyMarkup = tgbotapi.InlineKeyboardMarkup{InlineKeyboard: [][]tgbotapi.InlineKeyboardButton{{{Text: "plain"}}}}
	if _, err := api.Send(m); err == nil {
		t.Error("inline button without action accepted")
	}
}

func TestEditsAndNotModified(t *testing.T) {
	srv, api := newAPI(t)
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("A", "a")))
	m := tgbotapi.NewMessage(4, "question")
	m.ReplyMarkup = kb
	msg, err := api.Send(m)
	if err != nil {
		t.Fatal(err)
	}
	_, err = api.Send(tgbotapi.NewEditMessageReplyMarkup(4, msg.MessageID, kb))
	if te := apiError(t, err); !strings.HasPrefix(te.Message, "Bad Request: message is not modified") {
		t.Errorf("identical markup edit: %q", te.Message)
	}
	edited, err := api.Send(tgbotapi.NewEditMessageText(4, msg.MessageID, "answered"))
	if err != nil {
		t.Fatal(err)
	}
	if edited.Text != "answered" || edited.ReplyMarkup != nil {
		t.Errorf("edited = %+v (an edit without reply_markup drops the keyboard)", edited)
	}
	if _, err := api.Send(tgbotapi.NewEditMessageText(4, 999, "x")); err == nil || !strings.Contains(err.Error(), "message to edit not found") {
		t.Errorf("edit of unknown message: %v", err)
	}
	sent := srv.Sent(4)
	if sent[0].Text != "answered" || sent[0].Edits != 1 || sent[0].Buttons != nil {
		t.Errorf("sent after edit = %+v", sent[0])
	}
}

func TestCallbackAnswer(t *testing.T) {
	srv, api := newAPI(t)
	m := tgbotapi.NewMessage(6, "pick")
	m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Một", "one")))
	if _, err := api.Send(m); err != nil {
		t.Fatal(err)
	}
	id, err := srv.Press(6, "Một")
	if err != nil {
		t.Fatal(err)
	}
	us, _ := api.GetUpdates(tgbotapi.UpdateConfig{})
	q := us[0].CallbackQuery
	if q == nil || q.ID != telegramtest.CallbackID(id) || q.Data != "one" || q.Message == nil ||
		q.Message.Chat.ID != 6 || q.Message.ReplyMarkup == nil || q.From.ID != 6 {
		t.Fatalf("callback = %+v", q)
	}
	if _, err := api.Request(tgbotapi.NewCallback(q.ID, "")); err != nil {
		t.Fatal(err)
	}
	if ok, _ := srv.Answered(q.ID); !ok {
		t.Error("not recorded as answered")
	}
	_, err = api.Request(tgbotapi.NewCallback(q.ID, ""))
	if te := apiError(t, err); !strings.Contains(te.Message, "query is too old") {
		t.Errorf("second answer: %q", te.Message)
	}
	if _, err := srv.Press(6, "Hai"); err == nil {
		t.Error("Press found a missing button")
	}
}

func TestUploadsAreMultipart(t *testing.T) {
	srv, api := newAPI(t)
	doc := tgbotapi.NewDocument(3, tgbotapi.FileBytes{Name: "bao-cao.csv", Bytes: []byte("a,b\n1,2\n")})
	doc.Caption = "<b>Báo cáo</b>"
	doc.ParseMode = tgbotapi.ModeHTML
	msg, err := api.Send(doc)
	if err != nil {
		t.Fatal(err)
	}
	if msg.Document == nil || msg.Document.FileName != "bao-cao.csv" || msg.Caption != "Báo cáo" {
		t.Errorf("document message = %+v", msg)
	}
	if _, err := api.Send(tgbotapi.NewPhoto(3, tgbotapi.FileBytes{Name: "p.jpg", Bytes: []byte{0xff, 0xd8}})); err != nil {
		t.Fatal(err)
	}
	sent := srv.Sent(3)
	if len(sent) != 2 || sent[0].Kind != "document" || string(sent[0].FileData) != "a,b\n1,2\n" || sent[1].Kind != "photo" {
		t.Errorf("sent = %+v", sent)
	}
	if c := srv.Requests("sendDocument")[0]; len(c.Files) != 1 || c.Files[0].Field != "document" {
		t.Errorf("call = %+v", c)
	}
	if _, err := api.Send(tgbotapi.NewDocument(3, tgbotapi.FileBytes{Name: "x", Bytes: []byte("x")})); err != nil {
		t.Fatal(err)
	}
	srv.FailNext("sendPhoto", 429, "", 5)
	_, err = api.Send(tgbotapi.NewPhoto(3, tgbotapi.FileBytes{Name: "p.jpg", Bytes: []byte{1}}))
	// On the upload path tgbotapi leaves Code at 0: only RetryAfter tells.
	if te := apiError(t, err); te.RetryAfter != 5 {
		t.Errorf("upload 429: %+v", te)
	}
}

func TestFaults(t *testing.T) {
	srv, api := newAPI(t)
	srv.FailNext("sendMessage", 429, "", 3)
	srv.FailNext("sendMessage", 500, "", 0)
	_, err := api.Send(tgbotapi.NewMessage(1, "x"))
	if te := apiError(t, err); te.Code != 429 || te.RetryAfter != 3 || te.Message != "Too Many Requests: retry after 3" {
		t.Errorf("429: %+v", te)
	}
	_, err = api.Send(tgbotapi.NewMessage(1, "x"))
	if te := apiError(t, err); te.Code != 500 {
		t.Errorf("500: %+v", te)
	}
	if _, err := api.Send(tgbotapi.NewMessage(1, "x")); err != nil {
		t.Errorf("third send: %v", err)
	}
	srv.InjectFault("sendMessage", telegramtest.Fault{Code: 502, RawBody: "<html>Bad Gateway</html>"})
	if _, err := api.Send(tgbotapi.NewMessage(1, "x")); err == nil {
		t.Error("502 page accepted")
	}
	srv.SetFaultHook(func(method string, form url.Values) *telegramtest.Fault {
		if method == "sendMessage" && form.Get("chat_id") == "2" {
			return &telegramtest.Fault{Code: 403}
		}
		return nil
	})
	if _, err := api.Send(tgbotapi.NewMessage(2, "x")); apiError(t, err).Code != 403 {
		t.Errorf("hook fault: %v", err)
	}
	if _, err := api.Send(tgbotapi.NewMessage(1, "x")); err != nil {
		t.Errorf("hook for another chat: %v", err)
	}
	if n := srv.Calls("sendMessage"); n != 6 {
		t.Errorf("Calls = %d, want 6", n)
	}
}

func TestWaitSentAndChatAction(t *testing.T) {
	srv, api := newAPI(t)
	go func() {
		time.Sleep(20 * time.Millisecond)
		api.Request(tgbotapi.NewChatAction(8, tgbotapi.ChatTyping))
		api.Send(tgbotapi.NewMessage(8, "one"))
		api.Send(tgbotapi.NewMessage(8, "two"))
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	sent, err := srv.WaitSent(ctx, 8, 2)
	if err != nil || len(sent) != 2 || sent[1].Text != "two" {
		t.Fatalf("WaitSent = %+v, %v", sent, err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if _, err := srv.WaitSent(short, 8, 3); err == nil {
		t.Error("WaitSent for a third message did not time out")
	}
	if srv.Calls("sendChatAction") != 1 {
		t.Error("chat action not recorded")
	}
}

func TestCommandsPerLanguage(t *testing.T) {
	srv, api := newAPI(t)
	vi := tgbotapi.SetMyCommandsConfig{Commands: []tgbotapi.BotCommand{{Command: "start", Description: "Bắt đầu"}}, LanguageCode: "vi"}
	if _, err := api.Request(vi); err != nil {
		t.Fatal(err)
	}
	en := tgbotapi.NewSetMyCommandsWithScopeAndLanguage(tgbotapi.NewBotCommandScopeDefault(), "en",
		tgbotapi.BotCommand{Command: "start", Description: "Start"})
	if _, err := api.Request(en); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("vi"); len(got) != 1 || got[0].Description != "Bắt đầu" {
		t.Errorf("vi = %+v", got)
	}
	if got := srv.Commands("en"); len(got) != 1 || got[0].Description != "Start" {
		t.Errorf("en = %+v", got)
	}
	got, err := api.GetMyCommandsWithConfig(tgbotapi.GetMyCommandsConfig{LanguageCode: "vi"})
	if err != nil || len(got) != 1 {
		t.Errorf("getMyCommands = %v, %v", got, err)
	}
	// A nil list goes out as "null", which the server treats as missing.
	if _, err := api.Request(tgbotapi.SetMyCommandsConfig{LanguageCode: "vi"}); err == nil {
		t.Error("setMyCommands without commands accepted")
	}
}
