package drill

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// loadStats counts what one round of load sent.
type loadStats struct {
	acked, unanswered, errorAnswers int
	firstError                      string
}

// runLoad runs clients concurrent writers against c until kill has been
// called after delay and every writer has seen its last request end.
func runLoad(ctx context.Context, c *client, l *ledger, clients int, seed uint64, delay time.Duration, kill func()) loadStats {
	var stopped atomic.Bool
	var mu sync.Mutex
	var st loadStats
	var wg sync.WaitGroup
	for i := range clients {
		rng := rand.New(rand.NewPCG(seed, uint64(i)))
		wg.Go(func() {
			for !stopped.Load() && ctx.Err() == nil {
				w := l.next(rng, c.setup.persons)
				status, id, err := send(ctx, c, w)
				mu.Lock()
				switch {
				case err == nil && status/100 == 2:
					st.acked++
					l.ack(w, id)
				case err == nil:
					st.errorAnswers++
					if st.firstError == "" {
						st.firstError = w.kind + ": status " + strconv.Itoa(status)
					}
					l.miss(w)
				default:
					st.unanswered++
					l.miss(w)
				}
				mu.Unlock()
			}
		})
	}
	t := time.AfterFunc(delay, func() {
		kill()
		stopped.Store(true)
	})
	wg.Wait()
	t.Stop()
	return st
}

func send(ctx context.Context, c *client, w *write) (int, int64, error) {
	switch w.kind {
	case writeNote:
		return c.note(ctx, w)
	case writeComplete:
		return c.complete(ctx, w)
	}
	return c.inquiry(ctx, w)
}
