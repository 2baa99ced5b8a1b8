package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/app"
	"github.com/torg-kommune/torg/internal/bench/gen"
	workload "github.com/torg-kommune/torg/internal/bench/run"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestBenchRun generates a small database with bench gen, serves it from this process and
// runs bench run against it for two seconds with four clients, on each engine; every op of
// the mix must run without an error, and both reports must be well-formed. The limits and
// the profile, which do not depend on the engine, run on SQLite only.
func TestBenchRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs load for several seconds")
	}
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) { testBenchRun(t, dialect, base, dialect == store.SQLite) })
	}
}

func testBenchRun(t *testing.T, dialect, base string, limits bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	dbURL, manifest := storetest.URL(t, dialect, base), filepath.Join(dir, "bench.json")
	if status, _, errOut := runCmd(t, "bench", "gen", "--db", dbURL, "--manifest", manifest, "--persons", "2000",
		"--cases", "2000", "--records", "6000", "--notes", "2000", "--tasks", "8000", "--inquiries", "500"); status != 0 {
		t.Fatalf("bench gen: %d: %s", status, errOut)
	}
	cfg := config.Default()
	cfg.DB = dbURL
	a, err := app.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go a.Serve(ctx, ln)

	jsonOut, mdOut, prof := filepath.Join(dir, "run.json"), filepath.Join(dir, "run.md"), filepath.Join(dir, "cpu.pprof")
	args := []string{"bench", "run", "--url", "http://" + ln.Addr().String(), "--manifest", manifest,
		"--clients", "4", "--duration", "2s", "--warmup", "300ms", "--pid", strconv.Itoa(os.Getpid()),
		"--json", jsonOut, "--md", mdOut, "--limits=" + strconv.FormatBool(limits), "--commit-time", "500ms"}
	if limits {
		args = append(args, "--profile", prof, "--debug-url", "http://"+startDebug(ctx, t))
	}
	status, out, errOut := runCmd(t, args...)
	if status != 0 {
		t.Fatalf("exit status %d: %s", status, errOut)
	}
	var rep workload.Report
	b, err := os.ReadFile(jsonOut)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("JSON report: %v", err)
	}
	checkTorgRun(t, &rep)
	if limits {
		checkLimits(t, &rep, prof)
	}
	md, err := os.ReadFile(mdOut)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != out {
		t.Error("the markdown file differs from what was printed")
	}
	for _, want := range []string{"## Targets", "| **total** |", "| case_page |", "| cases_by_nin/lookup |"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	m, err := gen.ReadManifest(manifest)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range m.Samples {
		if strings.Contains(string(b)+out+errOut, p.NIN) {
			t.Fatal("a national ID is in the report")
		}
	}
}

// startDebug serves the profiler on a free loopback port and returns its address.
func startDebug(ctx context.Context, t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if err := serveDebug(ctx, addr, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	return addr
}

func checkTorgRun(t *testing.T, rep *workload.Report) {
	t.Helper()
	if len(rep.Torg.Ops) < len(rep.Mix) {
		t.Fatalf("%d ops measured for a mix of %d", len(rep.Torg.Ops), len(rep.Mix))
	}
	for i, m := range rep.Mix {
		o := rep.Torg.Ops[i]
		if o.Name != m.Op || o.Count == 0 || o.Errors != 0 || o.P99 <= 0 {
			t.Errorf("op %s: %+v", m.Op, o)
		}
	}
	if rep.Torg.Total.Errors != 0 || rep.Torg.ServerRSS <= 0 || rep.Torg.ServerCPU <= 0 {
		t.Errorf("total %+v, server CPU %v, RSS %d", rep.Torg.Total, rep.Torg.ServerCPU, rep.Torg.ServerRSS)
	}
	if len(rep.Targets) != 4 || !rep.Targets[0].Known || !rep.Targets[1].Known {
		t.Errorf("targets: %+v", rep.Targets)
	}
}

func checkLimits(t *testing.T, rep *workload.Report, prof string) {
	t.Helper()
	if rep.Bare == nil || rep.Bare.Total.Count == 0 || rep.Bare.Total.Errors != 0 || rep.Ratios.MixedOfBare <= 0 {
		t.Errorf("bare server: %+v, ratio %v", rep.Bare, rep.Ratios.MixedOfBare)
	}
	if rep.Commits == nil || rep.Commits.SingleRowsPS <= 0 || rep.Commits.BatchedRowsPS <= rep.Commits.SingleRowsPS {
		t.Errorf("commit rates: %+v", rep.Commits)
	}
	for _, tg := range rep.Targets {
		if !tg.Known || tg.Got == "" {
			t.Errorf("target not measured: %+v", tg)
		}
	}
	if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 || rep.Profile != prof {
		t.Errorf("CPU profile: %v, in report %q", err, rep.Profile)
	}
}

func TestServeDebugLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.org:0", "nonsense"} {
		if err := serveDebug(context.Background(), addr, slog.New(slog.DiscardHandler)); err == nil {
			t.Errorf("serveDebug(%q) accepted a non-loopback address", addr)
		}
	}
}
