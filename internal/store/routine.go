package store

import (
	"context"
	"fmt"
	"time"
)

// RoutineVersion is one published version of a routine file.
type RoutineVersion struct {
	RoutineID string
	Version   int
	Source    string
	Published time.Time
}

// PublishRoutine stores a routine version unless that version is stored
// already; a published version never changes.
func (q *Q) PublishRoutine(ctx context.Context, v RoutineVersion) error {
	_, err := q.exec(ctx, `INSERT INTO routine_versions (routine_id, version, source, published_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (routine_id, version) DO NOTHING`, v.RoutineID, v.Version, v.Source, micros(v.Published))
	if err != nil {
		return fmt.Errorf("store: publish routine %s v%d: %w", v.RoutineID, v.Version, err)
	}
	return nil
}

// RoutineVersions lists a routine's versions, newest first.
func (q *Q) RoutineVersions(ctx context.Context, routineID string) ([]RoutineVersion, error) {
	rows, err := q.query(ctx, `SELECT routine_id, version, source, published_at FROM routine_versions
		WHERE routine_id = $1 ORDER BY version DESC`, routineID)
	if err != nil {
		return nil, fmt.Errorf("store: routine versions: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (v RoutineVersion, err error) {
		var at int64
		err = s.Scan(&v.RoutineID, &v.Version, &v.Source, &at)
		v.Published = fromMicros(at)
		return v, err
	})
}

// CaseRoutine is the routine a case runs and the engine's state for it.
type CaseRoutine struct {
	CaseID    int64
	RoutineID string
	Version   int
	State     []byte // the engine's JSON state
	Updated   time.Time
}

// CaseRoutines returns the routines a case runs with their states.
func (q *Q) CaseRoutines(ctx context.Context, caseID int64) ([]*CaseRoutine, error) {
	rows, err := q.query(ctx, `SELECT case_id, routine_id, version, state, updated_at FROM case_routines
		WHERE case_id = $1 ORDER BY routine_id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: case routines %d: %w", caseID, err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (*CaseRoutine, error) {
		var cr CaseRoutine
		var state string
		var at int64
		err := s.Scan(&cr.CaseID, &cr.RoutineID, &cr.Version, &state, &at)
		cr.State, cr.Updated = []byte(state), fromMicros(at)
		return &cr, err
	})
}

// SaveCaseRoutine stores a case's routine state.
func (q *Q) SaveCaseRoutine(ctx context.Context, cr *CaseRoutine) error {
	_, err := q.exec(ctx, `INSERT INTO case_routines (case_id, routine_id, version, state, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (case_id, routine_id) DO UPDATE SET state = $4, updated_at = $5`,
		cr.CaseID, cr.RoutineID, cr.Version, string(cr.State), micros(cr.Updated))
	if err != nil {
		return fmt.Errorf("store: save case routine %d: %w", cr.CaseID, err)
	}
	return nil
}

// RoutineIDs lists the IDs of the published routines.
func (q *Q) RoutineIDs(ctx context.Context) ([]string, error) {
	rows, err := q.query(ctx, `SELECT DISTINCT routine_id FROM routine_versions ORDER BY routine_id`)
	if err != nil {
		return nil, fmt.Errorf("store: routine ids: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (id string, err error) { return id, s.Scan(&id) })
}
