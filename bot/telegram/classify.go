package telegram

import (
	"context"
	"errors"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
)

var _ bot.Channel = (*Channel)(nil)

// classify tells the sender what a failed send means: a request Telegram
// refuses (400, 403, or one refused before the call) is not retried, a
// 403 (the user blocked the bot) marked Blocked; a
// 429 is retried after retry_after; network failures and 5xx are retried.
// On the upload path tgbotapi leaves Code at 0 on a 429, so retry_after
// decides, not the code.
func classify(err error) error {
	if err == nil {
		return nil
	}
	se := &bot.SendError{Err: err, RetryAfter: RetryAfter(err)}
	var te *tgbotapi.Error
	switch {
	case se.RetryAfter > 0, errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
	case errors.As(err, &te):
		se.Permanent = te.Code >= 400 && te.Code < 500 && te.Code != 429
		se.Blocked = te.Code == 403 // blocked, deactivated: this user cannot be written to
	case bot.ErrorCode(err) == bot.EINVALID:
		se.Permanent = true
	}
	return se
}
