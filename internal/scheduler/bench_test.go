package scheduler_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/outbox/outboxtest"
	"github.com/torg-kommune/torg/internal/scheduler"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// benchTimers returns the benchmark's number of due timers:
// TORG_BENCH_TIMERS, or 1,000,000.
func benchTimers(b *testing.B) int {
	n := 1_000_000
	if s := os.Getenv("TORG_BENCH_TIMERS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v <= 0 {
			b.Fatalf("TORG_BENCH_TIMERS=%q: want a positive number", s)
		}
		n = v
	}
	return n
}

// BenchmarkTimers1M fires a million due timers (TORG_BENCH_TIMERS) with a
// no-op handler through one Scheduler with its default settings: claims of
// 1,000, 64 handlers at once, each timer its own transaction that marks it
// fired. One operation is the whole million; timers/s is the figure.
// Setting the timers up is not timed.
func BenchmarkTimers1M(b *testing.B) {
	n := benchTimers(b)
	for _, dialect := range []string{store.SQLite, store.Postgres} {
		base, ok := storetest.Dialects()[dialect]
		if !ok {
			continue
		}
		b.Run(fmt.Sprintf("%s/%d", dialect, n), func(b *testing.B) {
			db := mustOpen(b, storetest.URL(b, dialect, base))
			f := outboxtest.MustFixture(b, db, now)
			s := &scheduler.Scheduler{DB: db, Clock: &torg.FixedClock{T: now},
				Handle: func(context.Context, *store.Q, store.Timer) error { return nil }}
			var fired int
			var spent time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				setBenchTimers(b, db, f, i, n)
				b.StartTimer()
				start := time.Now()
				st, err := s.Tick(context.Background())
				spent += time.Since(start)
				if err != nil {
					b.Fatal(err)
				}
				fired += st.Fired
			}
			if fired != n*b.N {
				b.Fatalf("fired %d timers, want %d", fired, n*b.N)
			}
			b.ReportMetric(float64(fired)/spent.Seconds(), "timers/s")
			b.ReportMetric(float64(spent.Nanoseconds())/float64(fired), "ns/timer")
		})
	}
}

// setBenchTimers inserts n due timers, many rows per statement and 50,000
// per transaction.
func setBenchTimers(b *testing.B, db *store.DB, f outboxtest.Fixture, round, n int) {
	const perTx = 50_000
	start := time.Now()
	ctx := context.Background()
	for from := 0; from < n; from += perTx {
		ts := make([]store.Timer, min(perTx, n-from))
		for i := range ts {
			k := from + i
			ts[i] = store.Timer{MunicipalityID: f.M.ID, Key: fmt.Sprintf("bench:%d:%d", round, k), Kind: "bench",
				Payload: []byte(`{"step":"DC2.6"}`), Due: now.Add(-time.Duration(k) * time.Microsecond)}
		}
		err := db.Write(ctx, func(q *store.Q) error { _, err := q.SetTimers(ctx, ts, now); return err })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("set %d timers in %v (%.0f/s)", n, time.Since(start).Round(time.Millisecond),
		float64(n)/time.Since(start).Seconds())
}
