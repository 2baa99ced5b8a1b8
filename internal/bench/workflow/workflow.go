// Package workflow measures one intake workflow on two systems side by side: Request Tracker 5
// through its REST 2.0 API and torg through its JSON API (docs/benchmarks.md, "Request Tracker
// side by side"). Both sides do three requests per workflow — register, reply, close — from the
// same number of clients for the same time, and the rounds alternate between the systems so that
// a shared machine's drift touches both alike.
package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/torg-kommune/torg/internal/bench/load"
)

// Side is one system under test, as a single load op (a whole workflow) and the way its
// workers start (log in, pick their data).
type Side struct {
	Name      string
	Steps     []string // the requests of one workflow, in order, as the op Observes them
	NewWorker func(ctx context.Context, w *load.Worker) (any, error)
	Workflow  func(ctx context.Context, w *load.Worker, s *Session) error
	// Before runs before every round of this side (for RT: switch notifications on or off).
	Before func(ctx context.Context) error
}

// Session is a worker's state: what its side's NewWorker made, and the requests it timed.
type Session struct {
	Side  any   // the side's own state
	Seq   int   // workflows started by this worker
	id    int64 // this session's number in the process: every round's workers are new sessions
	reqs  []request
	flows []flow
	wf    time.Time // start of the current workflow
}

// sessionCount numbers the sessions of this process.
var sessionCount atomic.Int64

// processNonce keeps idempotency keys of this process apart from those of
// earlier runs against the same database.
var processNonce = nonce()

// Key returns an idempotency key for the current workflow of this session,
// unique across rounds, sides and runs.
func (s *Session) Key(prefix string) string {
	return fmt.Sprintf("%s-%s-%d-%d", prefix, processNonce, s.id, s.Seq)
}

// flow is one workflow a worker ran.
type flow struct {
	start, end time.Time
	failed     bool
}

// request is one timed request of a workflow.
type request struct {
	workflow time.Time // when its workflow started: only workflows of the measured time count
	d        time.Duration
	failed   bool
}

// Do sends one request of a workflow as step name: it times it, records it for the request
// figures and observes it as a sub-step. body, if not nil, is sent as JSON. The answer must
// have status want.
func (s *Session) Do(w *load.Worker, name string, req *http.Request, want int) ([]byte, error) {
	t0 := time.Now()
	res, b, err := w.Do(req)
	d := time.Since(t0)
	if err == nil && res.StatusCode != want {
		err = fmt.Errorf("%s %s: %d, want %d", req.Method, req.URL.Path, res.StatusCode, want)
	}
	if err != nil && len(b) > 0 {
		err = fmt.Errorf("%w: %s", err, snippet(b))
	}
	s.reqs = append(s.reqs, request{workflow: s.wf, d: d, failed: err != nil})
	w.Observe(name, d, err)
	return b, err
}

// JSONRequest builds a request with a JSON body (or none if v is nil).
func JSONRequest(ctx context.Context, method, url string, v any) (*http.Request, error) {
	var body io.Reader
	if v != nil {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	if v != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}

func snippet(b []byte) string {
	const max = 200
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// Options are the terms shared by both sides.
type Options struct {
	Clients  int
	Duration time.Duration
	Warmup   time.Duration
	Rounds   int
	// Progress, if set, is told about every finished round.
	Progress func(round int, m *Measure)
}

// Measure is one round of one side.
type Measure struct {
	System          string        `json:"system"`
	Round           int           `json:"round"`
	Started         time.Time     `json:"started"`
	Elapsed         time.Duration `json:"-"`
	Workflows       int64         `json:"workflows"`
	Errors          int64         `json:"errors"`
	WorkflowsPerSec float64       `json:"workflows_per_sec"`
	Requests        int64         `json:"requests"`
	RequestsPerSec  float64       `json:"requests_per_sec"`
	P50             time.Duration `json:"-"`
	P99             time.Duration `json:"-"`
	FirstError      string        `json:"first_error,omitempty"`
	// LoadAvg is the machine's 1-minute load average at the end of the round (from
	// /proc/loadavg; 0 where there is none): a shared machine's other work shows here.
	LoadAvg float64      `json:"load_avg"`
	Result  *load.Result `json:"result"` // the workflow and its steps, as the load runner measured them
}

// MarshalJSON adds the durations in milliseconds.
func (m Measure) MarshalJSON() ([]byte, error) {
	type plain Measure
	return json.Marshal(struct {
		plain
		ElapsedS float64 `json:"elapsed_s"`
		P50      float64 `json:"request_p50_ms"`
		P99      float64 `json:"request_p99_ms"`
	}{plain(m), m.Elapsed.Seconds(), ms(m.P50), ms(m.P99)})
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// RunSide measures one round of a side.
func RunSide(ctx context.Context, side *Side, opt Options, round int) (*Measure, error) {
	if side.Before != nil {
		if err := side.Before(ctx); err != nil {
			return nil, fmt.Errorf("%s: %w", side.Name, err)
		}
	}
	var mu sync.Mutex
	var sessions []*Session
	cfg := load.Config{
		Clients:  opt.Clients,
		Duration: opt.Duration,
		Warmup:   opt.Warmup,
		NewWorker: func(ctx context.Context, id int, w *load.Worker) error {
			st, err := side.NewWorker(ctx, w)
			if err != nil {
				return err
			}
			s := &Session{Side: st, id: sessionCount.Add(1)}
			w.State = s
			mu.Lock()
			sessions = append(sessions, s)
			mu.Unlock()
			return nil
		},
		Ops: []load.Op{{Name: "workflow", Weight: 1, Do: func(ctx context.Context, w *load.Worker) error {
			s := w.State.(*Session)
			s.Seq++
			s.wf = time.Now()
			err := side.Workflow(ctx, w, s)
			s.flows = append(s.flows, flow{start: s.wf, end: time.Now(), failed: err != nil})
			return err
		}}},
	}
	res, err := load.Run(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", side.Name, err)
	}
	m := &Measure{System: side.Name, Round: round, Started: res.Started, Elapsed: res.Elapsed, Result: res,
		Workflows: res.Total.Count, Errors: res.Total.Errors, FirstError: res.Total.FirstError, LoadAvg: loadAvg()}
	if m.FirstError == "" && len(res.Ops) > 0 {
		m.FirstError = res.Ops[0].FirstError
	}
	// Rates: every client runs workflows back to back, so its rate is what it finished in the
	// span from the start of its first measured workflow to the end of its last, and the
	// clients' rates add up. Dividing by the run's elapsed time instead would count the
	// unmeasured workflow in flight when measuring began, which for a slow system is a large
	// share of the time.
	var ds []time.Duration
	for _, s := range sessions {
		var ok, reqs int64
		var first, last time.Time
		for _, f := range s.flows {
			if f.start.Before(res.Started) {
				continue
			}
			if first.IsZero() {
				first = f.start
			}
			last = f.end
			if !f.failed {
				ok++
			}
		}
		for _, r := range s.reqs {
			if r.workflow.Before(res.Started) {
				continue
			}
			reqs++
			ds = append(ds, r.d)
		}
		m.Requests += reqs
		if span := last.Sub(first).Seconds(); span > 0 {
			m.WorkflowsPerSec += float64(ok) / span
			m.RequestsPerSec += float64(reqs) / span
		}
	}
	slices.Sort(ds)
	m.P50, m.P99 = percentile(ds, 50), percentile(ds, 99)
	return m, nil
}

func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _, _ := strings.Cut(string(b), " ")
	v, _ := strconv.ParseFloat(f, 64)
	return v
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	if i > 0 {
		i--
	}
	return sorted[min(i, len(sorted)-1)]
}

// Summary is a side's medians over its rounds.
type Summary struct {
	System          string  `json:"system"`
	Rounds          int     `json:"rounds"`
	Errors          int64   `json:"errors"`
	WorkflowsPerSec float64 `json:"workflows_per_sec"`
	RequestsPerSec  float64 `json:"requests_per_sec"`
	P50             float64 `json:"request_p50_ms"`
	P99             float64 `json:"request_p99_ms"`
}

// Comparison is the outcome of a side-by-side run.
type Comparison struct {
	Started time.Time `json:"started"`
	Clients int       `json:"clients"`
	// Duration and Warmup of every round, in seconds.
	Duration float64    `json:"duration_s"`
	Warmup   float64    `json:"warmup_s"`
	Rounds   []*Measure `json:"rounds"`
	Sides    []Summary  `json:"sides"`
	// Ratios are the median workflows/s of one side divided by another's, for the pairs asked for.
	Ratios []Ratio `json:"ratios"`
	Terms  string  `json:"terms"`
}

// Pair names two sides whose rates are to be divided, and on what terms they compare.
type Pair struct {
	System string `json:"system"` // the numerator: a torg side
	Versus string `json:"versus"`
	Note   string `json:"note,omitempty"` // e.g. "both notify the citizen"
}

// Ratio is one side's rate over another's.
type Ratio struct {
	Pair
	Ratio float64 `json:"ratio"`
}

// Compare runs opt.Rounds rounds; in each round every side runs once, in the order given.
// Then it divides the median rates of each pair whose sides both ran.
func Compare(ctx context.Context, sides []*Side, pairs []Pair, opt Options) (*Comparison, error) {
	if opt.Rounds < 1 {
		opt.Rounds = 1
	}
	c := &Comparison{Started: time.Now().UTC(), Clients: opt.Clients, Duration: opt.Duration.Seconds(),
		Warmup: opt.Warmup.Seconds()}
	for round := 1; round <= opt.Rounds; round++ {
		for _, side := range sides {
			m, err := RunSide(ctx, side, opt, round)
			if err != nil {
				return c, err
			}
			c.Rounds = append(c.Rounds, m)
			if opt.Progress != nil {
				opt.Progress(round, m)
			}
		}
	}
	rates := map[string]float64{}
	for _, side := range sides {
		s := summarise(side.Name, c.Rounds)
		c.Sides = append(c.Sides, s)
		rates[s.System] = s.WorkflowsPerSec
	}
	for _, p := range pairs {
		if rates[p.System] > 0 && rates[p.Versus] > 0 {
			c.Ratios = append(c.Ratios, Ratio{Pair: p, Ratio: rates[p.System] / rates[p.Versus]})
		}
	}
	return c, nil
}

func summarise(system string, rounds []*Measure) Summary {
	s := Summary{System: system}
	var wf, rq, p50, p99 []float64
	for _, m := range rounds {
		if m.System != system {
			continue
		}
		s.Rounds++
		s.Errors += m.Errors
		wf = append(wf, m.WorkflowsPerSec)
		rq = append(rq, m.RequestsPerSec)
		p50 = append(p50, ms(m.P50))
		p99 = append(p99, ms(m.P99))
	}
	s.WorkflowsPerSec, s.RequestsPerSec, s.P50, s.P99 = median(wf), median(rq), median(p50), median(p99)
	return s
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	sort.Float64s(v)
	if n := len(v); n%2 == 0 {
		return (v[n/2-1] + v[n/2]) / 2
	}
	return v[len(v)/2]
}
