package telegram

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/telegram/telegramtest"
)

func TestPollRecordsInOrderAndConfirms(t *testing.T) {
	inbox := newInbox()
	var notified atomic.Int32
	srv, ch := newChannel(t, inbox, WithNotify(func([]bot.Inbound) { notified.Add(1) }))
	lan := telegramtest.User{ID: 501, FirstName: "Lan", LastName: "Nguyễn", LanguageCode: "vi"}
	id1 := srv.SendText(501, lan, "xin chào")
	id2 := srv.SendText(501, lan, "hai")
	id3 := srv.SendText(501, lan, "ba")

	startPoll(t, ch)
	got := inbox.wait(t, 3)
	for i, id := range []int{id1, id2, id3} {
		if want := "telegram:" + strconv.Itoa(id); got[i].Key != want {
			t.Errorf("event %d key = %q, want %q", i, got[i].Key, want)
		}
	}
	want := bot.Inbound{Key: Key(id1), Channel: "telegram", ChatID: "501", ChannelUserID: "501",
		Name: "Lan Nguyễn", LangHint: "vi", Kind: bot.InputText, Text: "xin chào"}
	if !reflect.DeepEqual(got[0], want) {
		t.Errorf("event 0 = %+v\nwant       %+v", got[0], want)
	}

	// The next getUpdates carries offset = last id + 1, which confirms all
	// three: the fake drops them.
	waitFor(t, srv, "updates confirmed", func() bool { return len(srv.Pending()) == 0 })
	var confirmed bool
	for _, c := range srv.Requests("getUpdates") {
		if c.Form.Get("offset") == strconv.Itoa(id3+1) {
			confirmed = true
		}
	}
	if !confirmed {
		t.Errorf("no getUpdates with offset %d", id3+1)
	}
	first := srv.Requests("getUpdates")[0]
	if first.Form.Get("timeout") != "50" || first.Form.Get("allowed_updates") != `["message","callback_query"]` || first.Form.Has("offset") {
		t.Errorf("first getUpdates form = %v", first.Form)
	}
	calls := srv.Requests("")
	if calls[1].Method != "deleteWebhook" || calls[2].Method != "getUpdates" {
		t.Errorf("calls after getMe: %s, %s; want deleteWebhook, getUpdates", calls[1].Method, calls[2].Method)
	}
	if notified.Load() == 0 {
		t.Error("notify was not called")
	}

	// A later update arrives during the long poll.
	id4 := srv.SendText(501, lan, "bốn")
	if got := inbox.wait(t, 4); got[3].Key != Key(id4) {
		t.Errorf("event 3 key = %q, want %q", got[3].Key, Key(id4))
	}
}

func TestPollTranslatesKinds(t *testing.T) {
	inbox := newInbox()
	srv, ch := newChannel(t, inbox)
	hoa := telegramtest.User{ID: 42, FirstName: "Hoa", LanguageCode: "en"}
	start := srv.SendCommand(42, hoa, "start", "ABC123")
	status := srv.SendText(42, hoa, "/Status@"+telegramtest.DefaultBotUsername)
	srv.SendText(42, hoa, "/help@SomeOtherBot")      // for another bot: skipped
	srv.SendUpdate("edited_message", map[string]any{ // other kind: skipped
		"message_id": 1, "date": 1, "chat": map[string]any{"id": 42, "type": "private"}, "text": "edited"})
	srv.SendText(-1001, hoa, "hello group") // not a private chat: skipped
	own := srv.ShareContact(42, "+84901234567", true)
	other := srv.ShareContact(42, "+84907654321", false)
	sticker := srv.SendSticker(42)
	photo := srv.SendPhoto(42, "a caption")
	inline := srv.PressInlineButton(hoa, "AAEAAQ-inline", "vote:1")
	last := srv.SendText(42, hoa, "done")

	startPoll(t, ch)
	got := inbox.wait(t, 7)
	base := bot.Inbound{Channel: "telegram", ChatID: "42", ChannelUserID: "42", Name: "Hoa", LangHint: "en"}
	with := func(id int, f func(*bot.Inbound)) bot.Inbound {
		in := base
		in.Key = Key(id)
		f(&in)
		return in
	}
	want := []bot.Inbound{
		with(start, func(in *bot.Inbound) { in.Kind, in.Command, in.Text = bot.InputCommand, "start", "ABC123" }),
		with(status, func(in *bot.Inbound) { in.Kind, in.Command = bot.InputCommand, "status" }),
		with(own, func(in *bot.Inbound) { in.Kind, in.Phone, in.OwnContact = bot.InputContact, "+84901234567", true }),
		with(other, func(in *bot.Inbound) { in.Kind, in.Phone = bot.InputContact, "+84907654321" }),
		with(sticker, func(in *bot.Inbound) { in.Kind = bot.InputUnsupported }),
		with(photo, func(in *bot.Inbound) { // its largest size, by id, for an announcement
			in.Kind, in.Caption = bot.InputUnsupported, "a caption"
			in.File = &bot.File{Kind: bot.FilePhoto, ID: "ph" + strconv.Itoa(photo) + "m"}
		}),
		with(last, func(in *bot.Inbound) { in.Kind, in.Text = bot.InputText, "done" }),
	}
	if !reflect.DeepEqual(got, want) {
		for i := range max(len(got), len(want)) {
			var g, w bot.Inbound
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("event %d:\n got %+v\nwant %+v", i, g, w)
			}
		}
	}
	// Skipped updates are confirmed too, and the inline-mode callback was
	// answered without panicking.
	waitFor(t, srv, "all confirmed", func() bool { return len(srv.Pending()) == 0 })
	if ok, _ := srv.Answered(telegramtest.CallbackID(inline)); !ok {
		t.Error("callback from an inline message was not answered")
	}
}

func TestPollButtonPress(t *testing.T) {
	inbox := newInbox()
	srv, ch := newChannel(t, inbox)
	err := ch.Send(ctxTimeout(t), bot.Outgoing{Channel: "telegram", ChatID: "7", Text: "Chọn:",
		Buttons: [][]bot.Button{{{Label: "Có", Data: "yes"}, {Label: "Không", Data: "no"}}}})
	if err != nil {
		t.Fatal(err)
	}
	startPoll(t, ch)
	upd, err := srv.Press(7, "Không")
	if err != nil {
		t.Fatal(err)
	}
	got := inbox.wait(t, 1)[0]
	if got.Kind != bot.InputButton || got.Data != "no" || got.ChatID != "7" || got.ChannelUserID != "7" ||
		got.CallbackID != telegramtest.CallbackID(upd) || got.Key != Key(upd) {
		t.Errorf("button event = %+v", got)
	}
	waitFor(t, srv, "callback answered", func() bool {
		ok, _ := srv.Answered(telegramtest.CallbackID(upd))
		return ok
	})
}

// A crash after recording but before the next getUpdates leaves the update
// unconfirmed: it comes again and the inbox's duplicate check ignores it.
func TestPollDuplicateUpdateIgnored(t *testing.T) {
	inbox := newInbox()
	srv := telegramtest.NewServer(t)
	id := srv.SendText(9, telegramtest.User{}, "báo cáo quỹ")

	ctx, cancel := context.WithCancel(context.Background())
	inbox.onRecord = func(bot.Inbound) { cancel() } // "crash" right after recording
	first := channelOn(t, srv, inbox)
	if err := first.Poll(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Poll = %v, want context.Canceled", err)
	}
	if p := srv.Pending(); len(p) != 1 || p[0] != id {
		t.Fatalf("pending after crash = %v, want [%d]", p, id)
	}

	inbox.onRecord = nil
	var notified atomic.Int32
	second := channelOn(t, srv, inbox, WithNotify(func([]bot.Inbound) { notified.Add(1) }))
	startPoll(t, second)
	waitFor(t, srv, "redelivered update confirmed", func() bool { return len(srv.Pending()) == 0 })
	if n := inbox.attemptsFor(Key(id)); n != 2 {
		t.Errorf("RecordInbound called %d times for the update, want 2", n)
	}
	if got := inbox.recorded(); len(got) != 1 {
		t.Errorf("recorded %d events, want 1", len(got))
	}
	if notified.Load() != 0 {
		t.Error("notify called for a batch with no new event")
	}
}

// While the inbox fails, the offset stays at the failed update, which is
// delivered again and recorded once the inbox recovers.
func TestPollInboxFailureDoesNotAdvance(t *testing.T) {
	inbox := newInbox()
	srv, ch := newChannel(t, inbox)
	id1 := srv.SendText(5, telegramtest.User{}, "một")
	id2 := srv.SendText(5, telegramtest.User{}, "hai")
	inbox.failKey(Key(id2), 2)

	startPoll(t, ch)
	got := inbox.wait(t, 2)
	if got[0].Key != Key(id1) || got[1].Key != Key(id2) {
		t.Fatalf("recorded %s, %s; want %s, %s", got[0].Key, got[1].Key, Key(id1), Key(id2))
	}
	waitFor(t, srv, "confirmed", func() bool { return len(srv.Pending()) == 0 })
	if n := inbox.attemptsFor(Key(id2)); n != 3 {
		t.Errorf("attempts for update 2 = %d, want 3", n)
	}
	if n := inbox.attemptsFor(Key(id1)); n != 1 {
		t.Errorf("attempts for update 1 = %d, want 1", n)
	}
	var offsets []string
	for _, c := range srv.Requests("getUpdates") {
		offsets = append(offsets, c.Form.Get("offset"))
	}
	next := strconv.Itoa(id1 + 1)
	want := []string{"", next, next, strconv.Itoa(id2 + 1)}
	if len(offsets) < len(want) || !reflect.DeepEqual(offsets[:len(want)], want) {
		t.Errorf("getUpdates offsets = %q, want prefix %q", offsets, want)
	}
}

func TestPollHonoursRetryAfter(t *testing.T) {
	inbox := newInbox()
	srv, ch := newChannel(t, inbox)
	srv.FailNext("getUpdates", 429, "", 1)
	srv.SendText(3, telegramtest.User{}, "hello")
	startPoll(t, ch)
	inbox.wait(t, 1)
	calls := srv.Requests("getUpdates")
	if len(calls) < 2 || calls[0].Status != 429 {
		t.Fatalf("getUpdates calls: %+v", calls)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < time.Second {
		t.Errorf("retried after %v, want at least retry_after = 1s", gap)
	}
}

func TestPollRetriesServerErrorsAndDeleteWebhook(t *testing.T) {
	inbox := newInbox()
	srv, ch := newChannel(t, inbox)
	srv.FailNext("deleteWebhook", 500, "", 0)
	srv.FailNext("getUpdates", 502, "", 0)
	srv.InjectFault("getUpdates", telegramtest.Fault{Code: 502, RawBody: "<html><body>502 Bad Gateway</body></html>"})
	srv.SendText(3, telegramtest.User{}, "hello")
	startPoll(t, ch)
	inbox.wait(t, 1)
	if n := srv.Calls("deleteWebhook"); n != 2 {
		t.Errorf("deleteWebhook calls = %d, want 2", n)
	}
}

func TestPollReturnsOnCancelDuringLongPoll(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	stop := startPoll(t, ch)
	waitFor(t, srv, "long poll", srv.Polling)
	start := time.Now()
	stop()
	if d := time.Since(start); d > time.Second {
		t.Errorf("Poll took %v to return after cancel", d)
	}
}

func TestPollOnlyOnce(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	startPoll(t, ch)
	waitFor(t, srv, "long poll", srv.Polling)
	if err := ch.Poll(context.Background()); err == nil {
		t.Error("a second concurrent Poll on the same Channel did not fail")
	}
}
