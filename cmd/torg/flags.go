package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/torg-kommune/torg/internal/config"
)

// flagSet returns a flag set for a subcommand that reports errors instead
// of exiting, with a usage line.
func (c *cli) flagSet(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "usage: torg %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags placed anywhere among args, so that both
// "id check --country SE N" and "id check N --country SE" work, and
// returns the other arguments. Its status is what to exit with if ok is
// false: 0 after -h, 2 after a bad flag.
func parse(fs *flag.FlagSet, args []string) (pos []string, status int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0, false
			}
			return nil, 2, false
		}
		if fs.NArg() == 0 {
			return pos, 0, true
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// settings are the flags that override the configuration.
type settings struct {
	file, data, db, addr string
	demo                 bool
}

// register adds --config, --data and --db to fs, and --addr and --demo
// if server is set.
func (s *settings) register(fs *flag.FlagSet, server bool) {
	fs.StringVar(&s.file, "config", "", "JSON configuration `file` (default $TORG_CONFIG)")
	fs.StringVar(&s.data, "data", "", "data `folder`, holding the SQLite database torg.db (default ./data)")
	fs.StringVar(&s.db, "db", "", "database: a postgres://… `URL`, or a SQLite file path (default DATA/torg.db)")
	if server {
		fs.StringVar(&s.addr, "addr", "", "listen `address` host:port (default 127.0.0.1:8080)")
		fs.BoolVar(&s.demo, "demo", false, "load the synthetic demo municipality and show its logins")
	}
}

// load returns the configuration from file and environment with the flags
// set on fs on top. --data and --db exclude each other: the one given
// wins over a database set elsewhere.
func (c *cli) load(fs *flag.FlagSet, s *settings) (config.Config, error) {
	cfg, err := config.Load(s.file, c.env)
	if err != nil {
		return config.Config{}, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["data"] && set["db"] {
		return config.Config{}, errors.New("give --data or --db, not both")
	}
	if set["data"] {
		cfg.Data, cfg.DB = s.data, ""
	}
	if set["db"] {
		cfg.DB = strings.TrimSpace(s.db)
	}
	if set["addr"] {
		cfg.Addr = s.addr
	}
	if set["demo"] {
		cfg.Demo = s.demo
	}
	return cfg, cfg.Validate()
}

// settingsFor parses a subcommand's flags, which are the configuration
// flags only, and loads the configuration. It returns false with the exit
// status when the command should not go on.
func (c *cli) settingsFor(fs *flag.FlagSet, args []string, server bool) (config.Config, int, bool) {
	var s settings
	s.register(fs, server)
	pos, status, ok := parse(fs, args)
	if !ok {
		return config.Config{}, status, false
	}
	if len(pos) > 0 {
		fmt.Fprintf(c.stderr, "torg %s: unexpected argument %q\n", fs.Name(), pos[0])
		fs.Usage()
		return config.Config{}, 2, false
	}
	cfg, err := c.load(fs, &s)
	if err != nil {
		return config.Config{}, c.fail(err), false
	}
	return cfg, 0, true
}
