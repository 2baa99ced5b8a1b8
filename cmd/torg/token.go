package main

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/casework"
)

// token runs "token create": it issues an API token for an employee and
// prints it once. The token acts with that employee's roles and units.
func (c *cli) token(ctx context.Context, args []string) int {
	const synopsis = "create --user USERNAME [--name NAME] [--days N] [--data DIR | --db URL]"
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintf(c.stderr, "usage: torg token %s\n", synopsis)
		return 2
	}
	fs := c.flagSet("token create", synopsis)
	user := fs.String("user", "", "the employee the token acts as")
	name := fs.String("name", "api", "what the token is for")
	days := fs.Int("days", 90, "days until the token expires")
	cfg, status, ok := c.settingsFor(fs, args[1:], false)
	if !ok {
		return status
	}
	if *user == "" || *days < 1 {
		fs.Usage()
		return 2
	}
	db, err := app.OpenDB(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	svc := casework.New(db, torg.SystemClock{}, app.Casework(cfg))
	e, err := svc.EmployeeByUsername(ctx, *user)
	if err != nil {
		return c.fail(fmt.Errorf("no employee %q", *user))
	}
	tok, err := svc.CreateToken(ctx, e.ID, *name, time.Duration(*days)*24*time.Hour)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, tok)
	return 0
}
