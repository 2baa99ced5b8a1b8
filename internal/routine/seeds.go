package routine

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

// seedFS holds the routines shipped with torg, one file per routine.
//
//go:embed routines/*.yaml
var seedFS embed.FS

// SeedFiles returns the shipped routine files, for linting and showing.
func SeedFiles() fs.FS {
	sub, err := fs.Sub(seedFS, "routines")
	if err != nil {
		panic(err) // the embedded folder exists, or the build would have failed
	}
	return sub
}

// loadSeeds parses the shipped routines once.
var loadSeeds = sync.OnceValues(func() ([]*Routine, error) {
	names, err := fs.Glob(SeedFiles(), "*.yaml")
	if err != nil {
		return nil, err
	}
	var out []*Routine
	var errs []error
	for _, name := range names {
		src, err := fs.ReadFile(SeedFiles(), name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r, err := Parse("routines/"+name, src)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, r)
	}
	return out, errors.Join(errs...)
})

// Seeds returns the routines shipped with torg (internal/routine/routines),
// in file-name order. The routines are shared: callers must not change
// them. The error lists the files that do not parse, next to the ones
// that do.
func Seeds() ([]*Routine, error) { return loadSeeds() }

// FindSeed returns the shipped routine with the given ID or file name
// (with or without .yaml, as in "dc").
func FindSeed(name string) (*Routine, error) {
	seeds, err := Seeds()
	stem := strings.TrimSuffix(path.Base(name), ".yaml")
	for _, r := range seeds {
		if r.ID == name || strings.TrimSuffix(path.Base(r.File), ".yaml") == stem {
			return r, nil
		}
	}
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(seeds))
	for i, r := range seeds {
		ids[i] = r.ID
	}
	return nil, fmt.Errorf("routine: no shipped routine %q; there are %s", name, strings.Join(ids, ", "))
}

// TemplateNames returns the letter and SMS templates the shipped routines
// use, sorted, each once: the templates the letter package must provide.
func TemplateNames() []string {
	seeds, _ := Seeds() // a seed that does not parse fails the package's tests
	var names []string
	for _, r := range seeds {
		names = append(names, r.Templates()...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// KnownTemplates returns a function that reports whether a template name
// is one of names, for Check and Lint.
func KnownTemplates(names []string) func(string) bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return func(name string) bool { return set[name] }
}
