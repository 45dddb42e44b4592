package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
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

// codeOf maps GORM, SQLite and PostgreSQL errors to domain codes: not found, conflicts
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
	if code := postgresCode(err); code != "" {
		return code
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

// postgresCode maps PostgreSQL's errors to domain codes by SQLSTATE: a
// unique key taken is a conflict; a missing reference, a failed check, a
// null or a bad value is invalid; serialization failures, deadlocks, a
// lock not had within lock_timeout, a server shutting down or out of
// resources, a lost connection and a write in a read-only transaction
// make the database unavailable. It returns "" for other errors.
func postgresCode(err error) string {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return "" // the caller's, not the database's
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		if pgconn.SafeToRetry(err) || isConnectError(err) || errors.Is(err, driver.ErrBadConn) {
			return bot.EUNAVAILABLE
		}
		return ""
	}
	switch c := pe.Code; {
	case c == "23505":
		return bot.ECONFLICT
	case c == "23503", c == "23514", c == "23502", strings.HasPrefix(c, "22"):
		return bot.EINVALID
	case c == "40001", c == "40P01", c == "55P03", c == "57P01", c == "57P03", c == "25006",
		strings.HasPrefix(c, "53"), strings.HasPrefix(c, "08"):
		return bot.EUNAVAILABLE
	}
	return ""
}

// isConnectError reports whether err is pgx's failure to reach the server.
func isConnectError(err error) bool {
	var ce *pgconn.ConnectError
	return errors.As(err, &ce)
}

// notFound returns an ENOTFOUND error for what, e.g. "club 7".
func notFound(format string, args ...any) error {
	return bot.Errorf(bot.ENOTFOUND, format+": not found", args...)
}

// invalid returns an EINVALID error.
func invalid(format string, args ...any) error {
	return bot.Errorf(bot.EINVALID, format, args...)
}
