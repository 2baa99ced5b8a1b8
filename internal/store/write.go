package store

import (
	"context"
	"fmt"
	"runtime/debug"
)

// maxBatch bounds how many queued writes share one SQLite transaction.
const maxBatch = 256

type writeReq struct {
	ctx  context.Context
	fn   func(*Q) error
	done chan error
}

// Write runs fn in a transaction and commits it. If fn returns an error,
// nothing it wrote is kept. Write returns once the commit is durable.
func (db *DB) Write(ctx context.Context, fn func(*Q) error) error {
	if db.dialect == Postgres {
		return db.writePostgres(ctx, fn)
	}
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case db.queue <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	// Once queued, the outcome is waited for even if ctx ends: the caller
	// must not be told "failed" about a write that then commits.
	return <-req.done
}

func (db *DB) writePostgres(ctx context.Context, fn func(*Q) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := safeCall(fn, &Q{ex: tx, dialect: db.dialect}); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", mapError(err))
	}
	return nil
}

// writer is the single SQLite writer: it takes whatever is queued and runs
// it in one transaction, each request in its own savepoint.
func (db *DB) writer() {
	defer close(db.done)
	for req := range db.queue {
		batch := []*writeReq{req}
	drain:
		for len(batch) < maxBatch {
			select {
			case r, ok := <-db.queue:
				if !ok {
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		db.commitBatch(batch)
	}
}

func (db *DB) commitBatch(batch []*writeReq) {
	errs := make([]error, len(batch))
	tx, err := db.write.Begin()
	if err != nil {
		finish(batch, errs, fmt.Errorf("store: begin: %w", err))
		return
	}
	q := &Q{ex: db.wstmts.in(tx), dialect: db.dialect}
	for i, r := range batch {
		errs[i] = runSavepoint(q, r)
	}
	commitErr := mapError(tx.Commit())
	db.wstmts.prepareWanted()
	finish(batch, errs, commitErr)
}

func runSavepoint(q *Q, r *writeReq) error {
	if err := r.ctx.Err(); err != nil {
		return err
	}
	ctx := context.Background() // the savepoint's own statements run whatever the caller's context
	if _, err := q.ex.ExecContext(ctx, "SAVEPOINT w"); err != nil {
		return fmt.Errorf("store: savepoint: %w", err)
	}
	if err := safeCall(r.fn, q); err != nil {
		if _, rerr := q.ex.ExecContext(ctx, "ROLLBACK TO w"); rerr != nil {
			return fmt.Errorf("store: rollback to savepoint: %w (after %w)", rerr, err)
		}
		q.ex.ExecContext(ctx, "RELEASE w")
		return err
	}
	if _, err := q.ex.ExecContext(ctx, "RELEASE w"); err != nil {
		return fmt.Errorf("store: release savepoint: %w", err)
	}
	return nil
}

// finish reports each request's own error, or the commit's error to those
// whose work was to be committed.
func finish(batch []*writeReq, errs []error, commitErr error) {
	for i, r := range batch {
		if errs[i] == nil && commitErr != nil {
			errs[i] = fmt.Errorf("store: commit: %w", commitErr)
		}
		r.done <- errs[i]
	}
}

// safeCall runs fn, turning a panic into an error so that one caller's bug
// does not take the writer down with the other callers' work.
func safeCall(fn func(*Q) error, q *Q) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: panic in write: %v\n%s", p, debug.Stack())
		}
	}()
	return fn(q)
}
