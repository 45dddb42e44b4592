package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/mattn/go-sqlite3"
	"gorm.io/gorm"

	"github.com/clubbot/clubbot/bot"
)

// codedError gives a database error a domain code while keeping the driver's
// error in the chain, so both errors.As(err, *bot.Error) and
// errors.As(err, *sqlite3.Error) work.
type codedError struct {
	coded *bot.Error
	cause error
}

// Error returns the domain error's text, which includes the cause.
func (e *codedError) Error() string { return e.coded.Error() }

// Unwrap returns the domain error and the cause.
func (e *codedError) Unwrap() []error { return []error{e.coded, e.cause} }

// wrapErr adds the operation op to err and, if err is a database error with
// a domain meaning, the domain code. It returns nil for nil.
func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if hasCode(err) {
		return fmt.Errorf("%s: %w", op, err)
	}
	code := codeOf(err)
	if code == "" {
		return fmt.Errorf("%s: %w", op, err)
	}
	return &codedError{coded: bot.Errorf(code, "%s: %v", op, err), cause: err}
}

// hasCode reports whether err's chain holds a *bot.Error.
func hasCode(err error) bool {
	var e *bot.Error
	return errors.As(err, &e)
}

// codeOf maps GORM and SQLite errors to domain codes: not found, conflicts
// on unique keys, invalid references or values, and an unavailable database
// (busy, locked, full, read-only, I/O error, cannot open). It returns "" for
// other errors.
func codeOf(err error) string {
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound), errors.Is(err, sql.ErrNoRows):
		return bot.ENOTFOUND
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return bot.ECONFLICT
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return ""
	}
	switch se.ExtendedCode {
	case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
		return bot.ECONFLICT
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrFull,
		sqlite3.ErrReadonly, sqlite3.ErrIoErr, sqlite3.ErrCantOpen:
		return bot.EUNAVAILABLE
	case sqlite3.ErrConstraint:
		return bot.EINVALID
	}
	return ""
}

// notFound returns an ENOTFOUND error for what, e.g. "club 7".
func notFound(format string, args ...any) error {
	return bot.Errorf(bot.ENOTFOUND, format+": not found", args...)
}

// invalid returns an EINVALID error.
func invalid(format string, args ...any) error {
	return bot.Errorf(bot.EINVALID, format, args...)
}
