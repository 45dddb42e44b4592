package telegramtest

import (
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// Limits are Telegram's flood limits as the server enforces them once
// told to (EnforceLimits): a message beyond them is answered 429 Too Many
// Requests with a retry_after, and not delivered.
type Limits struct {
	PerSecond     float64          // messages a second over all chats
	Burst         int              // messages at once over all chats
	ChatPerSecond float64          // messages a second in one chat
	ChatBurst     int              // messages at once in one chat
	Now           func() time.Time // the clock of the limits; time.Now if nil
}

// TelegramLimits are the limits of the Bots FAQ as the server enforces
// them: 30 messages a second overall, tolerating a second's worth at once,
// and one a second in a chat, tolerating a short burst of five.
func TelegramLimits() Limits {
	return Limits{PerSecond: 30, Burst: 30, ChatPerSecond: 1, ChatBurst: 5}
}

// sendMethods are the calls that send a message and count against the
// limits.
var sendMethods = map[string]bool{"sendmessage": true, "sendphoto": true, "senddocument": true}

// floodControl enforces Limits; the server's lock guards it.
type floodControl struct {
	limits   Limits
	global   *rate.Limiter
	chats    map[int64]*rate.Limiter
	rejected int
}

// EnforceLimits makes the server answer 429 to messages beyond l, as
// Telegram does; TooManyRequests counts those answers.
func (s *Server) EnforceLimits(l Limits) {
	if l.Now == nil {
		l.Now = time.Now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flood = &floodControl{limits: l, global: rate.NewLimiter(rate.Limit(l.PerSecond), max(l.Burst, 1)),
		chats: map[int64]*rate.Limiter{}}
}

// TooManyRequests counts the calls the server refused for going beyond
// the limits set by EnforceLimits.
func (s *Server) TooManyRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.flood == nil {
		return 0
	}
	return s.flood.rejected
}

// check answers a call that would go beyond the limits with a 429, and
// counts the others against them. A nil floodControl allows everything.
func (f *floodControl) check(method string, form url.Values) *Fault {
	if f == nil || !sendMethods[strings.ToLower(method)] {
		return nil
	}
	chatID, _ := strconv.ParseInt(form.Get("chat_id"), 10, 64)
	chat := f.chats[chatID]
	if chat == nil {
		chat = rate.NewLimiter(rate.Limit(f.limits.ChatPerSecond), max(f.limits.ChatBurst, 1))
		f.chats[chatID] = chat
	}
	now := f.limits.Now()
	wait := max(shortfall(f.global, now), shortfall(chat, now))
	if wait > 0 {
		f.rejected++
		return &Fault{Code: 429, RetryAfter: int(math.Ceil(wait))}
	}
	f.global.AllowN(now, 1)
	chat.AllowN(now, 1)
	return nil
}

// shortfall is how many seconds until b holds a token at now.
func shortfall(b *rate.Limiter, now time.Time) float64 {
	if need := 1 - b.TokensAt(now); need > 0 {
		return need / float64(b.Limit())
	}
	return 0
}
