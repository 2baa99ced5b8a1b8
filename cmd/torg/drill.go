package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/torg-kommune/torg/internal/bench/drill"
)

const drillUsage = `usage: torg drill SUBCOMMAND [flags]

subcommands:
  crash     kill a torg server under write load with SIGKILL, many times, and check
            that every acknowledged write survived (docs/benchmarks.md, "Drills")

Run 'torg drill SUBCOMMAND -h' for its flags.
`

// drillEnv is added to the environment of the servers a drill starts; the
// tests use it to make their own binary act as torg.
var drillEnv []string

// drill runs the drills of docs/benchmarks.md.
func (c *cli) drill(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, drillUsage)
		return 2
	}
	switch args[0] {
	case "crash":
		return c.drillCrash(ctx, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(c.stdout, drillUsage)
		return 0
	}
	fmt.Fprintf(c.stderr, "torg drill: unknown subcommand %q\n\n%s", args[0], drillUsage)
	return 2
}

// drillCrash runs the crash drill against this very binary's torg serve,
// on SQLite in a fresh data folder. Exit status 1 if anything acknowledged
// was lost or any check failed.
func (c *cli) drillCrash(ctx context.Context, args []string) int {
	fs := c.flagSet("drill crash", "[--kills N] [--clients N] [--min-delay D] [--max-delay D] [--seed N] [--data DIR] [--json FILE]")
	var cfg drill.Config
	fs.IntVar(&cfg.Kills, "kills", 100, "how many times to kill the server")
	fs.IntVar(&cfg.Clients, "clients", 8, "concurrent writers")
	fs.DurationVar(&cfg.MinDelay, "min-delay", 100*time.Millisecond, "shortest time from ready to kill")
	fs.DurationVar(&cfg.MaxDelay, "max-delay", 1500*time.Millisecond, "longest time from ready to kill")
	fs.Uint64Var(&cfg.Seed, "seed", 0, "seed of the random delays and writes (0: a random one)")
	fs.StringVar(&cfg.Data, "data", "", "data `folder` for the server, new or empty (default: a temporary one)")
	jsonFile := fs.String("json", "", "also write the result as JSON to `file`")
	quiet := fs.Bool("quiet", false, "no line per kill")
	pos, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	if len(pos) > 0 || cfg.Kills < 1 || cfg.Clients < 1 {
		fs.Usage()
		return 2
	}
	exe, err := os.Executable()
	if err != nil {
		return c.fail(err)
	}
	cfg.Command, cfg.Env = []string{exe}, drillEnv
	if !*quiet {
		cfg.Progress = c.stderr
	}
	res, err := drill.Crash(ctx, cfg)
	if res != nil {
		res.WriteText(c.stdout)
	}
	if err != nil {
		return c.fail(err)
	}
	if *jsonFile != "" {
		if err := writeDrillJSON(*jsonFile, res); err != nil {
			return c.fail(err)
		}
	}
	if !res.OK() {
		return 1
	}
	return 0
}

func writeDrillJSON(path string, res *drill.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := res.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
