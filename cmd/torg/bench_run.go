package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/torg-kommune/torg/internal/bench/load"
	workload "github.com/torg-kommune/torg/internal/bench/run"
)

const benchRunSynopsis = "--manifest FILE [--url http://127.0.0.1:8080] [--clients 64] [--duration 30s] [--warmup 5s] " +
	"[--pid PID] [--json FILE] [--md FILE] [--limits=false] [--disk DIR] [--profile FILE --debug-url URL]"

// benchRunFlags are the settings of one bench run.
type benchRunFlags struct {
	url, manifest, jsonOut, mdOut, disk, profile, debugURL string
	clients, pid                                           int
	duration, warmup, commitTime                           time.Duration
	limits                                                 bool
}

// benchRun drives the mixed staff workload of internal/bench/run against a running torg,
// then measures the machine's limits with the same clients and duration, and reports torg's
// figures as ratios of them (docs/benchmarks.md, "Load harness").
func (c *cli) benchRun(ctx context.Context, args []string) int {
	f, status, ok := c.benchRunFlags(args)
	if !ok {
		return status
	}
	fx, err := readManifest(f.manifest)
	if err != nil {
		return c.fail(err)
	}
	rep, err := c.benchRunAll(ctx, f, fx)
	if err != nil {
		return c.fail(err)
	}
	if err := writeReport(f, rep); err != nil {
		return c.fail(err)
	}
	fmt.Fprint(c.stdout, rep.Markdown())
	return 0
}

func (c *cli) benchRunFlags(args []string) (*benchRunFlags, int, bool) {
	fs := c.flagSet("bench run", benchRunSynopsis)
	f := &benchRunFlags{}
	fs.StringVar(&f.url, "url", "http://127.0.0.1:8080", "the running torg to measure")
	fs.StringVar(&f.manifest, "manifest", "", "the manifest `torg bench gen` wrote (staff, tokens, sample persons)")
	fs.IntVar(&f.clients, "clients", 64, "concurrent clients")
	fs.DurationVar(&f.duration, "duration", 30*time.Second, "measured time of each load run")
	fs.DurationVar(&f.warmup, "warmup", 5*time.Second, "time the load runs before it is measured")
	fs.IntVar(&f.pid, "pid", 0, "process ID of the server, to measure its CPU and memory")
	fs.StringVar(&f.jsonOut, "json", "", "write the report as JSON to this file")
	fs.StringVar(&f.mdOut, "md", "", "write the report as markdown to this file")
	fs.BoolVar(&f.limits, "limits", true, "also measure a bare HTTP server and SQLite's commit rate")
	fs.StringVar(&f.disk, "disk", "", "directory for the SQLite commit-rate test (default: the manifest's)")
	fs.DurationVar(&f.commitTime, "commit-time", 3*time.Second, "time of each SQLite commit-rate test")
	fs.StringVar(&f.profile, "profile", "", "write the server's CPU profile over the measured time to this file")
	fs.StringVar(&f.debugURL, "debug-url", "", "the server's debug listener (torg serve --debug-addr), for --profile")
	if _, status, ok := parse(fs, args); !ok {
		return nil, status, false
	}
	switch {
	case f.manifest == "" || f.clients < 1 || f.duration <= 0 || f.warmup < 0 || f.commitTime <= 0:
		fs.Usage()
		return nil, 2, false
	case f.profile != "" && f.debugURL == "":
		fmt.Fprintln(c.stderr, "torg bench run: --profile needs --debug-url, the address of torg serve --debug-addr")
		return nil, 2, false
	}
	if f.disk == "" {
		f.disk = filepath.Dir(f.manifest)
	}
	return f, 0, true
}

// benchRunAll runs torg's mix, then the limits.
func (c *cli) benchRunAll(ctx context.Context, f *benchRunFlags, fx *workload.Fixture) (*workload.Report, error) {
	mix, newWorker, err := workload.Mix(f.url, fx)
	if err != nil {
		return nil, err
	}
	// The warmup starts once every client is logged in; so does the profile's wait for it.
	ready := make(chan struct{})
	var made atomic.Int64
	cfg := load.Config{Clients: f.clients, Duration: f.duration, Warmup: f.warmup, Ops: workload.Ops(mix),
		ServerPID: f.pid, NewWorker: func(ctx context.Context, id int, w *load.Worker) error {
			err := newWorker(ctx, id, w)
			if made.Add(1) == int64(f.clients) {
				close(ready)
			}
			return err
		}}
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	profiled := c.startProfile(pctx, f, ready)
	fmt.Fprintf(c.stderr, "torg bench run: %d clients against %s for %v after %v warmup\n", f.clients, f.url, f.duration, f.warmup)
	res, err := load.Run(ctx, cfg)
	if err != nil {
		return nil, err
	}
	profErr := <-profiled
	if profErr != nil {
		fmt.Fprintf(c.stderr, "torg bench run: no CPU profile: %v\n", profErr)
	}
	var bare *load.Result
	var commits *workload.Commits
	if f.limits {
		fmt.Fprintf(c.stderr, "torg bench run: the bare HTTP server, %d-byte page\n", res.Total.MeanBytes)
		if bare, err = workload.Bare(ctx, int(res.Total.MeanBytes), load.Config{Clients: f.clients, Duration: f.duration,
			Warmup: min(f.warmup, time.Second)}); err != nil {
			return nil, fmt.Errorf("bare HTTP server: %w", err)
		}
		fmt.Fprintf(c.stderr, "torg bench run: SQLite commits in %s\n", f.disk)
		if commits, err = workload.CommitRate(ctx, f.disk, f.commitTime, 1000); err != nil {
			return nil, fmt.Errorf("SQLite commit rate: %w", err)
		}
	}
	rep := workload.NewReport(f.url, mix, res, bare, commits)
	if f.profile != "" && profErr == nil {
		rep.Profile = f.profile
	}
	return rep, nil
}

// startProfile fetches the server's CPU profile over the measured time, if asked to: from
// the end of the warmup that starts when ready is closed.
func (c *cli) startProfile(ctx context.Context, f *benchRunFlags, ready <-chan struct{}) <-chan error {
	done := make(chan error, 1)
	if f.profile == "" {
		done <- nil
		return done
	}
	go func() {
		select {
		case <-ready:
		case <-ctx.Done():
			done <- ctx.Err()
			return
		}
		select {
		case <-time.After(f.warmup):
		case <-ctx.Done():
			done <- ctx.Err()
			return
		}
		secs := max(int(f.duration.Seconds()), 1)
		done <- fetchProfile(ctx, strings.TrimRight(f.debugURL, "/")+fmt.Sprintf("/debug/pprof/profile?seconds=%d", secs), f.profile)
	}()
	return done
}

func fetchProfile(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, resp.Body)
	return errors.Join(err, out.Close())
}

func writeReport(f *benchRunFlags, rep *workload.Report) error {
	if f.jsonOut != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(f.jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if f.mdOut != "" {
		return os.WriteFile(f.mdOut, []byte(rep.Markdown()), 0o644)
	}
	return nil
}
