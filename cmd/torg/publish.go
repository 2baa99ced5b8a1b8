package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/routine"
)

// routinePublish publishes a routine file as a new version, after lint: a
// file with problems is refused with file:line messages and the published
// version stays in force.
func (c *cli) routinePublish(args []string) int {
	fs := c.flagSet("routine publish", "FILE [--data DIR | --db URL]")
	var s settings
	s.register(fs, false)
	pos, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	if len(pos) != 1 {
		fs.Usage()
		return 2
	}
	cfg, err := c.load(fs, &s)
	if err != nil {
		return c.fail(err)
	}
	src, err := os.ReadFile(pos[0])
	if err != nil {
		return c.fail(err)
	}
	ctx := context.Background()
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	r, err := casework.PublishRoutine(ctx, db, pos[0], src, time.Now().UTC())
	if errs, ok := err.(routine.LintErrors); ok {
		for _, e := range errs {
			fmt.Fprintln(c.stdout, e)
		}
		return 1
	}
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "published %s version %d; new cases follow it, running cases keep theirs\n", r.ID, r.Version)
	return 0
}
