// Package bot holds clubbot's domain: clubs, members, fund reports, users and
// roles, the plan, the rules values and figures are read by, and the small
// interfaces the store and the channels implement. It depends on no channel,
// no database and no package under it: the dialogues (bot/dialogue), the
// engine (bot/engine), the digest (bot/digest) and the relay (bot/relay)
// import it.
package bot

import (
	"errors"
	"fmt"
)

// Error codes of the domain. Adapters turn them into message keys.
const (
	EINVALID     = "invalid"
	ENOTFOUND    = "not_found"
	EFORBIDDEN   = "forbidden"
	ECONFLICT    = "conflict"
	EUNAVAILABLE = "unavailable" // the store is locked, full or read-only: try again later
	EUNREACHABLE = "unreachable" // a channel will not deliver to this user now (Zalo's messaging window)
	EINTERNAL    = "internal"
)

// Error is the domain's error type: a code for programs and a short message
// for logs. It never carries user-facing text; that lives in messages/.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("clubbot error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
