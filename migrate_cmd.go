package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/clubbot/clubbot/store"
)

// migrateCommand copies a database into an empty one, SQLite into
// PostgreSQL typically, and verifies the copy table by table; with
// --verify-only it compares two databases without copying.
func migrateCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", "Copies every table of one database into another that holds no data yet, keeping\n"+
		"the ids, then compares them table by table (rows and a SHA-256 of the rows in key order).\n"+
		"A database is sqlite:FILE (or a file name) or a postgres:// URL; the destination is created\n"+
		"and migrated if needed. Stop the bot on the source first: rows it writes meanwhile make the\n"+
		"verification fail. Exits non-zero unless every table matches.", stderr)
	from := fs.String("from", "", "the database to copy, opened read-only")
	to := fs.String("to", "", "the database to copy into, which must hold no data")
	verifyOnly := fs.Bool("verify-only", false, "compare --from and --to, copying nothing")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("migrate needs --from and --to")
	}
	src, err := openMigrateSource(ctx, storeAddr(*from))
	if err != nil {
		return err
	}
	defer src.Close()
	if *verifyOnly {
		dst, err := openMigrateSource(ctx, storeAddr(*to))
		if err != nil {
			return err
		}
		defer dst.Close()
		return verifyCopy(ctx, src, dst, stdout, "the databases differ in")
	}
	if storeAddr(*from) == storeAddr(*to) {
		return errors.New("migrate: --from and --to name the same database")
	}
	return migrateInto(ctx, src, *from, *to, stdout)
}

// storeAddr returns the address store.Open takes: a PostgreSQL URL as it
// is, sqlite:FILE (or sqlite://FILE) as the file name.
func storeAddr(addr string) string {
	if path, ok := strings.CutPrefix(addr, "sqlite:"); ok {
		return strings.TrimPrefix(path, "//")
	}
	return addr
}

// openMigrateSource opens a database read-only. A file must exist: SQLite
// would otherwise say only that it cannot open it.
func openMigrateSource(ctx context.Context, addr string) (*store.DB, error) {
	if !store.IsPostgres(addr) {
		if _, err := os.Stat(addr); err != nil {
			return nil, err
		}
	}
	db, err := store.Open(ctx, addr, store.ReadOnly(), store.WithLogger(nil))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", store.Redacted(addr), err)
	}
	return db, nil
}

// migrateInto opens (creating and migrating) the destination, copies src
// into it, printing each table's rows, and verifies the copy.
func migrateInto(ctx context.Context, src *store.DB, from, to string, stdout io.Writer) error {
	dst, err := store.Open(ctx, storeAddr(to), store.WithClock(clock), store.WithLogger(nil))
	if err != nil {
		return fmt.Errorf("open %s: %w", store.Redacted(to), err)
	}
	defer dst.Close()
	fmt.Fprintf(stdout, "Copying %s into %s (schema v%d)\n", store.Redacted(from), store.Redacted(to), store.LatestSchemaVersion())
	start := time.Now()
	var total int64
	err = store.Copy(ctx, dst, src, func(table string, rows int64) {
		unit := "rows"
		if rows == 1 {
			unit = "row"
		}
		fmt.Fprintf(stdout, "  %-22s %9d %s\n", table, rows, unit)
		total += rows
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	fmt.Fprintf(stdout, "Copied %d rows in %s.\n\n", total, time.Since(start).Round(time.Millisecond))
	return verifyCopy(ctx, src, dst, stdout, "the copy differs from the source (did the bot write to it meanwhile?) in")
}

// verifyCopy prints every table's rows, checksum and verdict, and fails
// naming the tables that differ.
func verifyCopy(ctx context.Context, src, dst *store.DB, stdout io.Writer, differs string) error {
	checks, err := store.Verify(ctx, src, dst)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	fmt.Fprintln(stdout, "Verifying: rows and SHA-256 of each table in key order (source -> destination where they differ)")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TABLE\tROWS\tSHA-256\tOK")
	var bad []string
	for _, c := range checks {
		rows, sum, ok := fmt.Sprint(c.Source.Rows), c.Source.SHA256[:16], "ok"
		if !c.OK() {
			bad, ok = append(bad, c.Table), "MISMATCH"
			rows += fmt.Sprintf(" -> %d", c.Dest.Rows)
			sum += " -> " + c.Dest.SHA256[:16]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Table, rows, sum, ok)
	}
	tw.Flush()
	if len(bad) > 0 {
		return fmt.Errorf("verification failed: %s %s", differs, strings.Join(bad, ", "))
	}
	fmt.Fprintf(stdout, "All %d tables match.\n", len(checks))
	return nil
}
