package run

import (
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg/internal/bench/load"
)

// Report is the outcome of one `torg bench run`: torg under the mix, and the limits it is
// measured against.
type Report struct {
	URL     string       `json:"url"`
	Mix     []MixEntry   `json:"mix"`
	Torg    *load.Result `json:"torg"`
	Bare    *load.Result `json:"bare,omitempty"`
	Commits *Commits     `json:"sqlite,omitempty"`
	Ratios  Ratios       `json:"ratios"`
	Targets []Target     `json:"targets"`
	Profile string       `json:"profile,omitempty"` // where the server's CPU profile was written
}

// MixEntry documents one op of the mix.
type MixEntry struct {
	Op      string `json:"op"`
	Weight  int    `json:"weight"`
	Commits bool   `json:"commits"`
	Write   bool   `json:"write"`
	Doc     string `json:"doc"`
}

// Ratios put torg's figures against the machine's limits, measured in the same run.
type Ratios struct {
	MixedOfBare      float64 `json:"mixed_of_bare"`      // torg's mixed rate ÷ the bare server's rate
	CommitsOfRaw     float64 `json:"commits_of_raw"`     // rate of requests that commit ÷ SQLite's single-row commit rate
	WritesOfRaw      float64 `json:"writes_of_raw"`      // rate of case-file writes ÷ the same
	CommittingPerSec float64 `json:"committing_per_sec"` // requests that committed durably before answering
	WritesPerSec     float64 `json:"writes_per_sec"`     // inquiries, notes, completed tasks
}

// Target is one of the targets with the figure measured for it.
type Target struct {
	Name  string `json:"name"`
	Want  string `json:"want"`
	Got   string `json:"got"`
	Met   bool   `json:"met"`
	Known bool   `json:"known"` // false: the figure was not measured in this run
}

// NewReport puts the parts together and judges the targets.
func NewReport(url string, m []Mixed, torg, bare *load.Result, commits *Commits) *Report {
	r := &Report{URL: url, Torg: torg, Bare: bare, Commits: commits}
	for i, x := range m {
		r.Mix = append(r.Mix, MixEntry{x.Name, x.Weight, x.Commits, x.Write, x.Doc})
		if i < len(torg.Ops) && torg.Ops[i].Name == x.Name {
			ok := float64(torg.Ops[i].Count-torg.Ops[i].Errors) / max(torg.Elapsed.Seconds(), 1e-9)
			if x.Commits {
				r.Ratios.CommittingPerSec += ok
			}
			if x.Write {
				r.Ratios.WritesPerSec += ok
			}
		}
	}
	if bare != nil && bare.Total.PerSec > 0 {
		r.Ratios.MixedOfBare = torg.Total.PerSec / bare.Total.PerSec
	}
	if commits != nil && commits.SingleRowsPS > 0 {
		r.Ratios.CommitsOfRaw = r.Ratios.CommittingPerSec / commits.SingleRowsPS
		r.Ratios.WritesOfRaw = r.Ratios.WritesPerSec / commits.SingleRowsPS
	}
	r.Targets = r.targets()
	return r
}

func (r *Report) targets() []Target {
	t := r.Torg.Total
	mixed := Target{Name: "mixed workload", Want: "≥ 5,000 req/s with p99 ≤ 20 ms", Known: true,
		Got: fmt.Sprintf("%.0f req/s, p99 %.1f ms", t.PerSec, msf(t.P99)), Met: t.PerSec >= 5000 && t.P99 <= 20*time.Millisecond}
	cases := Target{Name: "a person's cases by national ID", Want: "p99 ≤ 5 ms"}
	for _, o := range r.Torg.Ops {
		if o.Name == "cases_by_nin" && o.Count > 0 {
			cases.Known, cases.Met = true, o.P99 <= 5*time.Millisecond
			cases.Got = fmt.Sprintf("p99 %.1f ms (lookup + cases, two requests)", msf(o.P99))
		}
	}
	bare := Target{Name: "mixed rate ÷ bare HTTP server's rate", Want: "≥ 15%"}
	if r.Bare != nil {
		bare.Known, bare.Met = true, r.Ratios.MixedOfBare >= 0.15
		bare.Got = fmt.Sprintf("%.1f%% (%.0f of %.0f req/s, page %d bytes)", 100*r.Ratios.MixedOfBare,
			t.PerSec, r.Bare.Total.PerSec, r.Bare.Total.MeanBytes)
	}
	durable := Target{Name: "durable-write requests ÷ SQLite single-row commits", Want: "≥ 1"}
	if r.Commits != nil {
		durable.Known, durable.Met = true, r.Ratios.CommitsOfRaw >= 1
		durable.Got = fmt.Sprintf("%.2f (%.0f committing req/s of %.0f commits/s; case-file writes alone %.0f/s, %.2f)",
			r.Ratios.CommitsOfRaw, r.Ratios.CommittingPerSec, r.Commits.SingleRowsPS, r.Ratios.WritesPerSec, r.Ratios.WritesOfRaw)
	}
	return []Target{mixed, cases, bare, durable}
}

func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Markdown renders the report: torg's table, the limits, the ratios and the targets.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "## torg under the mixed workload (%s)\n\n%s\n", r.URL, r.Torg.Markdown())
	if r.Bare != nil {
		fmt.Fprintf(&b, "## Bare Go HTTP server, %d-byte page from memory\n\n%s\n", r.Bare.Total.MeanBytes, r.Bare.Markdown())
	}
	if c := r.Commits; c != nil {
		fmt.Fprintf(&b, "## SQLite commits on %s (modernc, WAL, synchronous=FULL, one goroutine)\n\n", c.Dir)
		fmt.Fprintf(&b, "| | rows/s |\n|---|---:|\n| one row per transaction | %.0f |\n| %d rows per transaction | %.0f |\n\n",
			c.SingleRowsPS, c.Batch, c.BatchedRowsPS)
	}
	b.WriteString("## Targets\n\n| target | wanted | measured | |\n|---|---|---|---|\n")
	for _, t := range r.Targets {
		verdict := "not measured"
		switch {
		case t.Known && t.Met:
			verdict = "met"
		case t.Known:
			verdict = "**missed**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", t.Name, t.Want, t.Got, verdict)
	}
	if r.Profile != "" {
		fmt.Fprintf(&b, "\nThe server's CPU profile over the measured time is in %s (`go tool pprof -top %s`).\n", r.Profile, r.Profile)
	}
	b.WriteString("\n## The mix\n\n| op | weight | commits | what it does |\n|---|---:|---|---|\n")
	for _, m := range r.Mix {
		fmt.Fprintf(&b, "| %s | %d | %s | %s |\n", m.Op, m.Weight, yes(m.Commits, m.Write), m.Doc)
	}
	return b.String()
}

func yes(commits, write bool) string {
	switch {
	case write:
		return "yes, a write"
	case commits:
		return "yes, its audit event"
	}
	return "no"
}
