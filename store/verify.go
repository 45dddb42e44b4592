package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TableSum is a table's row count and the SHA-256 (hex) of its rows in key
// order, each value in a canonical form (see appendValue).
type TableSum struct {
	Rows   int64
	SHA256 string
}

// TableCheck compares one table in two databases.
type TableCheck struct {
	Table        string
	Source, Dest TableSum
}

// OK reports whether the table has the same rows on both sides.
func (c TableCheck) OK() bool { return c.Source == c.Dest }

// Verify compares every table Copy carries in src and dst, by row count
// and checksum, and returns one check per table in Copy's order. Times are
// compared to the finest precision both dialects keep (the microsecond
// when either is PostgreSQL). EINVALID when either schema version is not
// this program's.
func Verify(ctx context.Context, src, dst *DB) ([]TableCheck, error) {
	if err := checkVersions(ctx, src, dst); err != nil {
		return nil, err
	}
	prec := max(src.dialect.timePrecision(), dst.dialect.timePrecision())
	checks := make([]TableCheck, 0, len(copiedTables))
	for _, tb := range copiedTables {
		c := TableCheck{Table: tb.name}
		var srcErr error
		done := make(chan struct{})
		go func() {
			defer close(done)
			c.Source, srcErr = src.tableSum(ctx, tb, prec)
		}()
		t, dstErr := dst.tableSum(ctx, tb, prec)
		<-done
		if srcErr != nil {
			return nil, fmt.Errorf("source: %w", srcErr)
		} else if dstErr != nil {
			return nil, fmt.Errorf("destination: %w", dstErr)
		}
		c.Dest = t
		checks = append(checks, c)
	}
	return checks, nil
}

// tableSum counts tb's rows and hashes them in key order: first the column
// names in name order, then each row's values in that order. Columns are
// taken by name so that the two dialects' column orders may differ.
func (d *DB) tableSum(ctx context.Context, tb table, prec time.Duration) (TableSum, error) {
	rows, err := d.sql.QueryContext(ctx, "SELECT * FROM "+quoteIdent(tb.name)+" ORDER BY "+tb.orderBy(d.dialect))
	if err != nil {
		return TableSum{}, wrapErr("checksum "+tb.name, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return TableSum{}, wrapErr("checksum "+tb.name, err)
	}
	order := byName(cols)
	h := sha256.New()
	var buf []byte
	for _, i := range order {
		buf = appendText(buf, cols[i])
	}
	h.Write(append(buf, '\n'))
	var n int64
	for rows.Next() {
		vals, err := scanValues(rows, len(cols))
		if err != nil {
			return TableSum{}, wrapErr("checksum "+tb.name, err)
		}
		buf = buf[:0]
		for _, i := range order {
			if buf, err = appendValue(buf, vals[i], prec); err != nil {
				return TableSum{}, fmt.Errorf("checksum %s.%s: %w", tb.name, cols[i], err)
			}
		}
		h.Write(append(buf, '\n'))
		n++
	}
	if err := rows.Err(); err != nil {
		return TableSum{}, wrapErr("checksum "+tb.name, err)
	}
	return TableSum{Rows: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// byName returns the indexes of cols in the order of their names.
func byName(cols []string) []int {
	order := make([]int, len(cols))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(cols[a], cols[b]) })
	return order
}

// canonicalTime is the form of a time in checksums: UTC, RFC 3339 with
// all nine digits of the nanoseconds.
const canonicalTime = "2006-01-02T15:04:05.000000000Z07:00"

// appendValue appends v, a value as a database/sql driver returns it, in
// one canonical form whatever the driver: NULL; integers and booleans as
// integers (SQLite has no boolean, PostgreSQL has); floats in their
// shortest exact form; text and bytes alike, with their length (a column
// is text on one side and could come back as bytes from another driver);
// times in UTC to prec. Every form begins with a letter and ends
// unambiguously, so no two rows hash alike by shifting a value into the
// next.
func appendValue(buf []byte, v any, prec time.Duration) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(buf, "N;"...), nil
	case int64:
		return append(strconv.AppendInt(append(buf, 'I'), v, 10), ';'), nil
	case bool:
		if v {
			return append(buf, "I1;"...), nil
		}
		return append(buf, "I0;"...), nil
	case float64:
		return append(strconv.AppendFloat(append(buf, 'F'), v, 'g', -1, 64), ';'), nil
	case string:
		return appendText(buf, v), nil
	case []byte:
		return appendText(buf, string(v)), nil
	case time.Time:
		return append(v.UTC().Truncate(prec).AppendFormat(append(buf, 'T'), canonicalTime), ';'), nil
	}
	return buf, fmt.Errorf("no canonical form for a %T", v)
}

// appendText appends text or bytes as S<length>:<bytes>.
func appendText(buf []byte, s string) []byte {
	buf = strconv.AppendInt(append(buf, 'S'), int64(len(s)), 10)
	return append(append(buf, ':'), s...)
}
