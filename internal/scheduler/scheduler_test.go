package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/outbox/outboxtest"
	"github.com/torg-kommune/torg/internal/scheduler"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// taskHandler returns a handler whose effect is a task titled with the
// timer's key, so a timer fired twice shows as two tasks.
func taskHandler(f outboxtest.Fixture, calls *atomic.Int64) scheduler.Handler {
	return func(ctx context.Context, q *store.Q, t store.Timer) error {
		calls.Add(1)
		return q.CreateTask(ctx, &torg.Task{MunicipalityID: f.M.ID, UnitID: f.Unit.ID, Title: t.Key,
			CreatedBy: f.Leader.ID}, now)
	}
}

// taskCounts returns how many tasks each title has.
func taskCounts(t *testing.T, db *store.DB, f outboxtest.Fixture) map[string]int {
	t.Helper()
	tasks, err := db.R().WorkList(context.Background(), f.Leader.ID, []int64{f.Unit.ID})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int{}
	for _, tk := range tasks {
		m[tk.Title]++
	}
	return m
}

func mustSetTimers(t *testing.T, db *store.DB, f outboxtest.Fixture, due map[string]time.Time) {
	t.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(q *store.Q) error {
		for k, at := range due {
			if _, err := q.SetTimer(ctx, &store.Timer{MunicipalityID: f.M.ID, CaseID: f.Case.ID, Key: k,
				Kind: "test", Due: at}, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func mustTick(t *testing.T, s *scheduler.Scheduler) scheduler.Stats {
	t.Helper()
	st, err := s.Tick(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestTimersFireOnceAcrossClockJumps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := outboxtest.MustFixture(t, db, now)
		mustSetTimers(t, db, f, map[string]time.Time{"past": now.Add(-time.Hour), "now": now,
			"in 1h": now.Add(time.Hour), "in 2 days": now.Add(48 * time.Hour)})
		clock := &torg.FixedClock{T: now}
		var calls atomic.Int64
		s := &scheduler.Scheduler{DB: db, Clock: clock, Handle: taskHandler(f, &calls)}
		steps := []struct {
			name  string
			at    time.Time
			fired int
		}{
			{"due now", now, 2},
			{"again", now, 0},
			{"clock jumps back a day", now.Add(-24 * time.Hour), 0},
			{"back to normal", now.Add(time.Minute), 0},
			{"clock jumps forward a week", now.Add(7 * 24 * time.Hour), 2},
			{"and back again", now, 0},
		}
		for _, step := range steps {
			clock.T = step.at
			if st := mustTick(t, s); st.Fired != step.fired {
				t.Errorf("%s: fired %d, want %d (%+v)", step.name, st.Fired, step.fired, st)
			}
		}
		for k, n := range taskCounts(t, db, f) {
			if n != 1 {
				t.Errorf("timer %q took effect %d times", k, n)
			}
		}
		if calls.Load() != 4 {
			t.Errorf("handler called %d times, want 4", calls.Load())
		}
	})
}

func TestHandlerErrorRollsBackAndRetries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := outboxtest.MustFixture(t, db, now)
		mustSetTimers(t, db, f, map[string]time.Time{"x": now})
		clock := &torg.FixedClock{T: now}
		var calls atomic.Int64
		write := taskHandler(f, &calls)
		s := &scheduler.Scheduler{DB: db, Clock: clock, Retry: 10 * time.Minute,
			Handle: func(ctx context.Context, q *store.Q, t store.Timer) error {
				if err := write(ctx, q, t); err != nil {
					return err
				}
				if t.Attempts == 1 {
					return errors.New("registry unavailable")
				}
				return nil
			}}
		if st := mustTick(t, s); st.Failed != 1 || len(taskCounts(t, db, f)) != 0 {
			t.Fatalf("first attempt: %+v, tasks %v; the failed handler's writes must be rolled back", st, taskCounts(t, db, f))
		}
		tm, _ := db.R().TimerByKey(context.Background(), "x")
		if tm.LastError != "registry unavailable" {
			t.Errorf("last error %q", tm.LastError)
		}
		clock.Advance(9 * time.Minute)
		if st := mustTick(t, s); st.Fired+st.Failed != 0 {
			t.Errorf("retried before Retry: %+v", st)
		}
		clock.Advance(time.Minute)
		if st := mustTick(t, s); st.Fired != 1 || taskCounts(t, db, f)["x"] != 1 {
			t.Errorf("retry: %+v, tasks %v", st, taskCounts(t, db, f))
		}
	})
}

func TestHandlerPanicIsAFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := outboxtest.MustFixture(t, db, now)
		mustSetTimers(t, db, f, map[string]time.Time{"x": now})
		s := &scheduler.Scheduler{DB: db, Clock: &torg.FixedClock{T: now},
			Handle: func(context.Context, *store.Q, store.Timer) error { panic("bug") }}
		if st := mustTick(t, s); st.Failed != 1 {
			t.Errorf("tick: %+v, want the panic counted as a failure", st)
		}
		tm, _ := db.R().TimerByKey(context.Background(), "x")
		if tm.LastError != "panic: bug" || tm.State != store.TimerClaimed || tm.ClaimedBy != "" {
			t.Errorf("timer %+v; want it waiting for a retry with the panic kept", tm)
		}
	})
}

func TestStalledNodeLosesItsLease(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := outboxtest.MustFixture(t, db, now)
		mustSetTimers(t, db, f, map[string]time.Time{"x": now})
		clock := &torg.FixedClock{T: now}
		var calls atomic.Int64
		write := taskHandler(f, &calls)
		stalled := &scheduler.Scheduler{DB: db, Clock: clock, Node: "a", Lease: time.Minute,
			Handle: func(ctx context.Context, q *store.Q, t store.Timer) error {
				clock.Advance(2 * time.Minute) // a GC pause, a frozen VM…
				return write(ctx, q, t)
			}}
		if st := mustTick(t, stalled); st.Lost != 1 || len(taskCounts(t, db, f)) != 0 {
			t.Fatalf("stalled node: %+v, tasks %v; its writes must be rolled back", st, taskCounts(t, db, f))
		}
		other := &scheduler.Scheduler{DB: db, Clock: clock, Node: "b", Handle: write}
		if st := mustTick(t, other); st.Fired != 1 || taskCounts(t, db, f)["x"] != 1 {
			t.Errorf("other node: %+v, tasks %v", st, taskCounts(t, db, f))
		}
	})
}

func TestCancelledTimerDoesNotFire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := outboxtest.MustFixture(t, db, now)
		mustSetTimers(t, db, f, map[string]time.Time{"DC2.6/remind": now, "DC2.6/letter": now, "DC4.3/sms": now})
		err := db.Write(ctx, func(q *store.Q) error {
			_, err := q.CancelCaseTimers(ctx, f.Case.ID, "DC2.6/", now)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var calls atomic.Int64
		s := &scheduler.Scheduler{DB: db, Clock: &torg.FixedClock{T: now}, Handle: taskHandler(f, &calls)}
		if st := mustTick(t, s); st.Fired != 1 {
			t.Errorf("fired %d, want only the timer not cancelled", st.Fired)
		}
	})
}

func TestKindsDispatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := outboxtest.MustFixture(t, db, now)
		mustSetTimers(t, db, f, map[string]time.Time{"x": now})
		var calls atomic.Int64
		s := &scheduler.Scheduler{DB: db, Clock: &torg.FixedClock{T: now},
			Handle: scheduler.Kinds{"other": taskHandler(f, &calls)}.Handle}
		if st := mustTick(t, s); st.Failed != 1 {
			t.Errorf("a timer of an unknown kind: %+v, want failed (kept for retry)", st)
		}
	})
}

// TestTimerSendsThroughOutbox is the common path: a timer's handler
// enqueues a message in its transaction, and the same tick delivers it.
func TestTimerSendsThroughOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := outboxtest.MustFixture(t, db, now)
		mustSetTimers(t, db, f, map[string]time.Time{"case:1:DC4.3": now})
		clock := &torg.FixedClock{T: now}
		s := &scheduler.Scheduler{DB: db, Clock: clock, Outbox: outbox.New(db, clock, outbox.Defaults(db, clock)...),
			Handle: func(ctx context.Context, q *store.Q, t store.Timer) error {
				m := f.Message(store.ChannelMailbox, t.Key)
				_, err := q.Enqueue(ctx, m, clock.Now())
				return err
			}}
		if st := mustTick(t, s); st.Fired != 1 || st.Messages != 1 {
			t.Errorf("tick: %+v", st)
		}
		box, _ := db.R().Mailbox(ctx, f.Person.ID)
		if len(box) != 1 {
			t.Errorf("mailbox has %d messages, want 1", len(box))
		}
	})
}

// TestConcurrentSchedulersFireEachTimerOnce runs 4 schedulers, each with
// its own connections as separate nodes would have, over 2,000 due timers.
func TestConcurrentSchedulersFireEachTimerOnce(t *testing.T) {
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			url := storetest.URL(t, dialect, base)
			dbs := make([]*store.DB, 4)
			for i := range dbs {
				dbs[i] = mustOpen(t, url)
			}
			f := outboxtest.MustFixture(t, dbs[0], now)
			due := map[string]time.Time{}
			for i := range 2000 {
				due[fmt.Sprintf("t%04d", i)] = now.Add(-time.Duration(i) * time.Second)
			}
			mustSetTimers(t, dbs[0], f, due)
			var calls atomic.Int64
			var fired atomic.Int64
			var wg sync.WaitGroup
			for i, db := range dbs {
				s := &scheduler.Scheduler{DB: db, Clock: &torg.FixedClock{T: now}, Node: fmt.Sprint("node", i),
					Batch: 50, Workers: 8, Handle: taskHandler(f, &calls)}
				wg.Go(func() {
					st, err := s.Tick(context.Background())
					if err != nil {
						t.Error(err)
					}
					fired.Add(int64(st.Fired))
					t.Logf("%s: %+v", s.Node, st)
				})
			}
			wg.Wait()
			counts := taskCounts(t, dbs[0], f)
			for k := range due {
				if counts[k] != 1 {
					t.Errorf("timer %s took effect %d times", k, counts[k])
				}
			}
			if fired.Load() != 2000 || calls.Load() != 2000 {
				t.Errorf("fired %d, handler calls %d; want 2000 each", fired.Load(), calls.Load())
			}
		})
	}
}

func mustOpen(t testing.TB, url string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}
