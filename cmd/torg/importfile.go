package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/store"
)

// importer reads a file and writes it into the database, returning the
// one-line summary to print.
type importer func(ctx context.Context, in io.Reader, db *store.DB) (string, error)

// runImport runs "WHAT import FILE": it reads FILE ("-" for standard
// input), opens the configured database and hands both to run.
func (c *cli) runImport(ctx context.Context, what string, args []string, run importer) int {
	const synopsis = "FILE [--data DIR | --db URL] [--config FILE]"
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintf(c.stderr, "usage: torg %s import %s\n", what, synopsis)
		return 2
	}
	cfg, file, status, ok := c.settingsWithArg(c.flagSet(what+" import", synopsis), args[1:])
	if !ok {
		return status
	}
	in := c.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return c.fail(err)
		}
		defer f.Close()
		in = f
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	summary, err := run(ctx, in, db)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, summary)
	return 0
}
