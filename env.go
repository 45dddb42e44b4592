package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// envReader reads settings from the environment and keeps every malformed
// value it meets, so that a start with one fails with a message naming the
// variable and the value ("CLUBBOT_OLDER_AGE=abc: not a whole number")
// instead of running on a zero.
type envReader struct {
	getenv func(string) string
	errs   []error
}

// newEnvReader returns a reader of getenv.
func newEnvReader(getenv func(string) string) *envReader { return &envReader{getenv: getenv} }

// err returns the malformed values met so far, nil if none.
func (e *envReader) err() error { return errors.Join(e.errs...) }

// bad records that name holds a malformed value.
func (e *envReader) bad(name, value, why string) {
	e.errs = append(e.errs, fmt.Errorf("%s=%s: %s", name, value, why))
}

// str returns the variable, or def when it is empty.
func (e *envReader) str(name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

// int returns the variable as a whole number from lo to hi, or def when it
// is empty or malformed.
func (e *envReader) int(name string, def, lo, hi int) int {
	v := e.getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	switch {
	case err != nil:
		e.bad(name, v, "not a whole number")
	case n < lo || n > hi:
		e.bad(name, v, fmt.Sprintf("must be from %d to %d", lo, hi))
	default:
		return n
	}
	return def
}

// duration returns the variable as a positive duration ("24h", "90m"), or
// def when it is empty or malformed.
func (e *envReader) duration(name string, def time.Duration) time.Duration {
	v := e.getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(strings.TrimSpace(v))
	switch {
	case err != nil:
		e.bad(name, v, "not a duration such as 24h, 90m or 30s")
	case d <= 0:
		e.bad(name, v, "must be longer than zero")
	default:
		return d
	}
	return def
}

// cron returns the variable as a cron spec (five fields, or a descriptor
// such as "@weekly"), or def when it is empty or malformed.
func (e *envReader) cron(name, def string) string {
	v := e.getenv(name)
	if v == "" {
		return def
	}
	if _, err := cron.ParseStandard(v); err != nil {
		e.bad(name, v, "not a cron schedule such as \"30 7 * * 1\" ("+err.Error()+")")
		return def
	}
	return v
}

// url returns the variable as an http or https URL with a host, or def
// when it is empty or malformed.
func (e *envReader) url(name, def string) string {
	v := e.getenv(name)
	if v == "" {
		return def
	}
	if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		e.bad(name, v, "not an http:// or https:// URL")
		return def
	}
	return v
}

// addr returns the variable as a listening address, HOST:PORT or :PORT,
// or def when it is empty or malformed.
func (e *envReader) addr(name, def string) string {
	v := e.getenv(name)
	if v == "" {
		return def
	}
	if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
		e.bad(name, v, "not an address such as :8080 or 127.0.0.1:8080")
		return def
	}
	return v
}
