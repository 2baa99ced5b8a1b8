package run

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/torg-kommune/torg/internal/bench/load"

	_ "modernc.org/sqlite" // SQLite driver "sqlite", the one torg uses
)

// Bare runs the same clients for the same time against a bare Go HTTP server in this
// process on 127.0.0.1, serving a page of size bytes from memory: the most a Go HTTP
// server can answer on this machine while it shares it with the load generator.
func Bare(ctx context.Context, size int, cfg load.Config) (*load.Result, error) {
	page := bytes.Repeat([]byte("x"), max(size, 1))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/"
	cfg.NewWorker, cfg.ServerPID = nil, 0 // the server is this process: its CPU is the Result's ClientCPU
	cfg.Ops = []load.Op{{Name: "page", Weight: 1, Do: func(ctx context.Context, w *load.Worker) error {
		req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
		if err != nil {
			return err
		}
		_, body, err := w.Do(req)
		if err == nil && len(body) != len(page) {
			return fmt.Errorf("bare page: %d bytes, want %d", len(body), len(page))
		}
		return err
	}}}
	return load.Run(ctx, cfg)
}

// Commits is SQLite's raw durable commit rate on a disk.
type Commits struct {
	Dir           string  `json:"dir"`
	SingleRowsPS  float64 `json:"single_row_commits_per_sec"` // one row per transaction
	Batch         int     `json:"batch_rows"`
	BatchedRowsPS float64 `json:"batched_rows_per_sec"` // Batch rows per transaction
}

// CommitRate measures, in a temporary database in dir, how many single-row transactions
// SQLite (modernc, WAL, synchronous=FULL) commits per second from one goroutine, and how
// many rows per second it commits batch rows to a transaction; each for d.
func CommitRate(ctx context.Context, dir string, d time.Duration, batch int) (*Commits, error) {
	tmp, err := os.MkdirTemp(dir, "torg-commit-rate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dsn := "file:" + filepath.Join(tmp, "rate.db") +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, "CREATE TABLE t (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, body TEXT NOT NULL)"); err != nil {
		return nil, err
	}
	c := &Commits{Dir: dir, Batch: batch}
	if c.SingleRowsPS, err = insertRate(ctx, db, d, 1); err != nil {
		return nil, err
	}
	if c.BatchedRowsPS, err = insertRate(ctx, db, d, batch); err != nil {
		return nil, err
	}
	return c, nil
}

// insertRate inserts rows, n to a transaction, for d and returns the rows per second.
func insertRate(ctx context.Context, db *sql.DB, d time.Duration, n int) (float64, error) {
	const body = "an audit event's worth of text: who read which case and when"
	rows := 0
	start := time.Now()
	for time.Since(start) < d {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		for range n {
			if _, err := tx.ExecContext(ctx, "INSERT INTO t (at, body) VALUES ($1, $2)", time.Now().UnixNano(), body); err != nil {
				return 0, errors.Join(err, tx.Rollback())
			}
		}
		if err := tx.Commit(); err != nil {
			return 0, err
		}
		rows += n
	}
	return float64(rows) / time.Since(start).Seconds(), nil
}
