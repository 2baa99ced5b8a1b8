package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Notice is a short message to an employee, read on the mobile page (DM3):
// "the home visit at 10:00 is cancelled", so that no trip is wasted.
type Notice struct {
	ID         int64
	EmployeeID int64
	Body       string
	Created    time.Time
	Read       time.Time // zero until read
}

const noticeCols = `id, employee_id, body, created_at, read_at`

func scanNotice(s interface{ Scan(...any) error }) (*Notice, error) {
	n := &Notice{}
	var created int64
	var read sql.NullInt64
	err := s.Scan(&n.ID, &n.EmployeeID, &n.Body, &created, &read)
	n.Created = fromMicros(created)
	if read.Valid {
		n.Read = fromMicros(read.Int64)
	}
	return n, err
}

// AddNotice stores a notice and sets its ID.
func (q *Q) AddNotice(ctx context.Context, n *Notice, now time.Time) error {
	n.Created = now
	id, err := q.insert(ctx, `INSERT INTO employee_notices (employee_id, body, created_at) VALUES ($1, $2, $3)`,
		n.EmployeeID, n.Body, micros(now))
	if err != nil {
		return fmt.Errorf("store: add notice: %w", err)
	}
	n.ID = id
	return nil
}

// Notices lists an employee's newest notices, newest first, at most limit.
func (q *Q) Notices(ctx context.Context, employeeID int64, limit int) ([]*Notice, error) {
	rows, err := q.query(ctx, `SELECT `+noticeCols+` FROM employee_notices WHERE employee_id = $1
		ORDER BY id DESC LIMIT $2`, employeeID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: notices: %w", err)
	}
	return collect(rows, scanNotice)
}

// NoticesAfter lists an employee's notices with an ID above after, oldest
// first: those a live page has not shown yet.
func (q *Q) NoticesAfter(ctx context.Context, employeeID, after int64) ([]*Notice, error) {
	rows, err := q.query(ctx, `SELECT `+noticeCols+` FROM employee_notices WHERE employee_id = $1 AND id > $2
		ORDER BY id LIMIT 100`, employeeID, after)
	if err != nil {
		return nil, fmt.Errorf("store: notices after %d: %w", after, err)
	}
	return collect(rows, scanNotice)
}

// UnreadNotices counts an employee's unread notices.
func (q *Q) UnreadNotices(ctx context.Context, employeeID int64) (int, error) {
	var n int
	err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM employee_notices WHERE employee_id = $1 AND read_at IS NULL`,
		employeeID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread notices: %w", err)
	}
	return n, nil
}

// MarkNoticesRead marks an employee's notices up to ID upTo read, leaving
// any that came after the page was shown unread.
func (q *Q) MarkNoticesRead(ctx context.Context, employeeID, upTo int64, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE employee_notices SET read_at = $1 WHERE employee_id = $2 AND id <= $3 AND read_at IS NULL`,
		micros(now), employeeID, upTo)
	if err != nil {
		return fmt.Errorf("store: mark notices read: %w", err)
	}
	return nil
}
