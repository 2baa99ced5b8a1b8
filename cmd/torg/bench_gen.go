package main

import (
	"context"

	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/bench/gen"
)

// benchGen runs "bench gen": it fills a database with a synthetic
// municipality of the chosen size and writes the manifest that
// "bench run" reads.
func (c *cli) benchGen(ctx context.Context, args []string) int {
	fs := c.flagSet("bench gen", "[--country NO|SE|DK] [--persons N] [--cases N] [--records N] [--notes N] "+
		"[--tasks N] [--inquiries N] [--manifest FILE] [--data DIR | --db URL]")
	d := gen.Defaults
	country := fs.String("country", d.Country, "the population's `country`: NO, SE or DK")
	persons := fs.Int("persons", d.Persons, "persons in the register")
	cases := fs.Int("cases", d.Cases, "cases, each with a person as applicant")
	records := fs.Int("records", d.Records, "records, spread over the cases")
	notes := fs.Int("notes", d.Notes, "journal notes, spread over the cases")
	tasks := fs.Int("tasks", d.Tasks, "tasks, spread over the cases")
	inquiries := fs.Int("inquiries", d.Inquiries, "front-desk inquiries, spread over the cases")
	manifest := fs.String("manifest", "", "where to write the manifest `file` (default DATA/bench.json; required with a postgres:// --db)")
	seed := fs.Uint64("seed", 1, "seed of names, households and dates")
	keep := fs.Bool("keep-indexes", false, "keep the secondary indexes during the load (slower; to compare)")
	var s settings
	s.register(fs, false)
	pos, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	if len(pos) > 0 {
		fmt.Fprintf(c.stderr, "torg bench gen: unexpected argument %q\n", pos[0])
		fs.Usage()
		return 2
	}
	cfg, err := c.load(fs, &s)
	if err != nil {
		return c.fail(err)
	}
	g := gen.Config{Country: strings.ToUpper(*country), Persons: *persons, Cases: *cases, Records: *records,
		Notes: *notes, Tasks: *tasks, Inquiries: *inquiries, Seed: *seed, KeepIndexes: *keep}
	if err := g.Validate(); err != nil {
		fmt.Fprintf(c.stderr, "torg: %v\n", err)
		return 2
	}
	path := *manifest
	if path == "" {
		if cfg.IsPostgres() {
			fmt.Fprintln(c.stderr, "torg bench gen: give --manifest FILE with a postgres:// database")
			return 2
		}
		path = filepath.Join(filepath.Dir(cfg.DatabaseURL()), "bench.json")
	}
	if g.Country == gen.Sweden {
		fmt.Fprintln(c.stderr, "torg bench gen: Sweden has no reserved range of test numbers; the generated "+
			"personnummer are structurally valid and may be real persons' numbers. Keep this database on this machine.")
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	start := time.Now()
	progress := gen.NewProgress(c.stderr, isTerminal(c.stderr), g.Total())
	m, err := gen.Generate(ctx, db, g, progress)
	progress.Stop()
	if err != nil {
		return c.fail(err)
	}
	if err := gen.WriteManifest(path, m); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "generated %d persons, %d cases, %d records, %d notes, %d tasks, %d inquiries and %d staff "+
		"in %s (%s)\nmanifest: %s\n", m.Persons, m.Cases, m.Records, m.Notes, m.Tasks, m.Inquiries, len(m.Staff),
		time.Since(start).Round(time.Second), cfg.Masked().DatabaseURL(), path)
	return 0
}

// isTerminal reports whether w is a terminal.
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
