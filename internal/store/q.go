package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Q runs queries on the read pool or inside a write transaction. Every
// query method of the store hangs off Q, so the same code reads and writes.
type Q struct {
	ex      execer
	dialect string
}

func (q *Q) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := q.ex.ExecContext(ctx, query, args...)
	return res, mapError(err)
}

func (q *Q) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := q.ex.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, mapError(err)
}

func (q *Q) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := q.ex.QueryContext(ctx, query, args...)
	return rows, mapError(err)
}

// mapError turns driver errors into torg errors where people can act on
// them: a missing row is ENOTFOUND, a constraint violation ECONFLICT.
func mapError(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &torg.Error{Code: torg.ENOTFOUND, Key: "error.not_found"}
	}
	msg := err.Error()
	for _, s := range []string{"UNIQUE constraint", "duplicate key value", "SQLSTATE 23505"} {
		if strings.Contains(msg, s) {
			return fmt.Errorf("%w: %v", &torg.Error{Code: torg.ECONFLICT, Key: "error.conflict"}, err)
		}
	}
	return err
}

func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.UnixMicro(n).UTC()
}

// nullID maps the zero ID to NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func toJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only slices of strings are stored
	}
	return string(b)
}

func fromJSON[T any](s string) T {
	var v T
	json.Unmarshal([]byte(s), &v)
	return v
}

func parseDate(s string) torg.Date {
	d, _ := torg.ParseDate(s)
	return d
}
