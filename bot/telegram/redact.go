package telegram

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// redacted stands for the bot token in errors.
const redacted = "<token>"

// RedactToken returns an HTTP client for tgbotapi that does what client
// does, except that its errors never hold token. The Bot API puts the
// token in every URL, and net/http's errors quote the URL ("Post
// \"https://api.telegram.org/bot123:ABC/getUpdates\": dial tcp ..."), so
// without it a network failure would write the token to the logs and to
// the error serve returns. The errors keep their type: a *url.Error stays
// one, with its timeout and its cause.
func RedactToken(client tgbotapi.HTTPClient, token string) tgbotapi.HTTPClient {
	return redactingClient{client: client, token: token}
}

type redactingClient struct {
	client tgbotapi.HTTPClient
	token  string
}

var _ tgbotapi.HTTPClient = redactingClient{}

// Do sends req and redacts the token from any error.
func (r redactingClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := r.client.Do(req)
	return resp, redactToken(err, r.token)
}

// redactToken returns err with every mention of token replaced. net/http's
// *url.Error is rebuilt around its cause; anything else that names the
// token (which net/http never returns) becomes a plain error.
func redactToken(err error, token string) error {
	if err == nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	var ue *url.Error
	if errors.As(err, &ue) && !strings.Contains(ue.Err.Error(), token) {
		return &url.Error{Op: ue.Op, URL: strings.ReplaceAll(ue.URL, token, redacted), Err: ue.Err}
	}
	return errors.New(strings.ReplaceAll(err.Error(), token, redacted))
}
