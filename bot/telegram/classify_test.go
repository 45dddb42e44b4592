package telegram

import (
	"errors"
	"fmt"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
)

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		name      string
		err       error
		permanent bool
		retry     time.Duration
	}{
		{"bad request", &tgbotapi.Error{Code: 400, Message: "Bad Request: can't parse entities"}, true, 0},
		{"blocked", &tgbotapi.Error{Code: 403, Message: "Forbidden: bot was blocked by the user"}, true, 0},
		{"flood", &tgbotapi.Error{Code: 429, ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 7}}, false, 7 * time.Second},
		{"flood on the upload path", &tgbotapi.Error{Code: 0, ResponseParameters: tgbotapi.ResponseParameters{RetryAfter: 3}}, false, 3 * time.Second},
		{"server error", &tgbotapi.Error{Code: 502}, false, 0},
		{"network", errors.New("dial tcp: connection refused"), false, 0},
		{"refused before the call", bot.Errorf(bot.EINVALID, "no text"), true, 0},
	} {
		err := classify(fmt.Errorf("send: %w", c.err))
		var se *bot.SendError
		if !errors.As(err, &se) {
			t.Fatalf("%s: %v is not a SendError", c.name, err)
		}
		if se.Blocked != (c.name == "blocked") {
			t.Errorf("%s: blocked=%v", c.name, se.Blocked)
		}
		if se.Permanent != c.permanent || se.RetryAfter != c.retry {
			t.Errorf("%s: permanent=%v retry=%v, want %v %v", c.name, se.Permanent, se.RetryAfter, c.permanent, c.retry)
		}
		if !errors.Is(err, c.err) {
			t.Errorf("%s: the cause is lost", c.name)
		}
	}
	if classify(nil) != nil {
		t.Error("classify(nil) is not nil")
	}
}
