package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/routine"
)

const routineUsage = `usage: torg routine lint [PATH...] [--templates NAME,...]
       torg routine show ID|FILE [--lang nb|da|sv|en]
       torg routine publish FILE [--data DIR | --db URL]
       torg routine simulate ID|FILE SCENARIO-FILE [--country NO|SE|DK] [--closed 2026-12-24,...]
                             [--tz ZONE] [--format jsonl|table]
`

// routine runs the routine subcommands: lint, show and simulate.
func (c *cli) routine(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "lint":
			return c.routineLint(args[1:])
		case "show":
			return c.routineShow(args[1:])
		case "simulate":
			return c.routineSimulate(args[1:])
		case "publish":
			return c.routinePublish(args[1:])
		}
	}
	fmt.Fprint(c.stderr, routineUsage)
	return 2
}

// routineLint checks routine files, or the shipped routines if no path is
// given, against the built-in letter and SMS templates, and prints each
// problem as file:line: message. It exits 1 if any file has a problem.
func (c *cli) routineLint(args []string) int {
	fs := c.flagSet("routine lint", "[PATH...] [--templates NAME,...]")
	extra := fs.String("templates", "", "more known letter and SMS `templates`, comma-separated, besides the built-in ones")
	paths, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	known := routine.KnownTemplates(append(letter.Names(), splitList(*extra)...))
	files, err := routineFiles(paths)
	if err != nil {
		return c.fail(err)
	}
	failed := false
	for _, f := range files {
		errs := routine.Check(f.name, f.src, known)
		for _, e := range errs {
			fmt.Fprintln(c.stdout, e)
		}
		if len(errs) == 0 {
			fmt.Fprintf(c.stdout, "%s: ok\n", f.name)
		}
		failed = failed || len(errs) > 0
	}
	if failed {
		return 1
	}
	return 0
}

// routineFile is a routine file's name and content.
type routineFile struct {
	name string
	src  []byte
}

// routineFiles reads the files at paths (a folder gives its *.yaml files),
// or the shipped routines if paths is empty.
func routineFiles(paths []string) ([]routineFile, error) {
	if len(paths) == 0 {
		return readFS(routine.SeedFiles(), "routines/")
	}
	var out []routineFile
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			files, err := readFS(os.DirFS(p), p+string(filepath.Separator))
			if err != nil {
				return nil, err
			}
			out = append(out, files...)
			continue
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, routineFile{name: p, src: src})
	}
	return out, nil
}

// readFS reads the *.yaml files of fsys, naming each with prefix.
func readFS(fsys fs.FS, prefix string) ([]routineFile, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	var out []routineFile
	for _, n := range names {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		out = append(out, routineFile{name: prefix + n, src: src})
	}
	return out, nil
}

// routineShow prints a routine as text in a language.
func (c *cli) routineShow(args []string) int {
	fs := c.flagSet("routine show", "ID|FILE [--lang nb|da|sv|en]")
	lang := fs.String("lang", "nb", "`language` of the titles: nb, da, sv or en")
	pos, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	if len(pos) != 1 {
		fmt.Fprint(c.stderr, routineUsage)
		return 2
	}
	if !slices.Contains(routine.Languages, *lang) {
		return c.fail(fmt.Errorf("language %q: use one of %s", *lang, strings.Join(routine.Languages, ", ")))
	}
	r, err := loadRoutine(pos[0])
	if err != nil {
		return c.fail(err)
	}
	if err := r.Describe(c.stdout, *lang); err != nil {
		return c.fail(err)
	}
	return 0
}

// loadRoutine reads a routine file if name is a file, else finds the
// shipped routine with that ID or file name.
func loadRoutine(name string) (*routine.Routine, error) {
	if st, err := os.Stat(name); err == nil && !st.IsDir() {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		return routine.Parse(name, src)
	}
	return routine.FindSeed(name)
}

// zones are the default time zones of the supported countries.
var zones = map[string]string{"NO": "Europe/Oslo", "SE": "Europe/Stockholm", "DK": "Europe/Copenhagen"}

// routineSimulate runs a scenario through a routine and prints the
// timeline, as JSON lines or as a table.
func (c *cli) routineSimulate(args []string) int {
	fs := c.flagSet("routine simulate", "ID|FILE SCENARIO-FILE [flags]")
	country := fs.String("country", "NO", "`country` of the municipality's calendar: NO, SE or DK")
	closed := fs.String("closed", "", "the municipality's closed `days`, comma-separated, as 2026-12-24")
	tz := fs.String("tz", "", "time `zone` of the municipality (default: the country's)")
	format := fs.String("format", "jsonl", "output `format`: jsonl or table")
	pos, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	if len(pos) != 2 || (*format != "jsonl" && *format != "table") {
		fmt.Fprint(c.stderr, routineUsage)
		return 2
	}
	env, err := simEnv(strings.ToUpper(*country), *closed, *tz)
	if err != nil {
		return c.fail(err)
	}
	tl, err := simulateFiles(pos[0], pos[1], env)
	if err != nil {
		return c.fail(err)
	}
	if *format == "table" {
		err = tl.WriteTable(c.stdout, env.Location)
	} else {
		err = tl.WriteJSONL(c.stdout)
	}
	if err != nil {
		return c.fail(err)
	}
	return 0
}

// simulateFiles loads a routine and a scenario and runs one through the
// other.
func simulateFiles(name, scenarioPath string, env routine.Env) (routine.Timeline, error) {
	r, err := loadRoutine(name)
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(scenarioPath)
	if err != nil {
		return nil, err
	}
	sc, err := routine.ParseScenario(src, env.Location)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", scenarioPath, err)
	}
	return routine.Simulate(r, sc, env)
}

// simEnv builds the municipality of a simulation.
func simEnv(country, closed, tz string) (routine.Env, error) {
	var days []torg.Date
	for _, s := range splitList(closed) {
		d, err := torg.ParseDate(s)
		if err != nil {
			return routine.Env{}, fmt.Errorf("--closed: %w", err)
		}
		days = append(days, d)
	}
	cal, err := calendar.New(country, days...)
	if err != nil {
		return routine.Env{}, err
	}
	if tz == "" {
		tz = zones[country]
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return routine.Env{}, fmt.Errorf("--tz: %w", err)
	}
	return routine.Env{Calendar: cal, Location: loc}, nil
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
