// Package store keeps clubbot's data in SQLite, the embedded default, or in
// PostgreSQL (a postgres:// URL), through GORM. It implements
// bot.Store and bot.Writer, and adds the methods that the channel adapters and
// the command-line tool need: the inbound log, the outbox, seeding of
// administrative units and plans, and demo data.
//
// Times are stored in UTC and returned in Vietnam time (UTC+7), so that a
// calendar date written as midnight in Vietnam reads back as the same date.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/clubbot/clubbot/bot"
)

var (
	_ bot.Store  = (*DB)(nil)
	_ bot.Writer = (*Tx)(nil)
)

// DB is a clubbot database. It is safe for concurrent use; write
// transactions take SQLite's write lock when they begin and wait up to five
// seconds for it (on PostgreSQL, a row another process holds locked).
type DB struct {
	gorm    *gorm.DB
	sql     *sql.DB
	dialect dialect
	now     func() time.Time
	// writeMu lets one of this process's writers at a time try for
	// SQLite's write lock. Without it, concurrent writers meet in SQLite's
	// busy handler, which sleeps in steps of up to 100 ms and so turns a
	// queue of short transactions into a crawl. The holder commits the
	// transactions that queued up meanwhile together (see group.go).
	// PostgreSQL keeps both: its writers would not crawl, but a commit
	// still costs a WAL flush, which the batch shares.
	writeMu sync.Mutex
	queueMu sync.Mutex
	queue   []*txRequest
	hot     map[string]*sql.Stmt // see prepared.go
	// inboundWindow is how long a handled event's key drops its
	// redeliveries (see prune.go).
	inboundWindow time.Duration
}

// Tx is the store inside one transaction. It implements bot.Writer.
type Tx struct {
	db      *gorm.DB
	dialect dialect
	now     func() time.Time
	sqlTx   *sql.Tx // nil outside a transaction
	hot     map[string]*sql.Stmt
	// inboundWindow is the DB's: see WithInboundWindow.
	inboundWindow time.Duration
}

// Option configures Open.
type Option func(*options)

type options struct {
	now      func() time.Time
	log      *slog.Logger
	quiet    bool
	readOnly bool
	busy     time.Duration
	// inboundWindow: see WithInboundWindow.
	inboundWindow time.Duration
}

// WithClock sets the clock used for bookkeeping times (migrations, seeds,
// user creation). The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithLogger routes GORM's warnings (slow queries, errors) to l. A nil l
// silences them. The default is slog.Default(). Query parameters are never
// logged, so names and phone numbers stay out of the logs.
func WithLogger(l *slog.Logger) Option {
	return func(o *options) { o.log, o.quiet = l, l == nil }
}

// ReadOnly opens the database read-only (SQLite mode=ro; on PostgreSQL
// default_transaction_read_only). Migrations and seeds are not run; every
// write fails with code EUNAVAILABLE.
func ReadOnly() Option {
	return func(o *options) { o.readOnly = true }
}

// WithBusyTimeout sets how long a writer waits for SQLite's write lock, or
// on PostgreSQL for a row lock (lock_timeout), before failing with code
// EUNAVAILABLE. The default is five seconds.
func WithBusyTimeout(d time.Duration) Option {
	return func(o *options) { o.busy = d }
}

// Open opens the database at path: an SQLite file, created if needed, or a
// PostgreSQL database named by a postgres:// or postgresql:// URL (whose
// schema, per search_path, may be empty). It runs the pending migrations
// and loads the embedded administrative units and plan.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	o := options{now: time.Now, log: slog.Default(), busy: 5 * time.Second, inboundWindow: DefaultInboundWindow}
	for _, opt := range opts {
		opt(&o)
	}
	if path == "" {
		return nil, bot.Errorf(bot.EINVALID, "open: empty database path")
	}
	if o.inboundWindow < 24*time.Hour {
		return nil, bot.Errorf(bot.EINVALID, "open: inbound window %v is under the 24 hours Telegram keeps an update", o.inboundWindow)
	}
	dia := dialectOf(path)
	dialector, err := dialectorFor(dia, path, o)
	if err != nil {
		return nil, err
	}
	g, err := gorm.Open(dialector, &gorm.Config{
		Logger:  gormLogger(o),
		NowFunc: func() time.Time { return o.now().UTC() },
	})
	if err != nil {
		return nil, wrapErr("open", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, wrapErr("open", err)
	}
	sizePool(sqlDB, dia)
	d := &DB{gorm: g, sql: sqlDB, dialect: dia, now: o.now, inboundWindow: o.inboundWindow}
	if err := d.setUp(ctx, o.readOnly); err != nil {
		sqlDB.Close()
		return nil, err
	}
	if err := d.prepareHot(ctx); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return d, nil
}

// setUp checks the connection, then migrates and seeds unless read-only.
func (d *DB) setUp(ctx context.Context, readOnly bool) error {
	if err := d.sql.PingContext(ctx); err != nil {
		return wrapErr("open", err)
	}
	if readOnly {
		return nil
	}
	if err := d.migrate(ctx); err != nil {
		return err
	}
	if err := d.seedEmbeddedUnits(ctx); err != nil {
		return err
	}
	return d.seedEmbeddedPlans(ctx)
}

// postgresMaxConns bounds the connections one process opens to PostgreSQL:
// enough for its readers beside the one writer (see group.go), few enough
// for several processes under PostgreSQL's default of 100.
const postgresMaxConns = 20

// sizePool bounds a PostgreSQL database's pool (see postgresMaxConns);
// SQLite's is left as it was.
func sizePool(sqlDB *sql.DB, dia dialect) {
	if dia == postgresDialect {
		sqlDB.SetMaxOpenConns(postgresMaxConns)
		sqlDB.SetMaxIdleConns(postgresMaxConns)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
}

// dialectorFor returns GORM's driver for the database at addr: SQLite for
// a file, PostgreSQL (pgx) for a postgres:// URL.
func dialectorFor(dia dialect, addr string, o options) (gorm.Dialector, error) {
	if dia != postgresDialect {
		return sqlite.Open(dsn(addr, o.readOnly, o.busy)), nil
	}
	u, err := postgresURL(addr, o.readOnly, o.busy)
	if err != nil {
		return nil, err
	}
	return postgres.New(postgres.Config{DSN: u}), nil
}

// postgresURL adds to the PostgreSQL URL addr the session settings that
// stand for SQLite's: lock_timeout for the busy timeout (a writer waiting
// on another's row lock fails with EUNAVAILABLE after it) and
// default_transaction_read_only for ReadOnly. pgx passes query parameters
// it does not know to the server as run-time settings.
func postgresURL(addr string, readOnly bool, busy time.Duration) (string, error) {
	u, err := url.Parse(addr)
	if err != nil {
		// The error would quote the URL, password and all.
		return "", bot.Errorf(bot.EINVALID, "open: the PostgreSQL URL does not parse")
	}
	q := u.Query()
	q.Set("lock_timeout", strconv.FormatInt(busy.Milliseconds(), 10))
	if readOnly {
		q.Set("default_transaction_read_only", "on")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// dsn builds the go-sqlite3 URI: WAL journal, the busy timeout, foreign
// keys on, synchronous NORMAL and BEGIN IMMEDIATE for transactions.
func dsn(path string, readOnly bool, busy time.Duration) string {
	q := fmt.Sprintf("_journal_mode=WAL&_busy_timeout=%d&_foreign_keys=on", busy.Milliseconds()) +
		"&_synchronous=NORMAL&_txlock=immediate"
	if readOnly {
		q += "&mode=ro"
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q
}

// gormLogger returns a GORM logger that writes warnings and errors to slog,
// or discards everything.
func gormLogger(o options) logger.Interface {
	if o.quiet || o.log == nil {
		return logger.Discard
	}
	return logger.New(slogWriter{o.log}, logger.Config{
		SlowThreshold:             time.Second,
		LogLevel:                  logger.Warn,
		IgnoreRecordNotFoundError: true,
		ParameterizedQueries:      true,
	})
}

// slogWriter adapts an slog.Logger to GORM's logger.Writer.
type slogWriter struct{ l *slog.Logger }

// Printf logs one GORM message at warn level.
func (w slogWriter) Printf(format string, args ...any) {
	w.l.Warn(fmt.Sprintf(format, args...), "component", "store")
}

// Close closes the database.
func (d *DB) Close() error {
	return wrapErr("close", d.sql.Close())
}

// InTx runs fn in one transaction, committing if fn returns nil and rolling
// back otherwise. Errors from fn are returned as they are.
func (d *DB) InTx(ctx context.Context, fn func(tx bot.Writer) error) error {
	return d.inTx(ctx, func(tx *Tx) error { return fn(tx) })
}

// q returns the transaction's GORM handle bound to ctx.
func (t *Tx) q(ctx context.Context) *gorm.DB {
	return t.db.WithContext(ctx)
}

// direct returns a Tx that runs each statement on its own, outside a
// transaction. Reads use it so that they do not take the write lock.
func (d *DB) direct() *Tx {
	return &Tx{db: d.gorm, dialect: d.dialect, now: d.now, hot: d.hot, inboundWindow: d.inboundWindow}
}
