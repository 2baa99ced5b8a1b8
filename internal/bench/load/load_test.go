package load

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 1000; i++ {
		s = append(s, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[int]time.Duration{50: 500 * time.Millisecond, 95: 950 * time.Millisecond,
		99: 990 * time.Millisecond, 100: time.Second} {
		if got := percentile(s, p); got != want {
			t.Errorf("p%d = %v, want %v", p, got, want)
		}
	}
	if got := percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("p99 of one sample = %v, want 7", got)
	}
	// Ten samples: p95 and p99 are the largest, p50 the fifth.
	ten := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	if percentile(ten, 50) != 5 || percentile(ten, 95) != 10 || percentile(ten, 99) != 10 {
		t.Errorf("percentiles of 1..10 wrong: %v %v %v", percentile(ten, 50), percentile(ten, 95), percentile(ten, 99))
	}
}

func TestStatsOnKnownSamples(t *testing.T) {
	s := &series{}
	for i := 100; i >= 1; i-- { // unsorted on purpose
		var err error
		if i%10 == 0 {
			err = errors.New("boom")
		}
		s.add(time.Duration(i)*time.Millisecond, 10, err)
	}
	st := s.stats("x", 2*time.Second)
	if st.Count != 100 || st.Errors != 10 || st.PerSec != 50 || st.MeanBytes != 10 || st.FirstError != "boom" {
		t.Fatalf("stats = %+v", st)
	}
	if st.P50 != 50*time.Millisecond || st.P95 != 95*time.Millisecond || st.P99 != 99*time.Millisecond || st.Max != 100*time.Millisecond {
		t.Fatalf("percentiles = %v %v %v %v", st.P50, st.P95, st.P99, st.Max)
	}
}

// server answers /ok with "hello", /fail with 500, and counts the requests.
func server(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.URL.Path == "/fail" {
			http.Error(w, "nope", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("hello"))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func get(url string) func(ctx context.Context, w *Worker) error {
	return func(ctx context.Context, w *Worker) error {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return err
		}
		_, body, err := w.Do(req)
		if err == nil && string(body) != "hello" {
			return errors.New("wrong body")
		}
		return err
	}
}

func TestRunMix(t *testing.T) {
	srv, _ := server(t)
	var made atomic.Int64
	res, err := Run(context.Background(), Config{
		Clients:  4,
		Duration: 300 * time.Millisecond,
		Ops: []Op{
			{Name: "ok", Weight: 3, Do: get(srv.URL + "/ok")},
			{Name: "fail", Weight: 1, Do: get(srv.URL + "/fail")},
			{Name: "steps", Weight: 1, Do: func(ctx context.Context, w *Worker) error {
				t0 := time.Now()
				err := get(srv.URL+"/ok")(ctx, w)
				w.Observe("steps/first", time.Since(t0), err)
				w.Observe("steps/second", time.Millisecond, errors.New("second failed"))
				return err
			}},
		},
		NewWorker: func(ctx context.Context, id int, w *Worker) error {
			made.Add(1)
			w.State = id
			return nil
		},
		ServerPID: os.Getpid(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if made.Load() != 4 || res.Clients != 4 {
		t.Fatalf("workers made %d, clients %d", made.Load(), res.Clients)
	}
	names := []string{"ok", "fail", "steps", "steps/first", "steps/second"}
	if len(res.Ops) != len(names) {
		t.Fatalf("ops = %+v", res.Ops)
	}
	for i, n := range names {
		if res.Ops[i].Name != n || res.Ops[i].Count == 0 {
			t.Fatalf("op %d = %+v, want %s with samples", i, res.Ops[i], n)
		}
	}
	ok, fail, steps, second := res.Ops[0], res.Ops[1], res.Ops[2], res.Ops[4]
	if ok.Errors != 0 || ok.MeanBytes != 5 {
		t.Errorf("ok = %+v", ok)
	}
	if fail.Errors != fail.Count || !strings.Contains(fail.FirstError, "500") {
		t.Errorf("fail = %+v", fail)
	}
	if second.Errors != second.Count || second.Count != steps.Count {
		t.Errorf("second = %+v, steps = %+v", second, steps)
	}
	if res.Total.Count != ok.Count+fail.Count+steps.Count || res.Total.Errors != fail.Count {
		t.Errorf("total = %+v", res.Total)
	}
	if ok.Count < 2*fail.Count { // weights 3:1
		t.Errorf("mix off: ok %d, fail %d", ok.Count, fail.Count)
	}
	if res.Elapsed < 300*time.Millisecond || res.Total.PerSec <= 0 {
		t.Errorf("elapsed %v, rate %v", res.Elapsed, res.Total.PerSec)
	}
	if res.ServerRSS <= 0 || res.ClientCPU <= 0 {
		t.Errorf("usage: server rss %d, client cpu %v", res.ServerRSS, res.ClientCPU)
	}
}

func TestLimit(t *testing.T) {
	srv, hits := server(t)
	res, err := Run(context.Background(), Config{
		Clients: 3,
		Limit:   50,
		Ops:     []Op{{Name: "ok", Weight: 1, Do: get(srv.URL + "/ok")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total.Count != 50 || hits.Load() != 50 {
		t.Fatalf("recorded %d, served %d; want 50", res.Total.Count, hits.Load())
	}
	// With a Duration too, the Limit ends the run early.
	t0 := time.Now()
	res, err = Run(context.Background(), Config{
		Clients: 2, Limit: 20, Duration: time.Minute,
		Ops: []Op{{Name: "ok", Weight: 1, Do: get(srv.URL + "/ok")}},
	})
	if err != nil || res.Total.Count != 20 || time.Since(t0) > 10*time.Second {
		t.Fatalf("count %d, err %v, took %v", res.Total.Count, err, time.Since(t0))
	}
}

func TestWarmupNotRecorded(t *testing.T) {
	var seen atomic.Int64
	op := func(ctx context.Context, w *Worker) error {
		seen.Add(1)
		time.Sleep(time.Millisecond)
		return nil
	}
	res, err := Run(context.Background(), Config{
		Clients: 2, Warmup: 200 * time.Millisecond, Duration: 100 * time.Millisecond,
		Ops: []Op{{Name: "sleep", Weight: 1, Do: op}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// About two thirds of the ops ran in the warmup and must not be counted.
	if res.Total.Count == 0 || res.Total.Count*2 > seen.Load() {
		t.Fatalf("recorded %d of %d ops", res.Total.Count, seen.Load())
	}
	if res.Elapsed >= 300*time.Millisecond {
		t.Fatalf("elapsed %v includes the warmup", res.Elapsed)
	}
}

func TestNewWorkerError(t *testing.T) {
	_, err := Run(context.Background(), Config{
		Clients: 2, Duration: time.Second,
		Ops:       []Op{{Name: "x", Weight: 1, Do: func(context.Context, *Worker) error { return nil }}},
		NewWorker: func(context.Context, int, *Worker) error { return errors.New("login refused") },
	})
	if err == nil || !strings.Contains(err.Error(), "login refused") {
		t.Fatalf("err = %v", err)
	}
}

func TestContextCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	res, err := Run(ctx, Config{
		Clients: 2, Duration: time.Minute,
		Ops: []Op{{Name: "x", Weight: 1, Do: func(context.Context, *Worker) error { time.Sleep(time.Millisecond); return nil }}},
	})
	if !errors.Is(err, context.DeadlineExceeded) || res == nil || res.Total.Count == 0 {
		t.Fatalf("res %v, err %v", res, err)
	}
}

func TestJSONAndMarkdown(t *testing.T) {
	r := &Result{
		Started: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), Elapsed: 2 * time.Second, Clients: 4,
		Ops: []OpStats{{Name: "lookup", Count: 10, Errors: 1, PerSec: 5, P50: 1500 * time.Microsecond,
			P95: 2 * time.Millisecond, P99: 3 * time.Millisecond, Max: 4 * time.Millisecond, MeanBytes: 120, FirstError: "POST /x: 500"}},
		Total:     OpStats{Name: "total", Count: 10, Errors: 1, PerSec: 5, P50: 1500 * time.Microsecond},
		ServerCPU: 1.5, ServerRSS: 64 << 20, ClientCPU: 0.5,
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"p50_ms":1.5`, `"p99_ms":3`, `"elapsed_s":2`, `"server_rss_bytes":67108864`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Ops[0] != r.Ops[0] || back.Elapsed != r.Elapsed || back.ServerRSS != r.ServerRSS {
		t.Errorf("round trip: %+v", back)
	}
	md := r.Markdown()
	for _, want := range []string{"| lookup | 5.0 | 1.50 | 2.00 | 3.00 | 4.00 | 1 | 120 |", "| **total** |", "64.0 MiB", "lookup, first error: POST /x: 500"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

func TestProc(t *testing.T) {
	cpu, err := procCPU(os.Getpid())
	if err != nil || cpu < 0 {
		t.Fatalf("cpu %v, err %v", cpu, err)
	}
	rss, err := procRSS(os.Getpid())
	if err != nil || rss < 1<<20 {
		t.Fatalf("rss %d, err %v", rss, err)
	}
	if _, err := procCPU(-5); err == nil {
		t.Fatal("no error for a missing process")
	}
}
