package dialogue

import (
	"testing"

	"github.com/clubbot/clubbot/bot/chattext"

	"github.com/clubbot/clubbot/bot"
)

func TestNumberedHTML(t *testing.T) {
	for _, tc := range []struct {
		name string
		out  bot.Outgoing
		want string
	}{
		{"no buttons", bot.Outgoing{Text: "<b>Xin chào</b> &amp; chúc mừng"}, "Xin chào & chúc mừng"},
		{"one", bot.Outgoing{Text: "Nhắc", Buttons: [][]bot.Button{{{Label: "Báo cáo quỹ", Data: "0:menu.fund"}}}},
			"Nhắc\n1) Báo cáo quỹ\nBác trả lời 1."},
		{"rows flattened in order", bot.Outgoing{Text: "Giới tính?", Buttons: [][]bot.Button{
			{{Label: "Nam", Data: "1:male"}, {Label: "Nữ", Data: "1:female"}}, {{Label: "Khác", Data: "1:x"}}}},
			"Giới tính?\n1) Nam\n2) Nữ\n3) Khác\nBác trả lời 1, 2 hoặc 3."},
		{"english, escaped label", bot.Outgoing{Text: "Gender?", Lang: "en", Buttons: [][]bot.Button{
			{{Label: "Male <M>", Data: "1:male"}, {Label: "Female", Data: "1:female"}}}},
			"Gender?\n1) Male <M>\n2) Female\nReply 1 or 2."},
	} {
		if got := chattext.Plain(NumberedHTML(tc.out)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestNumberedChoicesPress(t *testing.T) {
	n := NewNumberedChoices()
	n.Show(bot.Outgoing{ChatID: "a", Text: "?", Buttons: [][]bot.Button{
		{{Label: "Hộ nghèo", Data: "3:poor"}}, {{Label: "Hộ cận nghèo", Data: "3:near_poor"}}}})
	n.Show(bot.Outgoing{ChatID: "b", Text: "?", Buttons: [][]bot.Button{{{Label: "💰 Báo cáo quỹ", Data: "0:menu.fund"}}}})
	for _, tc := range []struct {
		chat, text, data string
		ok               bool
	}{
		{"a", "2", "3:near_poor", true},
		{"a", "ho ngheo", "3:poor", true},
		{"a", "HỘ CẬN NGHÈO", "3:near_poor", true},
		{"a", "3", "", false},
		{"a", "can ngheo", "3:near_poor", true},
		{"a", "ngheo", "", false}, // both: the engine asks again
		{"b", "1", "0:menu.fund", true},
		{"b", "bao cao quy", "0:menu.fund", true},
		{"b", "chao", "", false}, // no typo read: it may be no answer
		{"c", "1", "", false},
	} {
		data, ok := n.Press(tc.chat, tc.text)
		if data != tc.data || ok != tc.ok {
			t.Errorf("Press(%q, %q) = %q, %v; want %q, %v", tc.chat, tc.text, data, ok, tc.data, tc.ok)
		}
	}
	n.Show(bot.Outgoing{ChatID: "a", Text: "Họ tên?"}) // a question without choices
	if _, ok := n.Press("a", "1"); ok {
		t.Error("a message without buttons did not forget the earlier choices")
	}
}
