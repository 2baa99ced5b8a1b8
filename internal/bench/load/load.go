// Package load runs a weighted mix of operations from many simulated clients for a fixed time
// and measures each operation's latency, throughput, errors and bytes, together with the CPU
// and memory the server process and this process used meanwhile.
//
// A run has two phases: Warmup, in which operations run but are not recorded, and Duration,
// in which every operation that starts is recorded. Operations in flight when the measured
// time ends are allowed to finish and are recorded; Elapsed runs until the last of them.
package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// Op is one kind of operation in a workload.
type Op struct {
	Name   string
	Weight int                                        // relative frequency in a mix (>0)
	Do     func(ctx context.Context, w *Worker) error // one operation; a non-nil error counts as a failed op
}

// Worker is one simulated client: its own HTTP client (keep-alive, cookie jar if set up by
// NewWorker), a private random source, and whatever state NewWorker put in State.
type Worker struct {
	ID    int
	HTTP  *http.Client
	Rand  *rand.Rand
	State any

	rec   *recorder // nil while not measuring
	bytes int64     // body bytes read by the op being run
}

// StatusError is the error Worker.Do returns for a status outside 200–299.
type StatusError struct {
	Method, Path string
	Status       int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, http.StatusText(e.Status))
}

// IsStatus reports whether err is (or wraps) a StatusError with the given status.
func IsStatus(err error, status int) bool {
	var se *StatusError
	return errors.As(err, &se) && se.Status == status
}

// Do sends req, reads the whole body, and returns it with the response; a status outside
// 200–299 is returned as a *StatusError that names the status (the body is still returned).
// The bytes read are counted for the op being run.
func (w *Worker) Do(req *http.Request) (*http.Response, []byte, error) {
	resp, err := w.HTTP.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	w.bytes += int64(len(body))
	if err != nil {
		return resp, body, fmt.Errorf("%s %s: reading body: %w", req.Method, req.URL.Path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp, body, &StatusError{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode}
	}
	return resp, body, nil
}

// Observe records a sub-step of the current op (for example one request of a three-request
// workflow) under its own name, so that it gets its own latency figures. Outside the
// measured time it does nothing.
func (w *Worker) Observe(name string, d time.Duration, err error) {
	if w.rec != nil {
		w.rec.step(name).add(d, 0, err)
	}
}
