package drill

import (
	"fmt"
	"math/rand/v2"
	"sync"
)

// Kinds of write.
const (
	writeInquiry  = "inquiry"
	writeNote     = "note"
	writeComplete = "complete"
)

// write is one write the drill sent.
type write struct {
	kind     string
	key      string // unique; the idempotency key of an inquiry
	personID int64
	caseID   int64 // an inquiry's case (from its answer); a note's case
	taskID   int64 // an inquiry's follow-up task; the task to complete
	id       int64 // what the 2xx answer named
	// presentID is, for an inquiry without an answer, the inquiry the
	// database holds after the kill (0: none).
	presentID int64
}

// marker is the unique text the write leaves: an inquiry's summary (which
// is also its record's body and its task's detail) or a note's body.
func (w *write) marker() string { return fmt.Sprintf("drill %s %s", w.kind, w.key) }

// noteMarker is the body of the note an inquiry is registered with.
func (w *write) noteMarker() string { return fmt.Sprintf("drill inquiry-note %s", w.key) }

// ledger records every write and its outcome.
type ledger struct {
	mu         sync.Mutex
	seq        int
	acked      []*write // answered 2xx
	unanswered []*write // no answer, or an error answer: since the last check
	openTasks  []*write // acknowledged inquiries whose task nobody completes yet
	caseIDs    []int64  // cases of acknowledged inquiries
	byKind     map[string]int
}

func newLedger() *ledger { return &ledger{byKind: map[string]int{}} }

// next chooses the next write: half inquiries, the rest notes in their
// cases and completions of their tasks, as far as there are any.
func (l *ledger) next(rng *rand.Rand, persons []int64) *write {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	w := &write{kind: writeInquiry, key: fmt.Sprintf("%d-%d", rng.Uint32(), l.seq)}
	switch p := rng.IntN(4); {
	case p == 2 && len(l.caseIDs) > 0:
		w.kind, w.caseID = writeNote, l.caseIDs[rng.IntN(len(l.caseIDs))]
	case p == 3 && len(l.openTasks) > 0:
		i := rng.IntN(len(l.openTasks))
		w.kind, w.taskID = writeComplete, l.openTasks[i].taskID
		l.openTasks[i] = l.openTasks[len(l.openTasks)-1]
		l.openTasks = l.openTasks[:len(l.openTasks)-1]
	default:
		w.personID = persons[rng.IntN(len(persons))]
	}
	return w
}

// ack records a write answered 2xx with the ID the answer gave.
func (l *ledger) ack(w *write, id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w.id = id
	l.acked = append(l.acked, w)
	l.byKind[w.kind]++
	if w.kind == writeInquiry {
		l.openTasks = append(l.openTasks, w)
		if len(l.caseIDs) < 16 && !containsID(l.caseIDs, w.caseID) {
			l.caseIDs = append(l.caseIDs, w.caseID)
		}
	}
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// miss records a write that got no answer or an error answer.
func (l *ledger) miss(w *write) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.unanswered = append(l.unanswered, w)
}

// pending returns the writes without a 2xx answer since the last take.
func (l *ledger) pending() []*write {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*write(nil), l.unanswered...)
}

// takeUnanswered returns and forgets the writes without a 2xx answer.
func (l *ledger) takeUnanswered() []*write {
	l.mu.Lock()
	defer l.mu.Unlock()
	u := l.unanswered
	l.unanswered = nil
	return u
}

// all returns the acknowledged writes.
func (l *ledger) all() []*write {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]*write(nil), l.acked...)
}

func (l *ledger) acknowledged() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.acked)
}

func (l *ledger) counts() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := map[string]int{}
	for k, v := range l.byKind {
		m[k] = v
	}
	return m
}
