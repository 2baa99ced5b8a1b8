package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"

	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/demo"
)

// serve runs the web server until SIGINT or SIGTERM.
func (c *cli) serve(ctx context.Context, args []string) int {
	fs := c.flagSet("serve", "[--addr HOST:PORT] [--data DIR | --db URL] [--demo] [--config FILE] [--debug-addr 127.0.0.1:PORT]")
	debugAddr := fs.String("debug-addr", "", "serve Go's profiler (/debug/pprof/) on this loopback address")
	cfg, status, ok := c.settingsFor(fs, args, true)
	if !ok {
		return status
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	log := app.NewLogger(c.stderr, cfg)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return c.fail(err)
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return c.fail(err)
	}
	if *debugAddr != "" {
		if err := serveDebug(ctx, *debugAddr, log); err != nil {
			return c.fail(err)
		}
	}
	c.announce(cfg, ln.Addr())
	log.Info("torg serving", "addr", ln.Addr().String(), "version", version, "demo", cfg.Demo)
	if err := a.Serve(ctx, ln); err != nil {
		return c.fail(err)
	}
	log.Info("torg stopped")
	return 0
}

// announce prints where torg can be reached and, in demo mode only, the
// demo logins.
func (c *cli) announce(cfg config.Config, addr net.Addr) {
	u := cfg.BaseURL
	if u == "" {
		u = listenURL(addr)
	}
	fmt.Fprintf(c.stdout, "torg is running at %s\n", u)
	if cfg.Demo {
		fmt.Fprintln(c.stdout)
		c.printLogins()
	}
}

// listenURL returns a URL for a listening address; a wildcard host becomes
// localhost.
func listenURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// printLogins prints the demo employees and the demo person.
func (c *cli) printLogins() {
	fmt.Fprintf(c.stdout, "Demo logins (password %q for all):\n\n", demo.Password)
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  USERNAME\tNAME\tROLES")
	for _, l := range demo.Logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Username, l.Name, l.Roles)
	}
	tw.Flush()
	fmt.Fprintf(c.stdout, "\nDemo citizen: %s %s, synthetic national ID %s\n",
		demo.DemoGivenName, demo.DemoFamilyName, demo.DemoNIN)
}
