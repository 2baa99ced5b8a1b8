package main

import (
	"context"
	"fmt"
)

const benchUsage = `usage: torg bench SUBCOMMAND [flags]

subcommands:
  gen       fill a database with a synthetic population, staff and cases
  run       drive a mixed staff workload against a running server and measure it
  workflow  run the same intake workflow against Request Tracker and torg, side by side

Run 'torg bench SUBCOMMAND -h' for its flags; docs/benchmarks.md explains the method.
`

// bench runs the measuring instruments of docs/benchmarks.md.
func (c *cli) bench(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, benchUsage)
		return 2
	}
	switch args[0] {
	case "gen":
		return c.benchGen(ctx, args[1:])
	case "run":
		return c.benchRun(ctx, args[1:])
	case "workflow":
		return c.benchWorkflow(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(c.stdout, benchUsage)
		return 0
	}
	fmt.Fprintf(c.stderr, "torg bench: unknown subcommand %q\n\n%s", args[0], benchUsage)
	return 2
}
