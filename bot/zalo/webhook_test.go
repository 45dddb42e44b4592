package zalo

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/zalo/zalotest"
)

func TestWebhookSignature(t *testing.T) {
	f := newFixture(t)
	body := f.hook.Event("user_send_text", "8412345678901234567", f.hook.NextMsgID(), "xin chào")
	good := f.hook.Sign(body)
	otherApp := &zalotest.Webhook{URL: f.hook.URL, AppID: "1111", OASecretKey: oaSecret}
	forgedBody := strings.Replace(string(body), "xin chào", "/status", 1)
	for _, tc := range []struct {
		name, signature string
		body            []byte
		want            int
	}{
		{"missing", "", body, http.StatusUnauthorized},
		{"forged", "mac=" + strings.Repeat("ab", 32), body, http.StatusUnauthorized},
		{"body changed after signing", good, []byte(forgedBody), http.StatusUnauthorized},
		{"without mac= prefix", strings.TrimPrefix(good, "mac="), body, http.StatusUnauthorized},
		{"signed for another app", otherApp.Sign(body), body, http.StatusUnauthorized},
		{"good", good, body, http.StatusOK},
		{"replayed", good, body, http.StatusOK},
	} {
		status, err := f.hook.PostSigned(tc.body, tc.signature)
		if err != nil || status != tc.want {
			t.Errorf("%s: status %d, %v; want %d", tc.name, status, err, tc.want)
		}
	}
	got := f.inbox.recorded()
	if len(got) != 1 || got[0].Text != "xin chào" || got[0].ChatID != "8412345678901234567" {
		t.Fatalf("recorded %+v, want the one good event once", got)
	}
	if len(f.notices) != 1 {
		t.Errorf("dispatcher told %d times, want once", len(f.notices))
	}
}

func TestWebhookRefusesOtherMethodsAndFailingInbox(t *testing.T) {
	f := newFixture(t)
	resp, err := http.Get(f.hook.URL)
	if err != nil || resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %v %v", resp, err)
	}
	resp.Body.Close()
	f.inbox.err = errors.New("disk full")
	if status, _ := f.hook.Text("84123", "hello"); status != http.StatusServiceUnavailable {
		t.Errorf("inbox failing: status %d, want 503", status)
	}
}

func TestTranslate(t *testing.T) {
	const user = "8412345678901234567"
	big := "9007199254740993" // over 2^53: a float64 would change it
	for _, tc := range []struct {
		event, text string
		ok          bool
		want        bot.Inbound
	}{
		{"user_send_text", "Nguyễn Thị Hoa", true, bot.Inbound{Kind: bot.InputText, Text: "Nguyễn Thị Hoa"}},
		{"user_send_text", "/start 7KQ2-M9XD-T4RWA", true, bot.Inbound{Kind: bot.InputCommand, Command: "start", Text: "7KQ2-M9XD-T4RWA"}},
		{"user_send_text", "/Status", true, bot.Inbound{Kind: bot.InputCommand, Command: "status"}},
		{"user_send_text", "1/2", true, bot.Inbound{Kind: bot.InputText, Text: "1/2"}},
		{"user_send_text", "   ", false, bot.Inbound{}},
		{"follow", "", true, bot.Inbound{Kind: bot.InputCommand, Command: "start"}},
		{"user_send_sticker", "", true, bot.Inbound{Kind: bot.InputUnsupported}},
		{"user_send_image", "", true, bot.Inbound{Kind: bot.InputUnsupported}},
		{"user_send_audio", "", true, bot.Inbound{Kind: bot.InputUnsupported}},
		{"user_send_file", "", true, bot.Inbound{Kind: bot.InputUnsupported}},
		{"user_send_location", "", true, bot.Inbound{Kind: bot.InputUnsupported}},
		{"oa_send_text", "Chào bác", false, bot.Inbound{}},
		{"oa_send_image", "", false, bot.Inbound{}},
		{"unfollow", "", false, bot.Inbound{}},
		{"user_seen_message", "", false, bot.Inbound{}},
	} {
		var ev Event
		ev.EventName, ev.Timestamp, ev.Message.MsgID, ev.Message.Text = tc.event, "1543908534740", ID(big), tc.text
		if tc.event == "follow" {
			ev.Follower.ID, ev.Message.MsgID = user, ""
		} else {
			ev.Sender.ID = user
		}
		in, ok := Translate(ev)
		if ok != tc.ok {
			t.Errorf("%s %q: ok = %v", tc.event, tc.text, ok)
			continue
		}
		if !ok {
			continue
		}
		if in.Channel != Name || in.ChatID != user || in.ChannelUserID != user || !in.Typed {
			t.Errorf("%s: addressed %+v", tc.event, in)
		}
		wantKey := "zalo:" + big
		if tc.event == "follow" {
			wantKey = "zalo:follow:" + user + ":1543908534740"
		}
		if in.Key != wantKey {
			t.Errorf("%s: key %q, want %q", tc.event, in.Key, wantKey)
		}
		if in.Kind != tc.want.Kind || in.Command != tc.want.Command || in.Text != tc.want.Text {
			t.Errorf("%s %q: got %s/%q/%q, want %s/%q/%q", tc.event, tc.text, in.Kind, in.Command, in.Text,
				tc.want.Kind, tc.want.Command, tc.want.Text)
		}
	}
}

func TestEventIDsStayExact(t *testing.T) {
	f := newFixture(t)
	// A msg_id sent as a bare JSON number over 2^53 keeps every digit.
	body := []byte(`{"app_id":"` + f.zalo.AppID + `","event_name":"user_send_text","timestamp":1543908534740,` +
		`"sender":{"id":9007199254740993},"message":{"msg_id":9007199254740995,"text":"hi"}}`)
	if status, err := f.hook.Post(body); err != nil || status != http.StatusOK {
		t.Fatalf("post: %d %v", status, err)
	}
	got := f.inbox.recorded()
	if len(got) != 1 || got[0].Key != "zalo:9007199254740995" || got[0].ChatID != "9007199254740993" {
		t.Fatalf("recorded %+v", got)
	}
}

func TestTypedChoiceIsAPress(t *testing.T) {
	f := newFixture(t)
	const user = "84999"
	out := bot.Outgoing{Channel: Name, ChatID: user, Text: "Giới tính?", Buttons: [][]bot.Button{
		{{Label: "Nam", Data: "4:male"}, {Label: "Nữ", Data: "4:female"}}}}
	if err := f.ch.Send(t.Context(), out); err != nil {
		t.Fatal(err)
	}
	for _, typed := range []string{"2", "nu"} {
		if status, err := f.hook.Text(user, typed); err != nil || status != 200 {
			t.Fatalf("post %q: %d %v", typed, status, err)
		}
	}
	f.hook.Text(user, "3") // no such choice: text for the engine
	got := f.inbox.recorded()
	if len(got) != 3 || got[0].Kind != bot.InputButton || got[0].Data != "4:female" || got[1].Data != "4:female" ||
		got[2].Kind != bot.InputText || got[2].Text != "3" {
		t.Fatalf("recorded %+v", got)
	}
}
