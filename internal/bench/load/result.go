package load

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// OpStats are the measured figures of one op, one sub-step, or all ops together.
type OpStats struct {
	Name               string
	Count, Errors      int64
	PerSec             float64
	P50, P95, P99, Max time.Duration
	MeanBytes          int64
	FirstError         string // first error text seen, for the report
}

// Result is what a Run measured.
type Result struct {
	Started   time.Time
	Elapsed   time.Duration
	Clients   int
	Ops       []OpStats // one per Op, in Config order, then Observe'd sub-steps in name order
	Total     OpStats   // all Ops together (not the sub-steps)
	ServerCPU float64   // average cores used by the server process during the measured time
	ServerRSS int64     // peak resident bytes of the server process
	ClientCPU float64   // average cores used by this (load generator) process
}

// opStatsJSON is OpStats as written to JSON, with durations in milliseconds.
type opStatsJSON struct {
	Name       string  `json:"name"`
	Count      int64   `json:"count"`
	Errors     int64   `json:"errors"`
	PerSec     float64 `json:"per_sec"`
	P50        float64 `json:"p50_ms"`
	P95        float64 `json:"p95_ms"`
	P99        float64 `json:"p99_ms"`
	Max        float64 `json:"max_ms"`
	MeanBytes  int64   `json:"mean_bytes"`
	FirstError string  `json:"first_error,omitempty"`
}

type resultJSON struct {
	Started   time.Time `json:"started"`
	Elapsed   float64   `json:"elapsed_s"`
	Clients   int       `json:"clients"`
	Ops       []OpStats `json:"ops"`
	Total     OpStats   `json:"total"`
	ServerCPU float64   `json:"server_cpu_cores"`
	ServerRSS int64     `json:"server_rss_bytes"`
	ClientCPU float64   `json:"client_cpu_cores"`
}

func ms(d time.Duration) float64     { return float64(d.Microseconds()) / 1000 }
func fromMS(m float64) time.Duration { return time.Duration(m * float64(time.Millisecond)) }

// MarshalJSON writes the durations as milliseconds (p50_ms, …).
func (s OpStats) MarshalJSON() ([]byte, error) {
	return json.Marshal(opStatsJSON{s.Name, s.Count, s.Errors, s.PerSec,
		ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), s.MeanBytes, s.FirstError})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (s *OpStats) UnmarshalJSON(b []byte) error {
	var j opStatsJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*s = OpStats{j.Name, j.Count, j.Errors, j.PerSec,
		fromMS(j.P50), fromMS(j.P95), fromMS(j.P99), fromMS(j.Max), j.MeanBytes, j.FirstError}
	return nil
}

// MarshalJSON writes Elapsed in seconds and the usage figures with their units in the names.
func (r Result) MarshalJSON() ([]byte, error) {
	return json.Marshal(resultJSON{r.Started, r.Elapsed.Seconds(), r.Clients, r.Ops, r.Total,
		r.ServerCPU, r.ServerRSS, r.ClientCPU})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (r *Result) UnmarshalJSON(b []byte) error {
	var j resultJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*r = Result{j.Started, time.Duration(j.Elapsed * float64(time.Second)), j.Clients, j.Ops,
		j.Total, j.ServerCPU, j.ServerRSS, j.ClientCPU}
	return nil
}

// Markdown renders the result as a markdown table (op, ops/s, p50, p95, p99, max ms, errors,
// bytes), followed by the usage figures and the first error of every op that had one.
func (r *Result) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d clients, %.1f s measured.\n\n", r.Clients, r.Elapsed.Seconds())
	b.WriteString("| op | ops/s | p50 ms | p95 ms | p99 ms | max ms | errors | bytes |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range r.Ops {
		row(&b, s.Name, s)
	}
	row(&b, "**total**", r.Total)
	b.WriteString("\n")
	if r.ServerCPU > 0 || r.ServerRSS > 0 {
		fmt.Fprintf(&b, "Server: %.2f cores, peak RSS %.1f MiB. ", r.ServerCPU, float64(r.ServerRSS)/(1<<20))
	}
	fmt.Fprintf(&b, "Load generator: %.2f cores.\n", r.ClientCPU)
	for _, s := range r.Ops {
		if s.FirstError != "" {
			fmt.Fprintf(&b, "\n- %s, first error: %s", s.Name, strings.ReplaceAll(s.FirstError, "\n", " "))
		}
	}
	if strings.HasSuffix(b.String(), "\n") {
		return b.String()
	}
	return b.String() + "\n"
}

func row(b *strings.Builder, name string, s OpStats) {
	fmt.Fprintf(b, "| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %d | %d |\n",
		strings.ReplaceAll(name, "|", "/"), s.PerSec, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max), s.Errors, s.MeanBytes)
}
