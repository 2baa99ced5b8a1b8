// Package store keeps torg's data in SQLite (the embedded default) or
// PostgreSQL, with the same hand-written SQL for both.
//
// Reads go to a pool of connections. On SQLite all writes go through one
// writer goroutine that commits whatever is queued in one transaction
// (group commit), each caller's work inside its own savepoint, so a durable
// commit is shared by many callers. On PostgreSQL each write is its own
// transaction; the server batches commits by itself.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
	_ "modernc.org/sqlite"             // SQLite driver "sqlite"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is a handle on torg's database.
type DB struct {
	dialect string
	read    *sql.DB
	write   *sql.DB // the same pool as read on PostgreSQL
	queue   chan *writeReq
	done    chan struct{}
	rstmts  *stmtCache  // SQLite only: prepared statements of the read pool
	wstmts  *writeStmts // SQLite only: the writer's prepared statements
}

// Open opens the database named by url: a postgres:// URL, or else the path
// of a SQLite file (created if missing). It does not migrate.
func Open(ctx context.Context, url string) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url)
	}
	return openSQLite(ctx, url)
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(16)
	pool.SetMaxIdleConns(16)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect to postgres: %w", err)
	}
	return &DB{dialect: Postgres, read: pool, write: pool}, nil
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=mmap_size(268435456)&_pragma=analysis_limit(400)" +
		"&_txlock=immediate"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	n := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db := &DB{dialect: SQLite, read: r, write: w, queue: make(chan *writeReq, 1024), done: make(chan struct{}),
		rstmts: newStmtCache(r), wstmts: newWriteStmts(w)}
	go db.writer() // started first: Close waits for it
	if err := w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Statistics for the query planner of tables that lack them or have
	// grown (bounded by analysis_limit, so quick on any size).
	if _, err := w.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: optimize %s: %w", path, err)
	}
	return db, nil
}

// Optimize refreshes the query planner's statistics where the data has
// changed enough to matter; run it now and then (the server does, hourly).
// PostgreSQL's autovacuum does this by itself.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect != SQLite {
		return nil
	}
	_, err := db.write.ExecContext(ctx, "PRAGMA optimize")
	return err
}

// Analyze gathers the query planner's statistics of every table, as needed
// after a bulk load: without them SQLite may scan where an index serves.
func (db *DB) Analyze(ctx context.Context) error {
	if db.dialect != SQLite {
		_, err := db.write.ExecContext(ctx, "ANALYZE")
		return err
	}
	// Every row, not the sample PRAGMA optimize takes (the writer pool's
	// one connection runs all three).
	for _, stmt := range []string{"PRAGMA analysis_limit=0", "ANALYZE", "PRAGMA analysis_limit=400"} {
		if _, err := db.write.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// Dialect returns SQLite or Postgres.
func (db *DB) Dialect() string { return db.dialect }

// Close stops the writer and closes the connections.
func (db *DB) Close() error {
	if db.queue != nil {
		close(db.queue)
		<-db.done
		db.queue = nil
	}
	if db.wstmts != nil {
		db.wstmts.close()
	}
	if db.rstmts != nil {
		db.rstmts.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// R returns a query handle on the read pool.
func (db *DB) R() *Q {
	if db.rstmts != nil {
		return &Q{ex: cachedPool{db.rstmts}, dialect: db.dialect}
	}
	return &Q{ex: db.read, dialect: db.dialect}
}
