package main

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/demo"
)

// migrate brings the database schema up to date.
func (c *cli) migrate(ctx context.Context, args []string) int {
	cfg, status, ok := c.settingsFor(c.flagSet("migrate", "[--data DIR | --db URL] [--config FILE]"), args, false)
	if !ok {
		return status
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	fmt.Fprintf(c.stdout, "database up to date: %s\n", cfg.Masked().DatabaseURL())
	return 0
}

// loadDemo loads the demo municipality, unless it is there already, and
// prints its logins.
func (c *cli) loadDemo(ctx context.Context, args []string) int {
	cfg, status, ok := c.settingsFor(c.flagSet("demo", "[--data DIR | --db URL] [--config FILE]"), args, false)
	if !ok {
		return status
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	created, err := demo.Load(ctx, db, time.Now().UTC())
	if err != nil {
		return c.fail(err)
	}
	what := "loaded"
	if !created {
		what = "already present"
	}
	fmt.Fprintf(c.stdout, "demo municipality Torgvik kommune (%s) %s in %s\n\n", demo.MunicipalityCode, what,
		cfg.Masked().DatabaseURL())
	c.printLogins()
	return 0
}
