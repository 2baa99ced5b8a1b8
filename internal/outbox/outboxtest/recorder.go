package outboxtest

import (
	"sync"
)

// Recorder counts what a receiver got, by message ID: Raw counts every
// arrival, duplicates included; Unique is what a receiver that drops
// duplicates by ID shows.
type Recorder struct {
	mu   sync.Mutex
	raw  map[string]int
	bad  int
	hook func(id string) int
}

// SetHook sets a function called for each arrival after it is recorded
// and before the receiver answers; a non-zero result replaces the success
// status (an HTTP status, or an SMTP reply code). It may block.
func (r *Recorder) SetHook(hook func(id string) int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hook = hook
}

// Bad returns the number of arrivals the receiver refused as malformed.
func (r *Recorder) Bad() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.bad
}

func (r *Recorder) recordBad() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.bad++
}

func (r *Recorder) record(id string) int {
	r.mu.Lock()
	if r.raw == nil {
		r.raw = map[string]int{}
	}
	r.raw[id]++
	hook := r.hook
	r.mu.Unlock()
	if hook != nil {
		return hook(id)
	}
	return 0
}

// Counts returns a copy of the arrivals per ID.
func (r *Recorder) Counts() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.raw))
	for k, v := range r.raw {
		out[k] = v
	}
	return out
}

// Total returns the number of arrivals, duplicates included.
func (r *Recorder) Total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, v := range r.raw {
		n += v
	}
	return n
}

// Unique returns the number of distinct IDs that arrived.
func (r *Recorder) Unique() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.raw)
}
