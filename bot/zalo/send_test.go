package zalo

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/chattext"
	"github.com/clubbot/clubbot/bot/dialogue"
)

func TestSendPlainTextWithNumberedChoices(t *testing.T) {
	f := newFixture(t)
	out := bot.Outgoing{Channel: Name, ChatID: "84111", Text: "Bác chọn <b>giới tính</b> của <i>Lan &amp; Hoa</i>:",
		Buttons: [][]bot.Button{{{Label: "Nam", Data: "1:male"}, {Label: "Nữ", Data: "1:female"}}}}
	if err := f.ch.Send(t.Context(), out); err != nil {
		t.Fatal(err)
	}
	want := "Bác chọn giới tính của Lan & Hoa:\n1) Nam\n2) Nữ\nBác trả lời 1 hoặc 2."
	if got := f.zalo.SentTo("84111"); len(got) != 1 || got[0] != want {
		t.Fatalf("sent %q, want %q", got, want)
	}
	// The console shows the same text: one rendering for both.
	if console := chattext.Plain(dialogue.NumberedHTML(out)); console != want {
		t.Errorf("console renders %q", console)
	}
}

func TestSendSplitsLongTextAtLines(t *testing.T) {
	f := newFixture(t)
	var lines []string
	for i := range 300 {
		lines = append(lines, strings.Repeat("Câu lạc bộ ", 2)+string(rune('A'+i%26)))
	}
	out := bot.Outgoing{Channel: Name, ChatID: "84222", Text: strings.Join(lines, "\n"),
		Buttons: [][]bot.Button{{{Label: "Tiếp", Data: "1:next"}}}}
	if err := f.ch.Send(t.Context(), out); err != nil {
		t.Fatal(err)
	}
	got := f.zalo.SentTo("84222")
	if len(got) < 3 {
		t.Fatalf("%d parts, want a split", len(got))
	}
	var all []string
	for i, p := range got {
		if n := utf8.RuneCountInString(p); n > maxTextLen {
			t.Errorf("part %d has %d characters", i, n)
		}
		all = append(all, p)
	}
	joined := strings.Join(all, "\n")
	if !strings.HasPrefix(joined, lines[0]+"\n") || !strings.HasSuffix(joined, "1) Tiếp\nBác trả lời 1.") {
		t.Errorf("parts do not keep the text in order with the choices last")
	}
	if strings.Count(joined, "\n")+1 != len(lines)+2 {
		t.Errorf("a line was cut: %d lines for %d", strings.Count(joined, "\n")+1, len(lines)+2)
	}
}

func TestSendFileBecomesANoteAndPhoneRequestIsDropped(t *testing.T) {
	f := newFixture(t)
	out := bot.Outgoing{Channel: Name, ChatID: "84333", Text: "Tiến độ tuần 35", Lang: "en",
		File: &bot.File{Kind: bot.FileDocument, Name: "tien-do-2025-W35.xlsx", Data: []byte("PK")}}
	if err := f.ch.Send(t.Context(), out); err != nil {
		t.Fatal(err)
	}
	phone := bot.Outgoing{Channel: Name, ChatID: "84333", Text: "Mã mời?", RequestPhone: true, PhoneLabel: "📱"}
	if err := f.ch.Send(t.Context(), phone); err != nil {
		t.Fatal(err)
	}
	got := f.zalo.SentTo("84333")
	if len(got) != 2 || !strings.Contains(got[0], "The file tien-do-2025-W35.xlsx cannot be sent over Zalo") ||
		got[1] != "Mã mời?" {
		t.Errorf("sent %q", got)
	}
}

func TestSendErrorClassification(t *testing.T) {
	for _, tc := range []struct {
		name        string
		codes       []int
		permanent   bool
		unreachable bool
		retryAfter  bool
		sent        int
	}{
		{"invalid token refreshed and retried", []int{-216}, false, false, false, 1},
		{"expired token refreshed and retried", []int{-220}, false, false, false, 1},
		{"token refused twice", []int{-216, -220}, false, false, false, 0},
		{"not a follower", []int{-213}, true, true, false, 0},
		{"outside the window", []int{-230}, true, true, false, 0},
		{"no interaction", []int{-232}, true, true, false, 0},
		{"rate limited", []int{-32}, false, false, true, 0},
		{"out of quota", []int{-211}, false, false, true, 0},
		{"bad parameter", []int{-201}, true, false, false, 0},
		{"unknown code", []int{-999}, true, false, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.zalo.FailNext(tc.codes...)
			err := f.ch.Send(t.Context(), bot.Outgoing{Channel: Name, ChatID: "84444", Text: "Chào bác"})
			if n := len(f.zalo.SentTo("84444")); n != tc.sent {
				t.Fatalf("sent %d, want %d (err %v)", n, tc.sent, err)
			}
			if tc.sent == 1 {
				if err != nil {
					t.Fatalf("err %v", err)
				}
				return
			}
			var se *bot.SendError
			var ae *APIError
			if !errors.As(err, &se) || !errors.As(err, &ae) || ae.Code != tc.codes[len(tc.codes)-1] {
				t.Fatalf("err %v, want a SendError wrapping Zalo's code", err)
			}
			if se.Permanent != tc.permanent || (se.RetryAfter > 0) != tc.retryAfter {
				t.Errorf("permanent %v retryAfter %v", se.Permanent, se.RetryAfter)
			}
			if (bot.ErrorCode(err) == bot.EUNREACHABLE) != tc.unreachable {
				t.Errorf("code %s", bot.ErrorCode(err))
			}
		})
	}
}

func TestSendRefusedBeforeAnyCall(t *testing.T) {
	f := newFixture(t)
	for _, out := range []bot.Outgoing{
		{Channel: "telegram", ChatID: "1", Text: "x"},
		{Channel: Name, ChatID: "", Text: "x"},
		{Channel: Name, ChatID: "1", Text: "  "},
	} {
		var se *bot.SendError
		if err := f.ch.Send(t.Context(), out); !errors.As(err, &se) || !se.Permanent {
			t.Errorf("%+v: err %v, want permanent", out, err)
		}
	}
	if f.zalo.Refreshes() != 0 || len(f.zalo.Sent()) != 0 {
		t.Error("a refused message reached Zalo")
	}
}

func TestSendUnreachableUserAndNetworkFailure(t *testing.T) {
	f := newFixture(t)
	f.zalo.FailUser("84555", -230)
	err := f.ch.Send(t.Context(), bot.Outgoing{Channel: Name, ChatID: "84555", Text: "Bản tin tuần"})
	if bot.ErrorCode(err) != bot.EUNREACHABLE {
		t.Errorf("err %v, want unreachable", err)
	}
	f.zalo.Close()
	err = f.ch.Send(t.Context(), bot.Outgoing{Channel: Name, ChatID: "84556", Text: "x"})
	var se *bot.SendError
	if !errors.As(err, &se) || se.Permanent {
		t.Errorf("network failure: %v, want retryable", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := f.ch.Send(ctx, bot.Outgoing{Channel: Name, ChatID: "84556", Text: "x"}); !errors.As(err, &se) || se.Permanent {
		t.Errorf("cancelled: %v, want retryable", err)
	}
}
