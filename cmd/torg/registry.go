package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
)

// registry runs "registry import FILE": it replaces a municipality's copy
// of the population, property and reservation registers with the entries
// of a JSON file (docs/operator.md, "Registers") and prints a summary.
// FILE "-" is standard input.
func (c *cli) registry(ctx context.Context, args []string) int {
	return c.runImport(ctx, "registry", args, func(ctx context.Context, in io.Reader, db *store.DB) (string, error) {
		f, err := registry.ParseFile(in)
		if err != nil {
			return "", err
		}
		res, err := registry.Import(ctx, db, f, time.Now().UTC())
		return registrySummary(res), err
	})
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
