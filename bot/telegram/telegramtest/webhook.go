package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// SecretHeader is the header in which Telegram sends a webhook's
// secret_token with every update it posts.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookDelivery is one post of an update to the webhook.
type WebhookDelivery struct {
	UpdateID int
	Status   int    // HTTP status of the answer; 0 if the post failed
	Err      string // why the post failed, if it did
}

// webhookPusher posts queued updates to the webhook while one is set and
// routed (see RouteWebhook).
type webhookPusher struct {
	start      sync.Once
	route      string // base URL the webhook's path is posted to
	deliveries []WebhookDelivery
	// lastErrorDate and lastError describe the last failed post, as
	// getWebhookInfo reports them.
	lastErrorDate int64
	lastError     string
}

// RouteWebhook makes the server deliver updates to the registered webhook
// as Telegram does, while a webhook is set: each queued update, in order,
// is posted as JSON with the registered secret_token in SecretHeader, and
// posted again, after a short growing wait, until the bot answers 2xx. The
// post goes to base (e.g. "http://127.0.0.1:8080") followed by the path
// and query of the webhook URL, in place of the URL's own scheme and host,
// the way a TLS-terminating proxy in front of the bot passes it on: a
// test's bot cannot serve the https:// URL Telegram requires. An empty
// base stops the deliveries; updates then wait, as they do at Telegram
// while the bot is down.
func (s *Server) RouteWebhook(base string) {
	s.mu.Lock()
	s.hook.route = base
	s.broadcast()
	s.mu.Unlock()
	s.hook.start.Do(func() { go s.pushWebhooks() })
}

// WebhookDeliveries lists the posts made to the webhook so far, in order.
func (s *Server) WebhookDeliveries() []WebhookDelivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]WebhookDelivery(nil), s.hook.deliveries...)
}

// pushWebhooks delivers updates until the server closes.
func (s *Server) pushWebhooks() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.closing
		cancel()
	}()
	client := &http.Client{Timeout: 10 * time.Second}
	failures := 0
	for {
		s.mu.Lock()
		q, target, secret, ok := s.nextPushLocked()
		changed := s.changed
		s.mu.Unlock()
		if !ok {
			select {
			case <-changed:
				continue
			case <-s.closing:
				return
			}
		}
		if s.push(ctx, client, q, target, secret) {
			failures = 0
			continue
		}
		failures++
		select {
		case <-time.After(min(10*time.Millisecond<<min(failures, 7), time.Second)):
		case <-s.closing:
			return
		}
	}
}

// nextPushLocked returns the first queued update and where to post it, or
// ok false if there is none or no routed webhook. Call with s.mu held.
func (s *Server) nextPushLocked() (q queued, target, secret string, ok bool) {
	if s.updates.webhookURL == "" || s.hook.route == "" || len(s.updates.pending) == 0 {
		return queued{}, "", "", false
	}
	u, err := url.Parse(s.updates.webhookURL)
	if err != nil {
		return queued{}, "", "", false
	}
	return s.updates.pending[0], s.hook.route + u.RequestURI(), s.updates.webhookSecret, true
}

// push posts q to target and, if the bot answered 2xx, drops it from the
// queue. It reports whether the bot took the update.
func (s *Server) push(ctx context.Context, client *http.Client, q queued, target, secret string) bool {
	body, err := json.Marshal(map[string]any{"update_id": q.id, q.kind: q.payload})
	if err != nil {
		panic(fmt.Sprintf("telegramtest: encoding update %d: %v", q.id, err))
	}
	d := WebhookDelivery{UpdateID: q.id}
	d.Status, err = postUpdate(ctx, client, target, secret, body)
	if err != nil {
		d.Err = err.Error()
	}
	took := d.Status >= 200 && d.Status < 300
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook.deliveries = append(s.hook.deliveries, d)
	switch {
	case took:
		s.updates.drop(q.id)
	case err != nil:
		s.hook.lastErrorDate, s.hook.lastError = s.now().Unix(), "Connection refused"
	default:
		s.hook.lastErrorDate, s.hook.lastError = s.now().Unix(), fmt.Sprintf("Wrong response from the webhook: %d %s", d.Status, http.StatusText(d.Status))
	}
	s.broadcast()
	return took
}

// postUpdate posts an update's JSON as Telegram does and returns the
// answer's status.
func postUpdate(ctx context.Context, client *http.Client, target, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set(SecretHeader, secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// drop forgets the pending update with this id, delivered to the webhook.
func (u *updateState) drop(id int) {
	kept := u.pending[:0]
	for _, q := range u.pending {
		if q.id != id {
			kept = append(kept, q)
		}
	}
	u.pending = kept
}
