package store

import (
	"context"
	"database/sql"
)

// writeStmts keeps the SQLite writer's prepared statements. A statement
// cannot be prepared on the writer's one connection while a transaction
// holds it, so a query met for the first time runs unprepared and is
// prepared after the commit; from the next transaction on, it runs as a
// statement already compiled on that connection. Only the writer goroutine
// touches it.
type writeStmts struct {
	db   *sql.DB
	m    map[string]*sql.Stmt
	want map[string]struct{}
}

func newWriteStmts(db *sql.DB) *writeStmts {
	return &writeStmts{db: db, m: map[string]*sql.Stmt{}, want: map[string]struct{}{}}
}

// in returns an execer for tx that uses the prepared statements.
func (w *writeStmts) in(tx *sql.Tx) execer { return txStmts{tx: tx, w: w} }

// prepareWanted prepares the queries the last transaction ran unprepared.
// It is called between transactions, when the connection is free; a query
// that fails to prepare is left to run unprepared (which reports its error).
func (w *writeStmts) prepareWanted() {
	for query := range w.want {
		delete(w.want, query)
		if len(w.m) >= maxStmts {
			continue
		}
		if st, err := w.db.Prepare(query); err == nil {
			w.m[query] = st
		}
	}
}

func (w *writeStmts) close() {
	for _, st := range w.m {
		st.Close()
	}
	w.m = map[string]*sql.Stmt{}
}

// stmt returns the prepared statement for query bound to tx, or nil after
// noting the query to be prepared.
func (t txStmts) stmt(ctx context.Context, query string) *sql.Stmt {
	st, ok := t.w.m[query]
	if !ok {
		t.w.want[query] = struct{}{}
		return nil
	}
	return t.tx.StmtContext(ctx, st)
}

// txStmts runs a write transaction's queries through the writer's
// prepared statements.
type txStmts struct {
	tx *sql.Tx
	w  *writeStmts
}

func (t txStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t txStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t txStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

// PrepareContext prepares a statement for this transaction only, for bulk
// inserts that run one statement many times.
func (t txStmts) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}
