package load

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Config describes one run.
type Config struct {
	Clients   int
	Duration  time.Duration                                      // measured time, after Warmup
	Warmup    time.Duration                                      // ops run but not recorded
	Ops       []Op                                               // picked at random by Weight for every operation
	NewWorker func(ctx context.Context, id int, w *Worker) error // optional: log in, fill State
	ServerPID int                                                // >0: sample /proc/PID for CPU seconds and peak RSS during the measured time
	Limit     int64                                              // optional: stop after this many measured ops in total (0: no limit)
}

func (cfg *Config) validate() error {
	if cfg.Clients < 1 {
		return errors.New("load: Clients must be at least 1")
	}
	if len(cfg.Ops) == 0 {
		return errors.New("load: no Ops")
	}
	for _, op := range cfg.Ops {
		if op.Weight < 1 || op.Do == nil || op.Name == "" {
			return fmt.Errorf("load: op %q needs a name, a positive weight and a Do", op.Name)
		}
	}
	if cfg.Duration <= 0 && cfg.Limit <= 0 {
		return errors.New("load: a Duration or a Limit is needed")
	}
	return nil
}

// run is the shared state of one Run.
type run struct {
	cfg     Config
	cum     []int // cumulative weights
	measure chan struct{}
	stop    chan struct{}
	taken   atomic.Int64 // measured ops started, for Limit
	once    sync.Once
}

// Run creates the workers (calling NewWorker for each), runs the mix for Warmup and then for
// Duration, and returns the measured figures. If ctx ends first, Run stops the workers and
// returns what was measured so far together with ctx's error.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	workers, err := newWorkers(ctx, cfg)
	if err != nil {
		return nil, err
	}
	r := &run{cfg: cfg, measure: make(chan struct{}), stop: make(chan struct{})}
	total := 0
	for _, op := range cfg.Ops {
		total += op.Weight
		r.cum = append(r.cum, total)
	}
	if cfg.Warmup <= 0 {
		close(r.measure) // no warmup: every op is measured, from the first
	}
	recs := make([]*recorder, len(workers))
	var wg sync.WaitGroup
	for i, w := range workers {
		recs[i] = newRecorder(len(cfg.Ops))
		wg.Go(func() { r.loop(ctx, w, recs[i]) })
	}
	return r.clock(ctx, &wg, recs)
}

func newWorkers(ctx context.Context, cfg Config) ([]*Worker, error) {
	tr := &http.Transport{
		Proxy:               nil,
		MaxIdleConns:        cfg.Clients * 2,
		MaxIdleConnsPerHost: cfg.Clients * 2,
		IdleConnTimeout:     90 * time.Second,
	}
	seed := uint64(time.Now().UnixNano())
	workers := make([]*Worker, cfg.Clients)
	for i := range workers {
		w := &Worker{
			ID:   i,
			HTTP: &http.Client{Transport: tr, Timeout: time.Minute},
			Rand: rand.New(rand.NewPCG(seed, uint64(i))),
		}
		if cfg.NewWorker != nil {
			if err := cfg.NewWorker(ctx, i, w); err != nil {
				return nil, fmt.Errorf("load: worker %d: %w", i, err)
			}
		}
		workers[i] = w
	}
	return workers, nil
}

// clock moves the run from warmup to measuring to stopped, sampling the server meanwhile.
func (r *run) clock(ctx context.Context, wg *sync.WaitGroup, recs []*recorder) (*Result, error) {
	var ctxErr error
	if r.cfg.Warmup > 0 {
		if !r.sleep(ctx, r.cfg.Warmup) {
			ctxErr = ctx.Err()
		}
		close(r.measure)
	}
	started := time.Now()
	usage := startUsage(r.cfg.ServerPID)
	if ctxErr == nil && r.cfg.Duration > 0 && !r.sleep(ctx, r.cfg.Duration) {
		ctxErr = ctx.Err()
	}
	if ctxErr == nil && r.cfg.Duration <= 0 {
		select { // Limit only: the workers stop themselves
		case <-r.stop:
		case <-ctx.Done():
			ctxErr = ctx.Err()
		}
	}
	r.halt()
	wg.Wait()
	elapsed := time.Since(started)
	res := summarise(r.cfg, recs, started, elapsed)
	usage.finish(res, elapsed)
	return res, ctxErr
}

// sleep waits d, or until ctx ends or the workers stop (Limit reached); it reports whether
// ctx is still alive.
func (r *run) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.stop:
	case <-ctx.Done():
		return false
	}
	return true
}

func (r *run) halt() { r.once.Do(func() { close(r.stop) }) }

// loop runs ops on one worker until the run stops.
func (r *run) loop(ctx context.Context, w *Worker, rec *recorder) {
	for {
		select {
		case <-r.stop:
			return
		case <-ctx.Done():
			return
		default:
		}
		measuring := isClosed(r.measure)
		if measuring && r.cfg.Limit > 0 && r.taken.Add(1) > r.cfg.Limit {
			r.halt()
			return
		}
		i := r.pick(w.Rand)
		if measuring {
			w.rec = rec
		}
		w.bytes = 0
		t0 := time.Now()
		err := r.cfg.Ops[i].Do(ctx, w)
		d := time.Since(t0)
		if measuring {
			rec.ops[i].add(d, w.bytes, err)
		}
		w.rec = nil
	}
}

func (r *run) pick(rnd *rand.Rand) int {
	n := rnd.IntN(r.cum[len(r.cum)-1])
	for i, c := range r.cum {
		if n < c {
			return i
		}
	}
	return len(r.cum) - 1
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
