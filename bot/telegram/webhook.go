package telegram

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/clubbot/clubbot/bot"
)

// SecretHeader is the header in which Telegram sends the webhook's
// secret_token with every post.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

const (
	// maxUpdateBytes bounds a posted update: Telegram's are a few
	// kilobytes, and anything larger is not from Telegram.
	maxUpdateBytes = 1 << 20
	// webhookShutdownWait is how long a stopping webhook server waits for
	// the posts in hand, which only record an update.
	webhookShutdownWait = 5 * time.Second
)

// WebhookSecret returns the webhook's secret_token for the bot whose
// token is token: an HMAC-SHA256 of a fixed label keyed by the token,
// base64url without padding, i.e. 43 characters of the A-Za-z0-9_-
// Telegram allows. Every instance of one bot derives the same secret, so
// each accepts the posts Telegram makes with the secret the last of them
// registered (a random secret per start would leave every instance but
// the last answering 401); only who holds the token can compute it.
func WebhookSecret(token string) string {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("clubbot telegram webhook secret_token"))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// SetWebhook registers webhookURL with Telegram, with secret as its
// secret_token and the update kinds Poll asks for. tgbotapi's
// WebhookConfig has no secret_token, so this is a raw call. Network
// failures, 5xx and 429 are retried until ctx ends; a refusal (a URL
// Telegram does not take) is returned.
func (c *Channel) SetWebhook(ctx context.Context, webhookURL, secret string) error {
	params := tgbotapi.Params{"url": webhookURL, "secret_token": secret}
	if err := params.AddInterface("allowed_updates", allowedUpdates); err != nil {
		return fmt.Errorf("telegram: setWebhook: %w", err)
	}
	for attempt := 1; ; attempt++ {
		_, err := await(ctx, func() (*tgbotapi.APIResponse, error) { return c.api.MakeRequest("setWebhook", params) })
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var te *tgbotapi.Error
		if errors.As(err, &te) && te.Code >= 400 && te.Code < 500 && te.Code != http.StatusTooManyRequests {
			return fmt.Errorf("telegram: setWebhook: %w", err)
		}
		c.log.Warn("setWebhook failed", "err", err, "attempt", attempt)
		if err := sleep(ctx, c.backoff(attempt, err)); err != nil {
			return err
		}
	}
}

// ServeWebhook receives updates through a webhook until ctx ends, then
// returns ctx.Err(). It serves posts on ln at the path of webhookURL (an
// https:// URL, typically a TLS-terminating proxy in front of ln), then
// registers webhookURL with the bot's secret (WebhookSecret). On ctx's end it stops
// taking posts and waits a few seconds for those in hand. The webhook
// stays registered: Telegram keeps the updates while the bot is down and
// posts them when it is back. Only one Poll or ServeWebhook may run on a
// Channel at a time.
func (c *Channel) ServeWebhook(ctx context.Context, ln net.Listener, webhookURL string) error {
	if !c.pollMu.TryLock() {
		return errors.New("telegram: Poll or ServeWebhook is already running on this channel")
	}
	defer c.pollMu.Unlock()
	u, err := url.Parse(webhookURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return bot.Errorf(bot.EINVALID, "telegram: the webhook URL must be https://HOST/PATH")
	}
	secret := WebhookSecret(c.api.Token)
	path := u.Path
	if path == "" {
		path = "/"
	}
	hooks := c.WebhookHandler(secret)
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != path {
				http.NotFound(w, r)
				return
			}
			hooks.ServeHTTP(w, r)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(c.log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	c.log.Info("webhook listening", "addr", ln.Addr().String())
	err = c.SetWebhook(ctx, webhookURL, secret)
	if err == nil {
		c.log.Info("webhook registered", "host", u.Host)
		watching, stopWatch := context.WithCancel(ctx)
		watched := make(chan struct{})
		go func() { defer close(watched); c.watchWebhook(watching, webhookURL) }()
		select {
		case <-ctx.Done():
		case err = <-served:
			err = fmt.Errorf("telegram: webhook server: %w", err)
		}
		stopWatch()
		<-watched
	}
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), webhookShutdownWait)
	defer cancel()
	if serr := srv.Shutdown(stop); serr != nil {
		c.log.Warn("webhook server shutdown", "err", serr)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// WebhookHandler handles Telegram's webhook posts (at whatever path it is
// mounted). A request without secret in SecretHeader (compared in
// constant time) gets 401 and is not read; one that is not a POST gets
// 405. A posted update is recorded in the inbox, the notify function is
// told, and the answer is 200 at once: handling happens later, in the
// dispatcher. Updates the bot ignores and updates already recorded get 200
// too, or Telegram would post them again and again. If the inbox fails the
// answer is 500, so that Telegram posts the update again later, and the
// user is told (WithUnavailable).
func (c *Channel) WebhookHandler(secret string) http.Handler {
	want := []byte(secret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get(SecretHeader))
		if len(want) == 0 || subtle.ConstantTimeCompare(got, want) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		var u tgbotapi.Update
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpdateBytes)).Decode(&u); err != nil {
			status := http.StatusBadRequest
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				status = http.StatusRequestEntityTooLarge
			}
			c.log.Warn("webhook post refused", "status", status, "err", err)
			http.Error(w, http.StatusText(status), status)
			return
		}
		c.markContact()
		w.WriteHeader(c.acceptUpdate(r.Context(), u))
	})
}

// acceptUpdate records a posted update and returns the HTTP status to
// answer with.
func (c *Channel) acceptUpdate(ctx context.Context, u tgbotapi.Update) int {
	in, ok := Translate(u, c.api.Self.UserName)
	if !ok {
		c.log.Debug("update skipped", "update_id", u.UpdateID)
		return http.StatusOK
	}
	isNew, err := c.record(ctx, []bot.Inbound{in})
	if err != nil {
		c.log.Warn("recording a webhook update failed; Telegram will post it again", "update_id", u.UpdateID, "err", err)
		c.tellUnavailable(ctx, []bot.Inbound{in}, err)
		return http.StatusInternalServerError
	}
	switch {
	case len(isNew) != 1 || !isNew[0]:
		c.log.Debug("update already recorded", "update_id", u.UpdateID)
	case c.notify != nil:
		c.notify([]bot.Inbound{in})
	}
	if q := u.CallbackQuery; q != nil {
		// Stop the button's spinner; a failure is harmless (see handleBatch).
		if _, err := c.api.Request(tgbotapi.NewCallback(q.ID, "")); err != nil {
			c.log.Debug("answerCallbackQuery failed", "update_id", u.UpdateID, "err", err)
		}
	}
	return http.StatusOK
}

// watchWebhook asks Telegram for the webhook's state now and then until
// ctx ends. An answer that still names webhookURL counts as contact: a
// quiet webhook gets no posts, yet Telegram is there. A webhook deleted or
// replaced (by another process with the same token) and Telegram's
// failures to post are logged, since updates then do not reach this bot.
func (c *Channel) watchWebhook(ctx context.Context, webhookURL string) {
	t := time.NewTicker(c.webhookCheck)
	defer t.Stop()
	lastError := 0
	for {
		info, err := await(ctx, c.api.GetWebhookInfo)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			c.log.Warn("getWebhookInfo failed", "err", err)
		case info.URL != webhookURL:
			c.log.Error("the webhook was deleted or replaced: updates no longer reach this bot; restart it",
				"webhook_set", info.URL != "")
		default:
			c.markContact()
			if info.LastErrorDate != lastError {
				lastError = info.LastErrorDate
				c.log.Warn("Telegram could not post to the webhook", "error", info.LastErrorMessage,
					"at", time.Unix(int64(info.LastErrorDate), 0), "pending", info.PendingUpdateCount)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
