package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/torg-kommune/torg"
)

// auditLockKey serialises audit appends on PostgreSQL so the chain has no forks.
const auditLockKey = 7_046_001

// AppendAudit adds e to the hash-chained audit log: its hash covers its
// fields and the hash of the event before it.
func (q *Q) AppendAudit(ctx context.Context, e *torg.AuditEvent) error {
	if q.dialect == Postgres {
		if _, err := q.exec(ctx, `SELECT pg_advisory_xact_lock($1)`, auditLockKey); err != nil {
			return fmt.Errorf("store: audit lock: %w", err)
		}
	}
	e.PrevHash = ""
	err := q.ex.QueryRowContext(ctx, `SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1`).Scan(&e.PrevHash)
	if err != nil && torg.ErrorCode(mapError(err)) != torg.ENOTFOUND {
		return fmt.Errorf("store: audit head: %w", err)
	}
	e.Hash = AuditHash(e)
	e.Seq, err = q.insertSeq(ctx, `INSERT INTO audit_events (municipality_id, at, actor_id, action, object, person_id,
		detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq`, e.MunicipalityID,
		micros(e.At), e.ActorID, e.Action, e.Object, e.PersonID, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("store: append audit: %w", err)
	}
	return nil
}

func (q *Q) insertSeq(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := q.ex.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, mapError(err)
}

// AuditHash returns the SHA-256 over an event's fields and its PrevHash.
func AuditHash(e *torg.AuditEvent) string {
	h := sha256.New()
	for _, s := range []string{e.PrevHash, strconv.FormatInt(e.MunicipalityID, 10), strconv.FormatInt(micros(e.At), 10),
		strconv.FormatInt(e.ActorID, 10), e.Action, e.Object, strconv.FormatInt(e.PersonID, 10), e.Detail} {
		fmt.Fprintf(h, "%d:%s;", len(s), s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditEvents calls fn for each audit event in order, from seq after.
func (q *Q) AuditEvents(ctx context.Context, after int64, fn func(*torg.AuditEvent) error) error {
	rows, err := q.query(ctx, `SELECT seq, municipality_id, at, actor_id, action, object, person_id, detail, prev_hash, hash
		FROM audit_events WHERE seq > $1 ORDER BY seq`, after)
	if err != nil {
		return fmt.Errorf("store: audit events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e torg.AuditEvent
		var at int64
		if err := rows.Scan(&e.Seq, &e.MunicipalityID, &at, &e.ActorID, &e.Action, &e.Object, &e.PersonID, &e.Detail,
			&e.PrevHash, &e.Hash); err != nil {
			return fmt.Errorf("store: scan audit: %w", err)
		}
		e.At = fromMicros(at)
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// PersonAudit lists the newest audit events about a person.
func (q *Q) PersonAudit(ctx context.Context, personID int64, limit int) ([]*torg.AuditEvent, error) {
	var out []*torg.AuditEvent
	rows, err := q.query(ctx, `SELECT seq, at, actor_id, action, object FROM audit_events WHERE person_id = $1
		ORDER BY seq DESC LIMIT $2`, personID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: person audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e := &torg.AuditEvent{PersonID: personID}
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.Action, &e.Object); err != nil {
			return nil, err
		}
		e.At = fromMicros(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
