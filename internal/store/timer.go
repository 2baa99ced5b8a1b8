package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/torg-kommune/torg"
)

// Timer states.
const (
	TimerPending   = "pending"
	TimerClaimed   = "claimed"
	TimerFired     = "fired"
	TimerCancelled = "cancelled"
)

// Timer is a durable timer: a row that fires once at or after Due. Timers
// are set in the transaction of the change that causes them, and the
// scheduler claims due timers with a lease, so a restart neither loses a
// timer nor fires it twice.
type Timer struct {
	ID             int64
	MunicipalityID int64
	CaseID         int64           // 0: not tied to a case
	Key            string          // deterministic and unique: setting the same key again is a no-op
	Kind           string          // what the handler is to do, e.g. "routine.step"
	Payload        json.RawMessage // the handler's arguments as JSON; nil stores {}
	Due            time.Time
	State          string
	ClaimedBy      string
	ClaimUntil     time.Time
	Attempts       int    // how often it was claimed
	LastError      string // the handler's last error, if any
	Fired          time.Time
	Cancelled      time.Time
	Created        time.Time
}

// ErrLeaseLost is returned when a node tries to finish a timer or message
// whose claim it no longer holds: its lease ran out and the row was
// claimed again, fired, cancelled or finished by someone else.
var ErrLeaseLost = errors.New("store: lease lost")

const timerCols = `id, municipality_id, COALESCE(case_id, 0), key, kind, payload, due_at, state, claimed_by,
	claim_until, attempts, last_error, fired_at, cancelled_at, created_at`

func scanTimer(s interface{ Scan(...any) error }) (Timer, error) {
	var t Timer
	var payload string
	var due, until, fired, cancelled, created int64
	err := s.Scan(&t.ID, &t.MunicipalityID, &t.CaseID, &t.Key, &t.Kind, &payload, &due, &t.State, &t.ClaimedBy,
		&until, &t.Attempts, &t.LastError, &fired, &cancelled, &created)
	t.Payload = json.RawMessage(payload)
	t.Due, t.ClaimUntil, t.Fired = fromMicros(due), fromMicros(until), fromMicros(fired)
	t.Cancelled, t.Created = fromMicros(cancelled), fromMicros(created)
	return t, err
}

func payloadText(p json.RawMessage) string {
	if len(p) == 0 {
		return "{}"
	}
	return string(p)
}

// SetTimer inserts t unless a timer with its key exists, in which case it
// changes nothing (not even a cancelled or fired timer) and reports false.
// When it inserts, it sets t's ID, State and Created.
func (q *Q) SetTimer(ctx context.Context, t *Timer, now time.Time) (bool, error) {
	id, err := q.insert(ctx, timerInsert+`($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`,
		timerArgs(t, now)...)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: set timer %q: %w", t.Key, err)
	}
	t.ID, t.State, t.Created = id, TimerPending, now
	return true, nil
}

// timerBulkRows is how many timers one INSERT of SetTimers carries on
// PostgreSQL. SQLite runs one prepared single-row INSERT per timer instead:
// it looks $n parameters up by name, at a cost that grows with their number.
const timerBulkRows = 200

const timerInsert = `INSERT INTO timers (municipality_id, case_id, key, kind, payload, due_at, created_at) VALUES `

func timerArgs(t *Timer, now time.Time) []any {
	return []any{t.MunicipalityID, nullID(t.CaseID), t.Key, t.Kind, payloadText(t.Payload), micros(t.Due), micros(now)}
}

// SetTimers inserts timers as SetTimer does, for imports and benchmarks.
// It does not set IDs; it returns how many were new.
func (q *Q) SetTimers(ctx context.Context, ts []Timer, now time.Time) (int64, error) {
	setTimers := q.setTimersPrepared
	if q.dialect == Postgres {
		setTimers = q.setTimersMultiRow
	}
	n, err := setTimers(ctx, ts, now)
	if err != nil {
		return n, fmt.Errorf("store: set timers: %w", err)
	}
	return n, nil
}

func (q *Q) setTimersPrepared(ctx context.Context, ts []Timer, now time.Time) (int64, error) {
	p, ok := q.ex.(interface {
		PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	})
	if !ok {
		return 0, fmt.Errorf("%T cannot prepare statements", q.ex)
	}
	stmt, err := p.PrepareContext(ctx, timerInsert+`($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING`)
	if err != nil {
		return 0, mapError(err)
	}
	defer stmt.Close()
	var n int64
	for i := range ts {
		res, err := stmt.ExecContext(ctx, timerArgs(&ts[i], now)...)
		if err != nil {
			return n, mapError(err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}

func (q *Q) setTimersMultiRow(ctx context.Context, ts []Timer, now time.Time) (int64, error) {
	var n int64
	for len(ts) > 0 {
		chunk := ts[:min(len(ts), timerBulkRows)]
		ts = ts[len(chunk):]
		var sb strings.Builder
		sb.WriteString(timerInsert)
		args := make([]any, 0, 7*len(chunk))
		for i := range chunk {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(" + placeholders(7*i+1, 7) + ")")
			args = append(args, timerArgs(&chunk[i], now)...)
		}
		sb.WriteString(` ON CONFLICT (key) DO NOTHING`)
		res, err := q.exec(ctx, sb.String(), args...)
		if err != nil {
			return n, err
		}
		k, _ := res.RowsAffected()
		n += k
	}
	return n, nil
}

// TimerByKey returns the timer with key.
func (q *Q) TimerByKey(ctx context.Context, key string) (Timer, error) {
	t, err := scanTimer(q.ex.QueryRowContext(ctx, `SELECT `+timerCols+` FROM timers WHERE key = $1`, key))
	if err != nil {
		return t, fmt.Errorf("store: timer %q: %w", key, mapError(err))
	}
	return t, nil
}

// CaseTimers lists a case's timers by due time.
func (q *Q) CaseTimers(ctx context.Context, caseID int64) ([]Timer, error) {
	rows, err := q.query(ctx, `SELECT `+timerCols+` FROM timers WHERE case_id = $1 ORDER BY due_at, id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: case timers: %w", err)
	}
	return collect(rows, scanTimer)
}

// CancelTimer cancels the timer with key unless it has fired. A timer being
// handled at the moment is cancelled too: its handler's transaction then
// fails to mark it fired and is rolled back. It reports whether a timer was
// cancelled.
func (q *Q) CancelTimer(ctx context.Context, key string, now time.Time) (bool, error) {
	res, err := q.exec(ctx, `UPDATE timers SET state = 'cancelled', cancelled_at = $1, claimed_by = ''
		WHERE key = $2 AND state IN ('pending', 'claimed')`, micros(now), key)
	if err != nil {
		return false, fmt.Errorf("store: cancel timer %q: %w", key, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// CancelCaseTimers cancels a case's timers whose keys start with prefix
// ("" for all) and have not fired, and returns how many it cancelled.
func (q *Q) CancelCaseTimers(ctx context.Context, caseID int64, prefix string, now time.Time) (int64, error) {
	res, err := q.exec(ctx, `UPDATE timers SET state = 'cancelled', cancelled_at = $1, claimed_by = ''
		WHERE case_id = $2 AND state IN ('pending', 'claimed') AND substr(key, 1, $3) = $4`,
		micros(now), caseID, utf8.RuneCountInString(prefix), prefix)
	if err != nil {
		return 0, fmt.Errorf("store: cancel timers of case %d: %w", caseID, err)
	}
	return res.RowsAffected()
}

// skipLocked is the row-locking clause of a claim's sub-select. On
// PostgreSQL several nodes claim at once, and each skips the rows another
// is claiming; SQLite's single writer serialises claims by itself.
func (q *Q) skipLocked() string {
	if q.dialect == Postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// ClaimTimers claims up to limit timers for node until now+lease: due
// pending timers, earliest first, and timers whose earlier claim ran out
// (the node that held it died, or its handler failed). Call it in a write
// transaction. Several nodes may claim at once on PostgreSQL: each row goes
// to one of them.
func (q *Q) ClaimTimers(ctx context.Context, node string, now time.Time, lease time.Duration, limit int) ([]Timer, error) {
	expired, err := q.claimTimers(ctx, `state = 'claimed' AND claim_until <= $3 ORDER BY claim_until, id`,
		node, now, lease, limit)
	if err != nil || len(expired) == limit {
		return expired, err
	}
	due, err := q.claimTimers(ctx, `state = 'pending' AND due_at <= $3 ORDER BY due_at, id`,
		node, now, lease, limit-len(expired))
	ts := append(expired, due...)
	sort.Slice(ts, func(i, j int) bool {
		if !ts[i].Due.Equal(ts[j].Due) {
			return ts[i].Due.Before(ts[j].Due)
		}
		return ts[i].ID < ts[j].ID
	})
	return ts, err
}

func (q *Q) claimTimers(ctx context.Context, where, node string, now time.Time, lease time.Duration, limit int) ([]Timer, error) {
	rows, err := q.query(ctx, `WITH c AS (SELECT id AS cid FROM timers WHERE `+where+` LIMIT $4`+q.skipLocked()+`)
		UPDATE timers SET state = 'claimed', claimed_by = $1, claim_until = $2, attempts = attempts + 1
		FROM c WHERE timers.id = c.cid RETURNING `+timerCols,
		node, micros(now.Add(lease)), micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: claim timers: %w", err)
	}
	return collect(rows, scanTimer)
}

// MarkTimerFired marks timer id fired if node still holds its claim and the
// lease has not run out at now. Call it in the transaction of the timer's
// handler: if it returns ErrLeaseLost, return the error so the handler's
// writes are rolled back with it, since another node fires the timer.
func (q *Q) MarkTimerFired(ctx context.Context, id int64, node string, now time.Time) error {
	res, err := q.exec(ctx, `UPDATE timers SET state = 'fired', fired_at = $1, last_error = ''
		WHERE id = $2 AND state = 'claimed' AND claimed_by = $3 AND claim_until > $1`, micros(now), id, node)
	return oneClaimed(res, err, "mark timer fired", id)
}

// RetryTimer gives up node's claim on timer id after its handler failed,
// keeping the error, so that the timer is claimed again at retryAt.
func (q *Q) RetryTimer(ctx context.Context, id int64, node, handlerErr string, retryAt time.Time) error {
	res, err := q.exec(ctx, `UPDATE timers SET claimed_by = '', claim_until = $1, last_error = $2
		WHERE id = $3 AND state = 'claimed' AND claimed_by = $4`, micros(retryAt), handlerErr, id, node)
	return oneClaimed(res, err, "retry timer", id)
}

// oneClaimed turns an update of a claimed row into ErrLeaseLost when it
// found no row.
func oneClaimed(res sql.Result, err error, what string, id int64) error {
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", what, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: %s %d: %w", what, id, ErrLeaseLost)
	}
	return nil
}

// CountTimers returns how many timers are in state.
func (q *Q) CountTimers(ctx context.Context, state string) (int64, error) {
	var n int64
	err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM timers WHERE state = $1`, state).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count timers: %w", err)
	}
	return n, nil
}
