package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/clubbot/clubbot/bot"
)

// Batches of the copy: one transaction and one INSERT each, within the
// bound parameters both dialects take in a statement (SQLite 32766,
// PostgreSQL 65535).
const (
	copyBatchRows   = 1000
	copyBatchParams = 30000
)

// LatestSchemaVersion returns the schema version Open migrates a database to.
func LatestSchemaVersion() int {
	return migrations[len(migrations)-1].version
}

// Copy copies every table of src into dst, which Open has migrated to the
// same schema version and which holds no data but the units and plans Open
// seeds: those are replaced by src's, so that ids and the record of where
// they came from (seeds) are the source's. Tables go in foreign-key order,
// rows in key order, in batches of one transaction each, ids kept; on
// PostgreSQL each id sequence is then advanced past the highest id.
// progress, if not nil, is told each table's rows once it is copied.
//
// ECONFLICT when dst holds data, EINVALID when either schema version is not
// this program's. A copy that fails half-way leaves dst partly written:
// drop and recreate it before copying again.
func Copy(ctx context.Context, dst, src *DB, progress func(table string, rows int64)) error {
	if err := checkVersions(ctx, src, dst); err != nil {
		return err
	}
	if err := dst.checkEmpty(ctx); err != nil {
		return err
	}
	if err := dst.clearSeeded(ctx); err != nil {
		return err
	}
	for _, tb := range copiedTables {
		n, err := copyTable(ctx, dst, src, tb)
		if err != nil {
			return fmt.Errorf("copy %s: %w", tb.name, err)
		}
		if progress != nil {
			progress(tb.name, n)
		}
	}
	return dst.advanceSequences(ctx)
}

// checkVersions fails with EINVALID unless both databases are at this
// program's schema version: the copy carries columns by name, and a
// version apart would lack some or have others.
func checkVersions(ctx context.Context, src, dst *DB) error {
	latest := LatestSchemaVersion()
	for _, side := range []struct {
		name string
		db   *DB
	}{{"source", src}, {"destination", dst}} {
		v, err := side.db.SchemaVersion(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", side.name, err)
		}
		if v < latest {
			return bot.Errorf(bot.EINVALID, "the %s has schema v%d and this program v%d: "+
				"open it once with this program (any command but migrate) to migrate it", side.name, v, latest)
		} else if v > latest {
			return bot.Errorf(bot.EINVALID, "the %s has schema v%d and this program v%d: "+
				"use the clubbot release that wrote it", side.name, v, latest)
		}
	}
	return nil
}

// checkEmpty fails with ECONFLICT, naming the table, if any table but the
// seeded ones has a row.
func (d *DB) checkEmpty(ctx context.Context) error {
	for _, tb := range copiedTables {
		if tb.seeded {
			continue
		}
		var one int
		err := d.sql.QueryRowContext(ctx, "SELECT 1 FROM "+quoteIdent(tb.name)+" LIMIT 1").Scan(&one)
		if err == nil {
			return bot.Errorf(bot.ECONFLICT, "the destination already holds data (table %s has rows): "+
				"copy into an empty database", tb.name)
		} else if !errors.Is(err, sql.ErrNoRows) {
			return wrapErr("check destination "+tb.name, err)
		}
	}
	return nil
}

// clearSeeded deletes, in one transaction, the rows Open seeded, children
// first.
func (d *DB) clearSeeded(ctx context.Context) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr("clear seeded tables", err)
	}
	defer tx.Rollback()
	for i := len(copiedTables) - 1; i >= 0; i-- {
		if tb := copiedTables[i]; tb.seeded {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+quoteIdent(tb.name)); err != nil {
				return wrapErr("clear "+tb.name, err)
			}
		}
	}
	return wrapErr("clear seeded tables", tx.Commit())
}

// copyTable copies tb's rows from src into dst in batches, with the
// columns src has, and returns how many it copied.
func copyTable(ctx context.Context, dst, src *DB, tb table) (int64, error) {
	rows, err := src.sql.QueryContext(ctx, "SELECT * FROM "+quoteIdent(tb.name)+" ORDER BY "+tb.copyOrderBy(src.dialect))
	if err != nil {
		return 0, wrapErr("read", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, wrapErr("read", err)
	}
	perBatch := max(1, min(copyBatchRows, copyBatchParams/len(cols)))
	batch := make([]any, 0, perBatch*len(cols))
	var n int64
	for rows.Next() {
		vals, err := scanValues(rows, len(cols))
		if err != nil {
			return n, wrapErr("read", err)
		}
		batch = append(batch, dst.dialect.copyValues(vals)...)
		if len(batch) == cap(batch) {
			if err := dst.insertBatch(ctx, tb.name, cols, batch); err != nil {
				return n, err
			}
			n, batch = n+int64(perBatch), batch[:0]
		}
	}
	if err := rows.Err(); err != nil {
		return n, wrapErr("read", err)
	}
	if len(batch) > 0 {
		if err := dst.insertBatch(ctx, tb.name, cols, batch); err != nil {
			return n, err
		}
		n += int64(len(batch) / len(cols))
	}
	return n, nil
}

// scanValues scans a row into the values the driver returns.
func scanValues(rows *sql.Rows, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, rows.Scan(ptrs...)
}

// copyValues returns the values as d stores them: times in UTC, to the
// microsecond on PostgreSQL (the finest it keeps; Verify compares them
// at that precision).
func (d dialect) copyValues(vals []any) []any {
	for i, v := range vals {
		if t, ok := v.(time.Time); ok {
			vals[i] = t.UTC().Truncate(d.timePrecision())
		}
	}
	return vals
}

// timePrecision is the finest time the dialect keeps.
func (d dialect) timePrecision() time.Duration {
	if d == postgresDialect {
		return time.Microsecond
	}
	return time.Nanosecond
}

// insertBatch inserts the rows whose values args holds, len(cols) a row,
// in one transaction.
func (d *DB) insertBatch(ctx context.Context, table string, cols []string, args []any) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr("write", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, insertSQL(d.dialect, table, cols, len(args)/len(cols)), args...); err != nil {
		return wrapErr("write", err)
	}
	return wrapErr("write", tx.Commit())
}

// insertSQL returns an INSERT of rows rows into table's cols in dialect d.
// On PostgreSQL, OVERRIDING SYSTEM VALUE keeps the source's ids even in a
// column GENERATED ALWAYS AS IDENTITY (and is ignored elsewhere).
func insertSQL(d dialect, table string, cols []string, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + quoteIdent(table) + " (")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(quoteIdent(c))
	}
	b.WriteString(")")
	if d == postgresDialect {
		b.WriteString(" OVERRIDING SYSTEM VALUE")
	}
	b.WriteString(" VALUES ")
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			if d == postgresDialect {
				b.WriteString("$" + strconv.Itoa(r*len(cols)+c+1))
			} else {
				b.WriteString("?")
			}
		}
		b.WriteString(")")
	}
	return b.String()
}

// advanceSequences sets, on PostgreSQL, each id sequence past the highest
// id copied, so that new rows do not take a copied id. (SQLite gives a new
// row the highest id plus one by itself.) A table whose id has no
// sequence gets NULL from pg_get_serial_sequence, which setval ignores.
func (d *DB) advanceSequences(ctx context.Context) error {
	if d.dialect != postgresDialect {
		return nil
	}
	for _, tb := range copiedTables {
		if !tb.hasIdentity() {
			continue
		}
		if err := d.direct().advanceIDs(ctx, tb.name); err != nil {
			return err
		}
	}
	return nil
}
