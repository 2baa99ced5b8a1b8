package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/torg-kommune/torg/internal/bench/gen"
	"github.com/torg-kommune/torg/internal/bench/workflow"
)

// rtPasswordFile is where scripts/rt.sh keeps RT's root password.
const rtPasswordFile = "/var/tmp/torg-rt/root-password"

// benchWorkflow runs the intake workflow against Request Tracker and torg, alternating, and
// reports the rates and their ratios (docs/benchmarks.md, "Request Tracker side by side"). torg
// runs twice: the front-desk inquiry ("torg", which notifies nobody) and the message inbox
// ("torg inbox", which notifies the citizen of the answer, as RT mails the requester).
func (c *cli) benchWorkflow(ctx context.Context, args []string) int {
	const synopsis = "[--rt URL] [--rt-password PW] [--rt-notify CMD] [--torg URL] (--manifest FILE | --token TOKEN [--unit ID])\n" +
		"       [--clients N] [--duration D] [--warmup D] [--rounds N] [--json FILE] [--md FILE]"
	fs := c.flagSet("bench workflow", synopsis)
	rtURL := fs.String("rt", "http://127.0.0.1:8580", "Request Tracker's `URL`")
	rtUser := fs.String("rt-user", "root", "RT `user` to log in as")
	rtPassword := fs.String("rt-password", "", "RT user's `password` (default $TORG_RT_PASSWORD, else "+rtPasswordFile+")")
	rtNotify := fs.String("rt-notify", "", "`command` that takes on|off and switches RT's notifications (e.g. \"scripts/rt.sh notify\");\n"+
		"given, every round runs RT with notifications on and off")
	torgURL := fs.String("torg", "http://127.0.0.1:8080", "torg's `URL`")
	manifest := fs.String("manifest", "", "bench manifest `file` of a generated database (torg bench gen): its leaders and persons")
	token := fs.String("token", "", "API `token` to act as, without a manifest: a leader of the unit (e.g. the demo's leder);\n"+
		"default $TORG_TOKEN, which keeps it out of the process list")
	unit := fs.Int64("unit", 0, "unit `id` to register inquiries for, with --token (default: found through the API)")
	clients := fs.Int("clients", 16, "concurrent `clients` on each side")
	duration := fs.Duration("duration", 30*time.Second, "measured `time` of every round on each side")
	warmup := fs.Duration("warmup", 10*time.Second, "unmeasured `time` before each measured one")
	rounds := fs.Int("rounds", 3, "`rounds`: each runs every side once")
	jsonOut := fs.String("json", "", "write the results as JSON to `file`")
	mdOut := fs.String("md", "", "write the markdown report to `file` as well as to stdout")
	pos, status, ok := parse(fs, args)
	if !ok {
		return status
	}
	for _, kv := range c.env {
		if v, ok := strings.CutPrefix(kv, "TORG_TOKEN="); ok && *token == "" && *manifest == "" {
			*token = v
		}
	}
	if len(pos) > 0 || *clients < 1 || *rounds < 1 || *duration <= 0 || *warmup < 0 || (*manifest == "") == (*token == "") {
		if (*manifest == "") == (*token == "") {
			fmt.Fprintln(c.stderr, "torg bench workflow: give either --manifest or --token")
		}
		fs.Usage()
		return 2
	}
	pw := *rtPassword
	for _, kv := range c.env {
		if v, ok := strings.CutPrefix(kv, "TORG_RT_PASSWORD="); ok && pw == "" {
			pw = v
		}
	}
	if pw == "" {
		b, err := os.ReadFile(rtPasswordFile)
		if err != nil {
			return c.fail(fmt.Errorf("bench workflow: no RT password: give --rt-password or $TORG_RT_PASSWORD (%v)", err))
		}
		pw = strings.TrimSpace(string(b))
	}

	t := workflow.Torg{URL: *torgURL}
	if *manifest != "" {
		m, err := gen.ReadManifest(*manifest)
		if err != nil {
			return c.fail(err)
		}
		if t.Actors, err = workflow.ActorsFromManifest(m); err != nil {
			return c.fail(err)
		}
	} else {
		a, err := workflow.Discover(ctx, &http.Client{Timeout: time.Minute}, *torgURL, *token, *unit)
		if err != nil {
			return c.fail(fmt.Errorf("bench workflow: torg at %s: %w", *torgURL, err))
		}
		t.Actors = []workflow.Actor{a}
	}

	// The inbox side notifies every citizen it writes to, as RT mails every requester: it takes
	// only persons torg can reach.
	inbox := workflow.Inbox{URL: *torgURL}
	var err error
	if inbox.Actors, err = workflow.ReachablePersons(ctx, &http.Client{Timeout: time.Minute}, *torgURL, t.Actors); err != nil {
		return c.fail(fmt.Errorf("bench workflow: torg at %s: the inbox side: %w", *torgURL, err))
	}

	rt := workflow.RT{URL: *rtURL, User: *rtUser, Password: pw}
	var sides []*workflow.Side
	pairs := []workflow.Pair{{System: "torg inbox", Versus: "RT", Note: "both notify the citizen: the fair pair"}}
	if *rtNotify == "" {
		sides = []*workflow.Side{rt.Side(), t.Side(), inbox.Side()}
		pairs = append(pairs, workflow.Pair{System: "torg", Versus: "RT",
			Note: "RT notifies, torg's inquiry does not: not a fair pair; give --rt-notify for one"})
	} else {
		on, off := rt, rt
		on.Name, off.Name = "RT", "RT (notifications off)"
		sOn, sOff := on.Side(), off.Side()
		sOn.Before = c.switchCommand(*rtNotify, "on")
		sOff.Before = c.switchCommand(*rtNotify, "off")
		sides = []*workflow.Side{sOn, t.Side(), inbox.Side(), sOff}
		pairs = append(pairs, workflow.Pair{System: "torg", Versus: "RT (notifications off)",
			Note: "neither notifies: the fair pair for the inquiry"})
	}
	opt := workflow.Options{Clients: *clients, Duration: *duration, Warmup: *warmup, Rounds: *rounds,
		Progress: func(round int, m *workflow.Measure) {
			fmt.Fprintf(c.stderr, "round %d, %s: %.2f workflows/s, %.1f requests/s, p50 %.1f ms, p99 %.1f ms, %d errors\n",
				round, m.System, m.WorkflowsPerSec, m.RequestsPerSec, float64(m.P50.Microseconds())/1000,
				float64(m.P99.Microseconds())/1000, m.Errors)
		}}
	res, err := workflow.Compare(ctx, sides, pairs, opt)
	if *rtNotify != "" && len(res.Rounds) > 0 {
		// Leave RT as it was set up: with its notifications on.
		if e := c.switchCommand(*rtNotify, "on")(context.WithoutCancel(ctx)); e != nil {
			fmt.Fprintf(c.stderr, "torg: bench workflow: %v\n", e)
		}
	}
	if err != nil {
		return c.fail(fmt.Errorf("bench workflow: %w", err))
	}
	md := res.Markdown()
	fmt.Fprint(c.stdout, md)
	if *mdOut != "" {
		if err := os.WriteFile(*mdOut, []byte(md), 0o644); err != nil {
			return c.fail(err)
		}
	}
	if *jsonOut != "" {
		b, err := json.MarshalIndent(res, "", "\t")
		if err != nil {
			return c.fail(err)
		}
		if err := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); err != nil {
			return c.fail(err)
		}
	}
	var failed int64
	for _, s := range res.Sides {
		failed += s.Errors
	}
	if failed > 0 {
		return c.fail(errors.New("bench workflow: some workflows failed; see the first errors above"))
	}
	return 0
}

// switchCommand returns a step that runs the shell command cmd with arg (on or off).
func (c *cli) switchCommand(cmd, arg string) func(context.Context) error {
	return func(ctx context.Context) error {
		x := exec.CommandContext(ctx, "sh", "-c", cmd+" "+arg)
		x.Stdout, x.Stderr = c.stderr, c.stderr
		if err := x.Run(); err != nil {
			return fmt.Errorf("%s %s: %w", cmd, arg, err)
		}
		return nil
	}
}
