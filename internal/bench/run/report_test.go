package run

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg/internal/bench/load"
)

func stats(name string, count, errs int64, p99 time.Duration) load.OpStats {
	return load.OpStats{Name: name, Count: count, Errors: errs, PerSec: float64(count) / 10, P99: p99}
}

func TestReportTargets(t *testing.T) {
	m := mix()
	res := &load.Result{Elapsed: 10 * time.Second}
	var total int64
	for _, x := range m {
		// 1,000 ops/s of each; cases_by_nin misses its p99, the rest are quick.
		p99 := 3 * time.Millisecond
		if x.Name == "cases_by_nin" {
			p99 = 8 * time.Millisecond
		}
		res.Ops = append(res.Ops, stats(x.Name, 10000, 0, p99))
		total += 10000
	}
	res.Ops[0].Errors = 5000 // failed ops do not count as committed
	res.Total = stats("total", total, 5000, 15*time.Millisecond)
	bare := &load.Result{Total: stats("total", 400000, 0, time.Millisecond)}
	rep := NewReport("http://127.0.0.1:1", m, res, bare, &Commits{SingleRowsPS: 5000, BatchedRowsPS: 90000, Batch: 1000})

	// Committing: 7 ops of 1,000/s, less 500/s failed lookups; writes: 3 of them.
	if rep.Ratios.CommittingPerSec != 6500 || rep.Ratios.WritesPerSec != 3000 {
		t.Errorf("ratios %+v", rep.Ratios)
	}
	if rep.Ratios.CommitsOfRaw != 1.3 || rep.Ratios.MixedOfBare != 0.2 {
		t.Errorf("ratios %+v", rep.Ratios)
	}
	want := map[string]bool{"mixed workload": true, "a person's cases by national ID": false,
		"mixed rate ÷ bare HTTP server's rate": true, "durable-write requests ÷ SQLite single-row commits": true}
	for _, tg := range rep.Targets {
		if !tg.Known || tg.Met != want[tg.Name] {
			t.Errorf("target %+v, want met %v", tg, want[tg.Name])
		}
	}
	md := rep.Markdown()
	for _, s := range []string{"| mixed workload | ≥ 5,000 req/s with p99 ≤ 20 ms | 8000 req/s, p99 15.0 ms | met |",
		"p99 8.0 ms (lookup + cases, two requests) | **missed** |", "| one row per transaction | 5000 |",
		"| lookup | 20 | yes, its audit event |", "| work_list | 15 | no |"} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q:\n%s", s, md)
		}
	}
}

func TestReportWithoutLimits(t *testing.T) {
	res := &load.Result{Elapsed: time.Second, Total: stats("total", 10, 0, time.Millisecond)}
	rep := NewReport("u", mix(), res, nil, nil)
	for _, tg := range rep.Targets[2:] {
		if tg.Known || tg.Met {
			t.Errorf("target %+v judged without its limit", tg)
		}
	}
	if !strings.Contains(rep.Markdown(), "not measured") {
		t.Error("markdown does not say the limits were not measured")
	}
}

func TestMixWeights(t *testing.T) {
	sum := 0
	for _, x := range mix() {
		sum += x.Weight
		if x.Write && !x.Commits {
			t.Errorf("%s writes without committing", x.Name)
		}
	}
	if sum != 100 {
		t.Errorf("weights add up to %d; the docs describe them as of 100", sum)
	}
}

func TestCast(t *testing.T) {
	f := &Fixture{Staff: []Staff{{Username: "d", Token: "t", Role: "frontdesk"},
		{Username: "c", Token: "t", Password: "p", Role: "counsellor", UnitID: 2},
		{Username: "nopw", Token: "t", Role: "counsellor", UnitID: 2}}, Samples: []Sample{{PersonID: 1}}}
	desk, couns, err := cast(f)
	if err != nil || len(desk) != 1 || len(couns) != 1 || couns[0].Username != "c" {
		t.Fatalf("desk %v, counsellors %v, err %v", desk, couns, err)
	}
	f.Staff = f.Staff[1:]
	if desk, _, _ := cast(f); len(desk) != 1 || desk[0].Username != "c" {
		t.Errorf("without a desk, the counsellors do its work: %v", desk)
	}
	if _, _, err := cast(&Fixture{Staff: f.Staff}); err == nil {
		t.Error("no error without samples")
	}
}

func TestCommitRate(t *testing.T) {
	c, err := CommitRate(context.Background(), t.TempDir(), 200*time.Millisecond, 100)
	if err != nil {
		t.Fatal(err)
	}
	if c.SingleRowsPS <= 0 || c.BatchedRowsPS <= c.SingleRowsPS || c.Batch != 100 {
		t.Errorf("%+v", c)
	}
}
