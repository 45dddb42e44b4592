package main

import (
	"context"
	"errors"
	"flag"
	"io"

	"github.com/clubbot/clubbot/importer"
)

// importCommand brings clubs, their members and fund reports in from CSV
// files exported from spreadsheets, by package importer. Every row is
// checked first; if any is rejected, all problems are listed and nothing
// is imported.
func importCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	var cfg config
	fs := newFlagSet("import", "clubbot import [flags] clubs.csv [members.csv] [funds.csv]\n\n"+
		"Imports clubs, members and fund reports from CSV files (UTF-8, comma or semicolon separated,\n"+
		"headers in Vietnamese or English). Every row is checked first: if any is rejected, every problem\n"+
		"is listed with its file, line and column, and nothing is imported. Rows already in the database\n"+
		"add nothing, so importing the same files again is harmless.", stderr)
	env := newEnvReader(getenv)
	cfg.register(fs, env, "clubbot.db")
	dryRun := fs.Bool("dry-run", false, "check every row and print what would be imported, without importing")
	if err := env.err(); err != nil {
		return err
	}
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 || len(files) > 3 {
		fs.Usage()
		return errors.New("import needs clubs.csv, and optionally members.csv and funds.csv, in that order")
	}
	db, err := cfg.openStore(ctx, nil, clock)
	if err != nil {
		return err
	}
	defer db.Close()
	return importer.Run(ctx, db, files, clock(), *dryRun, stdout)
}

// parseInterleaved parses flags placed before, between or after the
// positional arguments, which it returns.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}
