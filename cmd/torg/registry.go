package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/registry"
)

// registry runs "registry import FILE": it replaces a municipality's copy
// of the population, property and reservation registers with the entries
// of a JSON file (docs/operator.md, "Registers") and prints a summary.
// FILE "-" is standard input.
func (c *cli) registry(ctx context.Context, args []string) int {
	const synopsis = "FILE [--data DIR | --db URL] [--config FILE]"
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintf(c.stderr, "usage: torg registry import %s\n", synopsis)
		return 2
	}
	cfg, file, status, ok := c.settingsWithArg(c.flagSet("registry import", synopsis), args[1:])
	if !ok {
		return status
	}
	f, err := c.readRegister(file)
	if err != nil {
		return c.fail(err)
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	res, err := registry.Import(ctx, db, f, time.Now().UTC())
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, registrySummary(res))
	return 0
}

// readRegister parses the register file at path, or standard input for "-".
func (c *cli) readRegister(path string) (registry.File, error) {
	if path == "-" {
		return registry.ParseFile(c.stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return registry.File{}, err
	}
	defer f.Close()
	return registry.ParseFile(f)
}

// registrySummary says in one line what an import did.
func registrySummary(r registry.Result) string {
	return fmt.Sprintf("register of %s %s: %d %s, %d %s, %d reserved against digital post, %d protected "+
		"(%d strict %s withheld); replaced %d %s and %d %s",
		r.Code, r.Name, r.Persons, plural(r.Persons, "person", "persons"),
		r.Properties, plural(r.Properties, "property", "properties"), r.Reserved, r.Protected,
		r.Withheld, plural(r.Withheld, "address", "addresses"),
		r.Replaced.Persons, plural(r.Replaced.Persons, "person", "persons"),
		r.Replaced.Properties, plural(r.Replaced.Properties, "property", "properties"))
}
