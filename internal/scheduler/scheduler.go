// Package scheduler fires torg's durable timers and runs the outbox.
//
// Timers are rows (store.Timer). Each tick, a Scheduler claims due timers
// in batches with a lease and calls the Handler for each in a write
// transaction that also marks the timer fired. If the process dies between
// the two, the transaction is rolled back with everything the handler
// wrote, and the timer is claimed again once the lease runs out: the
// handler's database writes take effect exactly once. A node whose lease
// ran out cannot mark the timer fired, so its handler's writes are rolled
// back too. Several Schedulers may run on one PostgreSQL database: claims
// skip rows another node is claiming, so each timer goes to one node.
//
// The wall clock may jump. A fired timer is never claimed again, whatever
// the time; a jump forward fires everything that became due, once; a jump
// back delays timers, and recovery from a dead node, by the size of the
// jump.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/store"
)

// Handler acts on a due timer within q's transaction, which marks the
// timer fired when the handler returns nil. A handler should only write to
// the database: work outside it (a message to send) belongs in the outbox,
// written through q. On SQLite the handler runs on the single writer, so
// it must be quick. If it returns an error, nothing it wrote is kept and
// the timer is tried again after Scheduler.Retry.
type Handler func(ctx context.Context, q *store.Q, t store.Timer) error

// Scheduler fires due timers and, if Outbox is set, delivers due messages.
type Scheduler struct {
	DB     *store.DB
	Clock  torg.Clock
	Handle Handler
	Outbox *outbox.Deliverer // nil: timers only
	Node   string            // the claims' owner; outbox.NodeID() by default

	Interval time.Duration // between ticks in Run; 1s by default
	Lease    time.Duration // how long a claim holds; 1 minute by default
	Retry    time.Duration // wait after a handler error; 1 minute by default
	Batch    int           // timers claimed at once; 1,000 by default
	Workers  int           // handlers at once; 64 by default

	Log *slog.Logger
}

// Stats says what one tick did.
type Stats struct {
	Fired    int // timers fired
	Failed   int // timers whose handler failed (tried again later)
	Lost     int // timers another node or a cancellation took over
	Messages int // outbox messages handled
}

func (s *Scheduler) defaults() {
	if s.Node == "" {
		s.Node = outbox.NodeID()
	}
	if s.Interval <= 0 {
		s.Interval = time.Second
	}
	if s.Lease <= 0 {
		s.Lease = time.Minute
	}
	if s.Retry <= 0 {
		s.Retry = time.Minute
	}
	if s.Batch <= 0 {
		s.Batch = 1000
	}
	// Many handlers at once let SQLite's writer commit many in one
	// transaction, and keep PostgreSQL's connections busy.
	if s.Workers <= 0 {
		s.Workers = 64
	}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.Handle == nil {
		s.Handle = Kinds{}.Handle
	}
}

// Run ticks every Interval until ctx ends, and then returns nil. Errors
// are logged and the next tick tries again.
func (s *Scheduler) Run(ctx context.Context) error {
	s.defaults()
	ticker := time.NewTicker(s.Interval)
	defer ticker.Stop()
	for {
		if _, err := s.Tick(ctx); err != nil && ctx.Err() == nil {
			s.Log.Error("scheduler: tick", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
	}
}

// Tick fires every timer that is due, in batches, then delivers every
// message that is due.
func (s *Scheduler) Tick(ctx context.Context) (Stats, error) {
	s.defaults()
	var st Stats
	for ctx.Err() == nil {
		n, err := s.fireBatch(ctx, &st)
		if err != nil {
			return st, err
		}
		if n < s.Batch {
			break
		}
	}
	if s.Outbox == nil || ctx.Err() != nil {
		return st, nil
	}
	n, err := s.Outbox.Drain(ctx)
	st.Messages = n
	return st, err
}

// fireBatch claims one batch of due timers and fires them, Workers at a
// time; on SQLite their transactions share commits.
func (s *Scheduler) fireBatch(ctx context.Context, st *Stats) (int, error) {
	var ts []store.Timer
	err := s.DB.Write(ctx, func(q *store.Q) (err error) {
		ts, err = q.ClaimTimers(ctx, s.Node, s.Clock.Now(), s.Lease, s.Batch)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("scheduler: claim timers: %w", err)
	}
	var mu sync.Mutex
	work := make(chan store.Timer)
	var wg sync.WaitGroup
	for range min(s.Workers, len(ts)) {
		wg.Go(func() {
			for t := range work {
				r := s.fire(ctx, t)
				mu.Lock()
				r.count(st)
				mu.Unlock()
			}
		})
	}
	for _, t := range ts {
		work <- t
	}
	close(work)
	wg.Wait()
	return len(ts), nil
}

type result int

const (
	fired result = iota
	failed
	lost
)

func (r result) count(st *Stats) {
	switch r {
	case fired:
		st.Fired++
	case failed:
		st.Failed++
	default:
		st.Lost++
	}
}

// handlerError marks an error as the handler's own.
type handlerError struct{ err error }

func (e handlerError) Error() string { return e.err.Error() }

// fire runs t's handler and marks t fired in one transaction.
func (s *Scheduler) fire(ctx context.Context, t store.Timer) result {
	err := s.DB.Write(ctx, func(q *store.Q) error {
		if err := s.call(ctx, q, t); err != nil {
			return err
		}
		return q.MarkTimerFired(ctx, t.ID, s.Node, s.Clock.Now())
	})
	var he handlerError
	switch {
	case err == nil:
		return fired
	case errors.Is(err, store.ErrLeaseLost):
		return lost
	case errors.As(err, &he):
		s.retry(ctx, t, he.err)
		return failed
	case ctx.Err() != nil:
		return lost // shutting down: the lease runs out and the timer fires later
	}
	s.Log.Error("scheduler: fire timer", "id", t.ID, "kind", t.Kind, "err", err)
	return failed
}

// call runs the handler, turning its error or panic into a handlerError.
func (s *Scheduler) call(ctx context.Context, q *store.Q, t store.Timer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = handlerError{fmt.Errorf("panic: %v", p)}
		}
	}()
	if err := s.Handle(ctx, q, t); err != nil {
		return handlerError{err}
	}
	return nil
}

// retry gives the claim on t up until Retry from now, keeping the error.
func (s *Scheduler) retry(ctx context.Context, t store.Timer, cause error) {
	s.Log.Warn("scheduler: timer handler failed", "id", t.ID, "kind", t.Kind, "attempt", t.Attempts, "err", cause)
	at := s.Clock.Now().Add(s.Retry)
	msg := strings.ToValidUTF8(cause.Error(), "?")
	if r := []rune(msg); len(r) > 1000 {
		msg = string(r[:1000]) + "…"
	}
	err := s.DB.Write(ctx, func(q *store.Q) error { return q.RetryTimer(ctx, t.ID, s.Node, msg, at) })
	if err != nil && !errors.Is(err, store.ErrLeaseLost) {
		s.Log.Error("scheduler: record timer failure", "id", t.ID, "err", err)
	}
}

// Kinds dispatches timers to handlers by kind.
type Kinds map[string]Handler

// Handle runs the handler of t's kind; a kind without one is an error, so
// the timer stays and is retried once a handler is deployed.
func (k Kinds) Handle(ctx context.Context, q *store.Q, t store.Timer) error {
	h, ok := k[t.Kind]
	if !ok {
		return fmt.Errorf("no handler for timer kind %q", t.Kind)
	}
	return h(ctx, q, t)
}
