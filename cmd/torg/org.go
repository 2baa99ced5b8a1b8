package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/store"
)

// org runs "org import FILE": it creates or updates a municipality with its
// units and employees from a JSON file (docs/org-example.json is one) and
// prints what it did. FILE "-" is standard input.
func (c *cli) org(ctx context.Context, args []string) int {
	return c.runImport(ctx, "org", args, func(ctx context.Context, in io.Reader, db *store.DB) (string, error) {
		f, err := casework.ParseOrg(in)
		if err != nil {
			return "", err
		}
		res, err := casework.ImportOrg(ctx, db, f, time.Now().UTC())
		return orgSummary(res), err
	})
}

// orgSummary says in one line what an import did.
func orgSummary(r casework.OrgResult) string {
	s := fmt.Sprintf("municipality %s %s (%s): %s; %s", r.Code, r.Name, r.Municipality,
		orgCounts(r.Units, "unit", "units"), orgCounts(r.Employees, "employee", "employees"))
	if q := r.Queue; q.Created+q.Updated+q.Unchanged > 0 {
		s += "; " + orgCounts(q, "queue service or counter", "queue services and counters")
	}
	if n := len(r.NoPassword); n > 0 {
		s += fmt.Sprintf("; %d %s no password (set one with: torg user password USERNAME): %s",
			n, plural(n, "employee has", "employees have"), strings.Join(r.NoPassword, ", "))
	}
	return s
}

func orgCounts(n casework.OrgCounts, one, many string) string {
	return fmt.Sprintf("%d %s created, %d updated, %d unchanged", n.Created, plural(n.Created, one, many),
		n.Updated, n.Unchanged)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// user runs "user password USERNAME": it sets an employee's password from
// the first line of standard input and ends the employee's sessions.
func (c *cli) user(ctx context.Context, args []string) int {
	const synopsis = "USERNAME [--data DIR | --db URL] [--config FILE] < password"
	if len(args) == 0 || args[0] != "password" {
		fmt.Fprintf(c.stderr, "usage: torg user password %s\n", synopsis)
		return 2
	}
	cfg, username, status, ok := c.settingsWithArg(c.flagSet("user password", synopsis), args[1:])
	if !ok {
		return status
	}
	pw, err := c.readPassword(username)
	if err != nil {
		return c.fail(err)
	}
	db, err := openExisting(ctx, cfg)
	if err != nil {
		return c.fail(err)
	}
	defer db.Close()
	if err := casework.SetPassword(ctx, db, username, pw, time.Now().UTC()); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "password set for %s; their open sessions have ended\n", username)
	return 0
}

// readPassword reads the first line of standard input without its line
// ending. On a terminal it asks first; the password shows as it is typed,
// so a pipe is the better way.
func (c *cli) readPassword(username string) (string, error) {
	in := c.stdin
	if f, ok := in.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintf(c.stderr, "new password for %s (visible as you type): ", username)
		}
	}
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// settingsWithArg is settingsFor for a subcommand that takes exactly one
// argument besides its flags, which it returns.
func (c *cli) settingsWithArg(fs *flag.FlagSet, args []string) (config.Config, string, int, bool) {
	var s settings
	s.register(fs, false)
	pos, status, ok := parse(fs, args)
	if !ok {
		return config.Config{}, "", status, false
	}
	if len(pos) != 1 {
		fmt.Fprintf(c.stderr, "torg %s: want one argument, got %d\n", fs.Name(), len(pos))
		fs.Usage()
		return config.Config{}, "", 2, false
	}
	cfg, err := c.load(fs, &s)
	if err != nil {
		return config.Config{}, "", c.fail(err), false
	}
	return cfg, pos[0], 0, true
}
