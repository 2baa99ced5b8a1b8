package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// Defaults of a Deliverer.
var (
	DefaultBackoff     = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 12 * time.Hour}
	DefaultMaxAttempts = 8
	DefaultLease       = 2 * time.Minute
)

// Deliverer claims due outbox messages and delivers them through their
// channels. Several Deliverers may run against one PostgreSQL database;
// each message goes to one of them at a time.
type Deliverer struct {
	DB       *store.DB
	Clock    torg.Clock
	Channels map[string]Channel // by Channel.Name()
	Node     string             // the claims' owner; NodeID() by default

	// Lease is how long a claim holds. A delivery is cut off at half of
	// it, so that it ends before another node may take the message over.
	Lease   time.Duration
	Batch   int // messages claimed at once; default 50
	Workers int // deliveries at once; default 8

	// Backoff[i] is the wait after the (i+1)th failed attempt; past its
	// end the last entry repeats. After MaxAttempts attempts, or a
	// permanent error, the message is given up and Task makes it a task.
	Backoff     []time.Duration
	MaxAttempts int
	Task        TaskFunc

	Log *slog.Logger
}

// New returns a Deliverer with the default settings for channels.
func New(db *store.DB, clock torg.Clock, channels ...Channel) *Deliverer {
	d := &Deliverer{DB: db, Clock: clock, Channels: map[string]Channel{}}
	for _, c := range channels {
		d.Channels[c.Name()] = c
	}
	d.defaults()
	return d
}

func (d *Deliverer) defaults() {
	if d.Node == "" {
		d.Node = NodeID()
	}
	if d.Lease <= 0 {
		d.Lease = DefaultLease
	}
	if d.Batch <= 0 {
		d.Batch = 50
	}
	if d.Workers <= 0 {
		d.Workers = 8
	}
	if len(d.Backoff) == 0 {
		d.Backoff = DefaultBackoff
	}
	if d.MaxAttempts <= 0 {
		d.MaxAttempts = DefaultMaxAttempts
	}
	if d.Task == nil {
		d.Task = FailureTask(nil)
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
}

// Drain delivers batches until no message is due, and returns how many
// messages it handled (delivered, retried later or given up).
func (d *Deliverer) Drain(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := d.Tick(ctx)
		total += n
		if err != nil || n < d.Batch || ctx.Err() != nil {
			return total, err
		}
	}
}

// Tick claims one batch of due messages and delivers them, and returns
// how many it claimed.
func (d *Deliverer) Tick(ctx context.Context) (int, error) {
	d.defaults()
	var ms []Message
	err := d.DB.Write(ctx, func(q *store.Q) (err error) {
		ms, err = q.ClaimOutbox(ctx, d.Node, d.Clock.Now(), d.Lease, d.Batch)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("outbox: claim: %w", err)
	}
	work := make(chan Message)
	var wg sync.WaitGroup
	for range min(d.Workers, len(ms)) {
		wg.Go(func() {
			for m := range work {
				d.deliver(ctx, m)
			}
		})
	}
	for _, m := range ms {
		work <- m
	}
	close(work)
	wg.Wait()
	return len(ms), nil
}

// deliver makes one attempt at m and records its outcome. If ctx ends
// first, it records nothing: the claim runs out and the message is tried
// again, by this node or another.
func (d *Deliverer) deliver(ctx context.Context, m Message) {
	dctx, cancel := context.WithTimeout(ctx, d.Lease/2)
	defer cancel()
	err := d.attempt(dctx, m)
	if err == nil || ctx.Err() != nil {
		return
	}
	if errors.Is(err, store.ErrLeaseLost) {
		d.Log.Info("outbox: message taken over by another node", "id", m.ID, "channel", m.Channel)
		return
	}
	d.failed(ctx, m, err)
}

func (d *Deliverer) attempt(ctx context.Context, m Message) error {
	ch := d.Channels[m.Channel]
	if ch == nil {
		return fmt.Errorf("no %q channel is configured", m.Channel)
	}
	if tc, ok := ch.(TxChannel); ok {
		return d.DB.Write(ctx, func(q *store.Q) error {
			now := d.Clock.Now()
			if err := tc.DeliverTx(ctx, q, m, now); err != nil {
				return err
			}
			return q.MarkSent(ctx, m.ID, now)
		})
	}
	if err := ch.Deliver(ctx, m); err != nil {
		return err
	}
	// Delivered: record it even if ctx has ended, or it is sent again.
	wctx := context.WithoutCancel(ctx)
	err := d.DB.Write(wctx, func(q *store.Q) error { return q.MarkSent(wctx, m.ID, d.Clock.Now()) })
	if errors.Is(err, store.ErrLeaseLost) {
		return nil // another node recorded it, or gave up on it after a long stall
	}
	if err != nil {
		d.Log.Error("outbox: delivered but not recorded; it will be sent again", "id", m.ID, "err", err)
	}
	return nil
}

// failed records a failed attempt: the message waits for its next attempt,
// or is given up and becomes a task.
func (d *Deliverer) failed(ctx context.Context, m Message, cause error) {
	msg := truncate(cause.Error(), 1000)
	if !IsPermanent(cause) && m.Attempts < d.MaxAttempts {
		next := d.Clock.Now().Add(d.backoff(m.Attempts))
		err := d.DB.Write(ctx, func(q *store.Q) error { return q.MarkFailed(ctx, m.ID, d.Node, msg, next) })
		d.Log.Warn("outbox: delivery failed, will retry", "id", m.ID, "channel", m.Channel,
			"attempt", m.Attempts, "next", next, "err", msg, "record_err", err)
		return
	}
	d.giveUp(ctx, m, msg)
}

// backoff returns the wait after the nth failed attempt (n from 1).
func (d *Deliverer) backoff(n int) time.Duration {
	return d.Backoff[min(max(n, 1), len(d.Backoff))-1]
}

// giveUp marks m failed and, in the same transaction, creates the task
// that tells people. If the task cannot be made, m is still given up (it
// stays listed as failed) and the error is logged, so that a message that
// can neither be delivered nor escalated does not loop for ever.
func (d *Deliverer) giveUp(ctx context.Context, m Message, cause string) {
	m.LastError = cause
	err := d.DB.Write(ctx, func(q *store.Q) error {
		if err := q.GiveUp(ctx, m.ID, d.Node, cause); err != nil {
			return err
		}
		t, err := d.Task(ctx, q, m, d.Clock.Now())
		if err != nil {
			return fmt.Errorf("outbox: failure task: %w", err)
		}
		return q.CreateTask(ctx, t, d.Clock.Now())
	})
	if err == nil {
		d.Log.Warn("outbox: message given up; a task was created", "id", m.ID, "channel", m.Channel, "err", cause)
		return
	}
	if errors.Is(err, store.ErrLeaseLost) {
		return
	}
	terr := d.DB.Write(ctx, func(q *store.Q) error { return q.GiveUp(ctx, m.ID, d.Node, cause) })
	d.Log.Error("outbox: message given up WITHOUT a task; see the failed messages", "id", m.ID,
		"channel", m.Channel, "err", cause, "task_err", err, "record_err", terr)
}

// truncate shortens s to at most n runes, keeping it valid UTF-8.
func truncate(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
