package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// Session is a logged-in employee's server-side session. The browser holds
// the token; the database only its hash.
type Session struct {
	TokenHash  string
	EmployeeID int64
	CSRF       string
	Created    time.Time
	LastSeen   time.Time
	Expires    time.Time
}

// CreateSession stores s.
func (q *Q) CreateSession(ctx context.Context, s *Session) error {
	_, err := q.exec(ctx, `INSERT INTO sessions (token_hash, employee_id, csrf, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, s.TokenHash, s.EmployeeID, s.CSRF,
		micros(s.Created), micros(s.LastSeen), micros(s.Expires))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// Session returns the session with the given token hash.
func (q *Q) Session(ctx context.Context, tokenHash string) (*Session, error) {
	var s Session
	var c, l, e int64
	err := q.ex.QueryRowContext(ctx, `SELECT token_hash, employee_id, csrf, created_at, last_seen_at, expires_at
		FROM sessions WHERE token_hash = $1`, tokenHash).Scan(&s.TokenHash, &s.EmployeeID, &s.CSRF, &c, &l, &e)
	if err != nil {
		return nil, fmt.Errorf("store: session: %w", mapError(err))
	}
	s.Created, s.LastSeen, s.Expires = fromMicros(c), fromMicros(l), fromMicros(e)
	return &s, nil
}

// TouchSession records activity on a session.
func (q *Q) TouchSession(ctx context.Context, tokenHash string, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, micros(now), tokenHash)
	return err
}

// DeleteSession ends a session.
func (q *Q) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := q.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash)
	return err
}

// DeleteExpiredSessions removes sessions that expired or idled out before now.
func (q *Q) DeleteExpiredSessions(ctx context.Context, now, idleBefore time.Time) error {
	_, err := q.exec(ctx, `DELETE FROM sessions WHERE expires_at < $1 OR last_seen_at < $2`, micros(now), micros(idleBefore))
	return err
}

// CreateToken stores an API token's hash for an employee.
func (q *Q) CreateToken(ctx context.Context, tokenHash string, employeeID int64, name string, now, expires time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO api_tokens (token_hash, employee_id, name, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, tokenHash, employeeID, name, micros(now), micros(expires))
	if err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	return nil
}

// TokenEmployee returns the employee an unexpired API token belongs to.
func (q *Q) TokenEmployee(ctx context.Context, tokenHash string, now time.Time) (*torg.Employee, error) {
	e, err := scanEmployee(q.ex.QueryRowContext(ctx, `SELECT `+employeeColsOf("e")+` FROM api_tokens t
		JOIN employees e ON e.id = t.employee_id WHERE t.token_hash = $1 AND t.expires_at > $2`, tokenHash, micros(now)))
	if err != nil {
		return nil, fmt.Errorf("store: token: %w", mapError(err))
	}
	return e, q.loadUnits(ctx, e)
}
