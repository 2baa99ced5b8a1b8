package load

import (
	"cmp"
	"slices"
	"time"
)

// series holds every sample of one op (or sub-step) seen by one worker.
type series struct {
	samples  []time.Duration
	errors   int64
	bytes    int64
	firstErr string
}

func (s *series) add(d time.Duration, bytes int64, err error) {
	s.samples = append(s.samples, d)
	s.bytes += bytes
	if err != nil {
		s.errors++
		if s.firstErr == "" {
			s.firstErr = err.Error()
		}
	}
}

func (s *series) merge(o *series) {
	s.samples = append(s.samples, o.samples...)
	s.bytes += o.bytes
	s.errors += o.errors
	if s.firstErr == "" {
		s.firstErr = o.firstErr
	}
}

// recorder is one worker's record; workers never share one, so it needs no lock.
type recorder struct {
	ops   []*series
	steps map[string]*series
}

func newRecorder(ops int) *recorder {
	r := &recorder{ops: make([]*series, ops), steps: map[string]*series{}}
	for i := range r.ops {
		r.ops[i] = &series{}
	}
	return r
}

func (r *recorder) step(name string) *series {
	s := r.steps[name]
	if s == nil {
		s = &series{}
		r.steps[name] = s
	}
	return s
}

// stats turns a series into an OpStats over elapsed.
func (s *series) stats(name string, elapsed time.Duration) OpStats {
	slices.Sort(s.samples)
	n := int64(len(s.samples))
	st := OpStats{Name: name, Count: n, Errors: s.errors, FirstError: s.firstErr}
	if n == 0 {
		return st
	}
	if elapsed > 0 {
		st.PerSec = float64(n) / elapsed.Seconds()
	}
	st.P50 = percentile(s.samples, 50)
	st.P95 = percentile(s.samples, 95)
	st.P99 = percentile(s.samples, 99)
	st.Max = s.samples[n-1]
	st.MeanBytes = s.bytes / n
	return st
}

// percentile returns the nearest-rank p-th percentile of sorted samples: the smallest sample
// that at least p% of the samples are less than or equal to.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	return sorted[max(rank, 1)-1]
}

func summarise(cfg Config, recs []*recorder, started time.Time, elapsed time.Duration) *Result {
	res := &Result{Started: started, Elapsed: elapsed, Clients: cfg.Clients}
	total := &series{}
	steps := map[string]*series{}
	for i, op := range cfg.Ops {
		s := &series{}
		for _, r := range recs {
			s.merge(r.ops[i])
		}
		total.merge(s)
		res.Ops = append(res.Ops, s.stats(op.Name, elapsed))
	}
	for _, r := range recs {
		for name, s := range r.steps {
			if steps[name] == nil {
				steps[name] = &series{}
			}
			steps[name].merge(s)
		}
	}
	var sub []OpStats
	for name, s := range steps {
		sub = append(sub, s.stats(name, elapsed))
	}
	slices.SortFunc(sub, func(a, b OpStats) int { return cmp.Compare(a.Name, b.Name) })
	res.Ops = append(res.Ops, sub...)
	res.Total = total.stats("total", elapsed)
	return res
}
