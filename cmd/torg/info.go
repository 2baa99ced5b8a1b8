package main

import (
	"encoding/json"
	"fmt"
	"runtime"
)

// showConfig prints the effective configuration as JSON, secrets masked.
func (c *cli) showConfig(args []string) int {
	fs := c.flagSet("config", "[--data DIR | --db URL] [--addr HOST:PORT] [--demo] [--config FILE]")
	cfg, status, ok := c.settingsFor(fs, args, true)
	if !ok {
		return status
	}
	b, err := json.MarshalIndent(cfg.Masked(), "", "  ")
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s\n", b)
	return 0
}

// printVersion prints torg's version and the Go release it was built with.
func (c *cli) printVersion() int {
	fmt.Fprintf(c.stdout, "torg %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return 0
}
