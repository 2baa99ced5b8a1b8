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
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/app"
	workload "github.com/torg-kommune/torg/internal/bench/run"
	"github.com/torg-kommune/torg/internal/config"
	"github.com/torg-kommune/torg/internal/demo"
)

// TestBenchRun runs the whole bench run, limits included, for two seconds against a demo
// torg served from this process, and checks that every op of the mix ran without an error
// and that both reports are well-formed.
func TestBenchRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs load for several seconds")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Data, cfg.Demo = dir, true
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
	debugLn, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	debugAddr := debugLn.Addr().String()
	debugLn.Close()
	if err := serveDebug(ctx, debugAddr, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	manifest := filepath.Join(dir, "bench.json")
	writeDemoManifest(t, a, manifest)

	jsonOut, mdOut, prof := filepath.Join(dir, "run.json"), filepath.Join(dir, "run.md"), filepath.Join(dir, "cpu.pprof")
	status, out, errOut := runCmd(t, "bench", "run", "--url", "http://"+ln.Addr().String(), "--manifest", manifest,
		"--clients", "4", "--duration", "2s", "--warmup", "300ms", "--pid", strconv.Itoa(os.Getpid()),
		"--json", jsonOut, "--md", mdOut, "--commit-time", "500ms", "--profile", prof, "--debug-url", "http://"+debugAddr)
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
	if rep.Bare == nil || rep.Bare.Total.Count == 0 || rep.Bare.Total.Errors != 0 || rep.Ratios.MixedOfBare <= 0 {
		t.Errorf("bare server: %+v, ratio %v", rep.Bare, rep.Ratios.MixedOfBare)
	}
	if rep.Commits == nil || rep.Commits.SingleRowsPS <= 0 || rep.Commits.BatchedRowsPS <= rep.Commits.SingleRowsPS {
		t.Errorf("commit rates: %+v", rep.Commits)
	}
	if len(rep.Targets) != 4 {
		t.Errorf("targets: %+v", rep.Targets)
	}
	for _, tg := range rep.Targets {
		if !tg.Known || tg.Got == "" {
			t.Errorf("target not measured: %+v", tg)
		}
	}
	if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 || rep.Profile != prof {
		t.Errorf("CPU profile: %v, in report %q", err, rep.Profile)
	}
	md, err := os.ReadFile(mdOut)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != out {
		t.Error("the markdown file differs from what was printed")
	}
	for _, want := range []string{"## Targets", "| **total** |", "| case_page |", "| cases_by_nin/lookup |", "## SQLite commits"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q:\n%s", want, out)
		}
	}
	for _, p := range demoSamples(t, a) {
		if strings.Contains(string(b)+out+errOut, p.NIN) {
			t.Fatal("a national ID is in the report")
		}
	}
}

func TestServeDebugLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.org:0", "nonsense"} {
		if err := serveDebug(context.Background(), addr, slog.New(slog.DiscardHandler)); err == nil {
			t.Errorf("serveDebug(%q) accepted a non-loopback address", addr)
		}
	}
}

// writeDemoManifest writes a manifest of the demo municipality, in the shape `torg bench gen`
// writes: the debt counselling unit's counsellors and leader and the front desk, with tokens,
// and the persons with cases.
func writeDemoManifest(t *testing.T, a *app.App, path string) {
	t.Helper()
	ctx := context.Background()
	var m struct {
		Staff   []map[string]any `json:"staff"`
		Samples []map[string]any `json:"samples"`
	}
	users := []string{"skranke", "eg", "kh", "ag", "leder"}
	roles := map[string]string{"skranke": "frontdesk", "eg": "counsellor", "kh": "counsellor", "ag": "counsellor",
		"leder": "leader"}
	muni, err := a.DB.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	if err != nil {
		t.Fatal(err)
	}
	debt, err := a.DB.R().UnitByCode(ctx, muni.ID, "debt")
	if err != nil {
		t.Fatal(err)
	}
	for _, user := range users {
		role := roles[user]
		e, err := a.Service.EmployeeByUsername(ctx, user)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := a.Service.CreateToken(ctx, e.ID, "bench", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		m.Staff = append(m.Staff, map[string]any{"username": user, "password": demo.Password, "token": tok,
			"role": role, "unit_id": debt.ID})
	}
	for _, s := range demoSamples(t, a) {
		m.Samples = append(m.Samples, map[string]any{"nin": s.NIN, "person_id": s.PersonID, "case_id": s.CaseID,
			"unit_id": s.UnitID, "protected": s.Protected})
	}
	b, err := json.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// demoSamples are the demo persons who are a party to a case, each with one of their cases.
func demoSamples(t *testing.T, a *app.App) []workload.Sample {
	t.Helper()
	ctx := context.Background()
	muni, err := a.DB.R().MunicipalityByCode(ctx, demo.MunicipalityCode)
	if err != nil {
		t.Fatal(err)
	}
	persons, err := a.DB.R().PersonsAfter(ctx, muni.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []workload.Sample
	for _, p := range persons {
		cases, err := a.DB.R().PersonCases(ctx, muni.ID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			if c.Type != torg.CaseTypeGeneral {
				out = append(out, workload.Sample{NIN: p.NIN, PersonID: p.ID, CaseID: c.ID, UnitID: c.UnitID,
					Protected: p.Protection != torg.ProtectionNone})
				break
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no demo person has a case")
	}
	return out
}
