// Command torg runs torg, a case system for the citizen-facing work of
// Nordic municipalities, and its maintenance tasks.
//
//	torg serve    [--addr 127.0.0.1:8080] [--data DIR | --db postgres://…] [--demo] [--config FILE]
//	torg migrate  [--data DIR | --db URL]
//	torg demo     [--data DIR | --db URL]
//	torg id check NUMBER [--country NO|SE|DK]
//	torg audit verify [--data DIR | --db URL]
//	torg token create --user USERNAME [--name NAME] [--days N]
//	torg org import FILE [--data DIR | --db URL]
//	torg registry import FILE [--data DIR | --db URL]
//	torg rates import FILE | list [--data DIR | --db URL]
//	torg user password USERNAME [--data DIR | --db URL] < password
//	torg routine  lint [PATH...] | show ID|FILE [--lang nb] | simulate ID|FILE SCENARIO [--country NO] [--closed …] [--format jsonl|table]
//	torg bench    gen | run | workflow [flags]
//	torg drill    crash [--kills N] [--json FILE]
//	torg config   [--data DIR | --db URL] [--config FILE]
//	torg version
//
// Settings come from defaults, an optional JSON file (--config or
// TORG_CONFIG), TORG_* environment variables and the flags, in that order.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	_ "time/tzdata" // municipalities' time zones, also where the system lacks a zone database
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Environ()))
}

// cli is one run of the command: where it reads and writes and the
// environment it reads settings from.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            []string
}

// run runs the subcommand named by args[0] and returns the exit status:
// 0 on success, 1 on failure, 2 on a usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, env []string) int {
	c := &cli{stdin: os.Stdin, stdout: stdout, stderr: stderr, env: env}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return c.serve(ctx, rest)
	case "migrate":
		return c.migrate(ctx, rest)
	case "demo":
		return c.loadDemo(ctx, rest)
	case "id":
		return c.checkID(rest)
	case "audit":
		return c.auditVerify(ctx, rest)
	case "token":
		return c.token(ctx, rest)
	case "org":
		return c.org(ctx, rest)
	case "registry":
		return c.registry(ctx, rest)
	case "rates":
		return c.rates(ctx, rest)
	case "user":
		return c.user(ctx, rest)
	case "routine":
		return c.routine(rest)
	case "bench":
		return c.bench(ctx, rest)
	case "drill":
		return c.drill(ctx, rest)
	case "config":
		return c.showConfig(rest)
	case "version", "--version", "-version":
		return c.printVersion()
	case "help", "--help", "-help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "torg: unknown command %q\n\n%s", cmd, usage)
	return 2
}

const usage = `usage: torg COMMAND [flags]

commands:
  serve    [--addr HOST:PORT] [--data DIR | --db URL] [--demo] [--config FILE]
           run the web server
  migrate  [--data DIR | --db URL]     bring the database schema up to date
  demo     [--data DIR | --db URL]     load the synthetic demo municipality (idempotent)
  id check NUMBER [--country NO|SE|DK] check a national ID number; JSON on stdout
  audit verify [--data DIR | --db URL] check the hash chain of the audit log
  token create --user USERNAME [--name NAME] [--days N]
                                       issue an API token acting as an employee
  org import FILE [--data DIR | --db URL]
                                       create or update a municipality, its units and staff
  registry import FILE [--data DIR | --db URL]
                                       replace a municipality's copy of the population and property registers
  rates    import FILE | list [--data DIR | --db URL]
                                       store or list the living-cost rate tables (livsoppholdssatser)
  user password USERNAME [--data DIR | --db URL]
                                       set a password read from stdin; ends open sessions
  routine  lint [PATH...] | show ID|FILE [--lang nb] | simulate ID|FILE SCENARIO [--closed DAYS] [--format table]
                                       check, print or try out routine files (docs/routines.md)
  bench    gen | run | workflow        measure torg (docs/benchmarks.md)
  drill    crash [--kills N] [--json FILE]
                                       kill a server under write load and check nothing acknowledged was lost
  config   [--data DIR | --db URL]     print the effective configuration, secrets masked
  version                              print the version

Run 'torg COMMAND -h' for a command's flags.
`

// fail reports err and returns the failure status.
func (c *cli) fail(err error) int {
	fmt.Fprintf(c.stderr, "torg: %v\n", err)
	return 1
}
