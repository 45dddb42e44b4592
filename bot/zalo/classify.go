package zalo

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// Pauses asked of the sender after Zalo's limits (Zalo gives no
// retry-after of its own).
const (
	rateLimitPause = 2 * time.Second  // -32: too many calls
	quotaPause     = 10 * time.Minute // -211: the OA's quota is used up
)

// Class is what a Zalo error code means for the sender.
type Class string

// Classes of Zalo error codes.
const (
	ClassRetry       Class = "retry"       // try again later
	ClassToken       Class = "token"       // refresh the access token and try again
	ClassUnreachable Class = "unreachable" // the user does not follow the OA or is outside the messaging window
	ClassPermanent   Class = "permanent"   // a request Zalo refuses: do not retry
)

// APIError is an error Zalo answered in the "error" field of an answer.
type APIError struct {
	Code    int
	Message string
}

// Error implements error.
func (e *APIError) Error() string { return fmt.Sprintf("zalo error %d: %s", e.Code, e.Message) }

// Class says what the code means: -216 invalid and -220 expired token;
// -213 the user does not follow the OA, -230 and -232 no interaction in
// the allowed window; -32 rate limited and -211 out of quota are retried;
// any other code (-201 bad parameter, ...) is permanent.
func (e *APIError) Class() Class {
	switch e.Code {
	case -216, -220:
		return ClassToken
	case -213, -230, -232:
		return ClassUnreachable
	case -32, -211:
		return ClassRetry
	}
	return ClassPermanent
}

// Unwrap returns the domain error of the code, so that bot.ErrorCode
// tells an unreachable user (bot.EUNREACHABLE) from a bad request
// (bot.EINVALID) or a pause (bot.EUNAVAILABLE).
func (e *APIError) Unwrap() error {
	code := bot.EINVALID
	switch e.Class() {
	case ClassUnreachable:
		code = bot.EUNREACHABLE
	case ClassRetry, ClassToken:
		code = bot.EUNAVAILABLE
	}
	return bot.Errorf(code, "zalo error %d", e.Code)
}

// HTTPError is an answer of the OA API with a status other than 200.
type HTTPError struct {
	Status int
	Body   string
}

// Error implements error.
func (e *HTTPError) Error() string { return fmt.Sprintf("zalo: HTTP %d: %s", e.Status, e.Body) }

// classify tells the sender what a failed send means: Zalo's refusals of
// the request and unreachable users are permanent; rate limits, quota,
// tokens still refused after a refresh, 429 and 5xx, network failures and
// a token that could not be refreshed are retried.
func classify(err error) error {
	if err == nil {
		return nil
	}
	se := &bot.SendError{Err: err}
	var ae *APIError
	var he *HTTPError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
	case errors.As(err, &ae):
		switch ae.Class() {
		case ClassPermanent, ClassUnreachable:
			se.Permanent = true
		case ClassRetry:
			se.RetryAfter = rateLimitPause
			if ae.Code == -211 {
				se.RetryAfter = quotaPause
			}
		}
	case errors.As(err, &he):
		se.Permanent = he.Status >= 400 && he.Status < 500 && he.Status != http.StatusTooManyRequests
	case bot.ErrorCode(err) == bot.EINVALID:
		se.Permanent = true
	}
	return se
}
