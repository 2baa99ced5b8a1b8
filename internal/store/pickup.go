package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// CreatePickup inserts a letter held at the desk (FD3) and sets its ID,
// State and Created. A second letter with the same request key is
// ECONFLICT, which the caller turns into "already registered".
func (q *Q) CreatePickup(ctx context.Context, p *torg.Pickup, now time.Time) error {
	p.State, p.Created = torg.PickupWaiting, now
	id, err := q.insert(ctx, `INSERT INTO pickups (municipality_id, unit_id, person_id, case_id, responsible_id,
		recipient, agency_name, agreement, description, location, pickup_by, state, created_by, created_at, request_key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		p.MunicipalityID, p.UnitID, p.PersonID, nullID(p.CaseID), p.ResponsibleID, p.Recipient, p.AgencyName,
		p.Agreement, p.Description, p.Location, micros(p.PickupBy), p.State, p.CreatedBy, micros(now), p.RequestKey)
	if err != nil {
		return fmt.Errorf("store: create pickup: %w", err)
	}
	p.ID = id
	return nil
}

const pickupCols = `k.id, k.municipality_id, k.unit_id, k.person_id, COALESCE(k.case_id, 0), k.responsible_id,
	k.recipient, k.agency_name, k.agreement, k.description, k.location, k.pickup_by, k.state, k.created_by,
	k.created_at, k.request_key, k.collector, k.collector_name, k.id_document, k.id_detail, COALESCE(k.closed_by, 0),
	k.closed_at, k.close_note, COALESCE(k.record_id, 0), COALESCE(k.task_id, 0),
	p.given_name, p.family_name, p.protection, u.name, r.name, COALESCE(c.year, 0), COALESCE(c.seq, 0),
	COALESCE(x.name, ''), b.name`

const pickupFrom = ` FROM pickups k JOIN persons p ON p.id = k.person_id JOIN units u ON u.id = k.unit_id
	JOIN employees r ON r.id = k.responsible_id LEFT JOIN cases c ON c.id = k.case_id
	LEFT JOIN employees x ON x.id = k.closed_by JOIN employees b ON b.id = k.created_by `

func scanPickup(s interface{ Scan(...any) error }) (*torg.Pickup, error) {
	var k torg.Pickup
	var by, created, closed int64
	var given, family string
	var prot, year, seq int
	err := s.Scan(&k.ID, &k.MunicipalityID, &k.UnitID, &k.PersonID, &k.CaseID, &k.ResponsibleID, &k.Recipient,
		&k.AgencyName, &k.Agreement, &k.Description, &k.Location, &by, &k.State, &k.CreatedBy, &created, &k.RequestKey,
		&k.Collector, &k.CollectorName, &k.IDDocument, &k.IDDetail, &k.ClosedBy, &closed, &k.CloseNote, &k.RecordID,
		&k.TaskID, &given, &family, &prot, &k.UnitName, &k.ResponsibleName, &year, &seq, &k.ClosedByName,
		&k.CreatedByName)
	k.PickupBy, k.Created, k.Closed = fromMicros(by), fromMicros(created), fromMicros(closed)
	k.PersonName = (&torg.Person{GivenName: given, FamilyName: family}).Name()
	k.Protection = torg.Protection(prot)
	if year != 0 {
		k.CaseNumber = (&torg.Case{Year: year, Seq: seq}).Number()
	}
	return &k, err
}

// Pickup returns letter id in a municipality.
func (q *Q) Pickup(ctx context.Context, municipalityID, id int64) (*torg.Pickup, error) {
	k, err := scanPickup(q.ex.QueryRowContext(ctx, `SELECT `+pickupCols+pickupFrom+`WHERE k.id = $1 AND k.municipality_id = $2`,
		id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: pickup %d: %w", id, mapError(err))
	}
	return k, nil
}

// PickupByKey returns the letter registered with a request key.
func (q *Q) PickupByKey(ctx context.Context, key string) (*torg.Pickup, error) {
	k, err := scanPickup(q.ex.QueryRowContext(ctx, `SELECT `+pickupCols+pickupFrom+`WHERE k.request_key = $1`, key))
	if err != nil {
		return nil, fmt.Errorf("store: pickup by key: %w", mapError(err))
	}
	return k, nil
}

// PickupFilter selects letters for PickupList. Zero fields select all.
type PickupFilter struct {
	State       string       // one state, or all
	PersonID    int64        // one person's letters
	CaseID      int64        // one case's letters
	ClosedAfter time.Time    // handed over or returned after this time
	Scope       *PickupScope // nil: every letter of the municipality
	Limit       int          // at most this many; 500 if 0
}

// PickupScope limits a list to the letters of some units and those an
// employee is responsible for.
type PickupScope struct {
	Units         []int64
	ResponsibleID int64
}

// PickupList lists a municipality's letters: waiting ones by agreed pickup
// time, the earliest (the overdue) first; the others last closed first.
func (q *Q) PickupList(ctx context.Context, municipalityID int64, f PickupFilter) ([]*torg.Pickup, error) {
	where, args := `k.municipality_id = $1`, []any{municipalityID}
	add := func(cond string, v any) {
		args = append(args, v)
		where += fmt.Sprintf(" AND "+cond, len(args))
	}
	if f.State != "" {
		add("k.state = $%d", f.State)
	}
	if f.PersonID != 0 {
		add("k.person_id = $%d", f.PersonID)
	}
	if f.CaseID != 0 {
		add("k.case_id = $%d", f.CaseID)
	}
	if !f.ClosedAfter.IsZero() {
		add("k.closed_at > $%d", micros(f.ClosedAfter))
	}
	if sc := f.Scope; sc != nil {
		args = append(args, sc.ResponsibleID)
		cond := fmt.Sprintf("k.responsible_id = $%d", len(args))
		if len(sc.Units) > 0 {
			cond += " OR k.unit_id IN (" + placeholders(len(args)+1, len(sc.Units)) + ")"
			for _, u := range sc.Units {
				args = append(args, u)
			}
		}
		where += " AND (" + cond + ")"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	args = append(args, limit)
	rows, err := q.query(ctx, `SELECT `+pickupCols+pickupFrom+`WHERE `+where+`
		ORDER BY CASE WHEN k.state = 'waiting' THEN 0 ELSE 1 END, CASE WHEN k.state = 'waiting' THEN k.pickup_by ELSE -k.closed_at END, k.id
		LIMIT $`+fmt.Sprint(len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: pickups: %w", err)
	}
	return collect(rows, scanPickup)
}

// HandOverPickup records that a waiting letter was handed over. It is
// ECONFLICT if the letter is no longer waiting: someone handed it over or
// took it back in the meantime.
func (q *Q) HandOverPickup(ctx context.Context, k *torg.Pickup, now time.Time) error {
	res, err := q.exec(ctx, `UPDATE pickups SET state = 'handed_over', collector = $1, collector_name = $2,
		id_document = $3, id_detail = $4, closed_by = $5, closed_at = $6, close_note = $7, record_id = $8
		WHERE id = $9 AND state = 'waiting'`,
		k.Collector, k.CollectorName, k.IDDocument, k.IDDetail, k.ClosedBy, micros(now), k.CloseNote, nullID(k.RecordID), k.ID)
	return closedPickup(res, err, "hand over", k)
}

// ReturnPickup records that a waiting letter was taken back by the
// service. It is ECONFLICT if the letter is no longer waiting.
func (q *Q) ReturnPickup(ctx context.Context, k *torg.Pickup, now time.Time) error {
	res, err := q.exec(ctx, `UPDATE pickups SET state = 'returned', closed_by = $1, closed_at = $2, close_note = $3
		WHERE id = $4 AND state = 'waiting'`, k.ClosedBy, micros(now), k.CloseNote, k.ID)
	return closedPickup(res, err, "return", k)
}

func closedPickup(res sql.Result, err error, what string, k *torg.Pickup) error {
	if err != nil {
		return fmt.Errorf("store: %s pickup %d: %w", what, k.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return torg.Errorf(torg.ECONFLICT, "pickup.not_waiting")
	}
	return nil
}

// SetPickupTask records the task the responsible employee got when a
// letter was not collected in time.
func (q *Q) SetPickupTask(ctx context.Context, id, taskID int64) error {
	if _, err := q.exec(ctx, `UPDATE pickups SET task_id = $1 WHERE id = $2`, taskID, id); err != nil {
		return fmt.Errorf("store: pickup %d task: %w", id, err)
	}
	return nil
}

// ReschedulePickup moves a waiting letter's agreed pickup time, clearing
// the task of the time before. It is ECONFLICT if the letter is no longer
// waiting.
func (q *Q) ReschedulePickup(ctx context.Context, id int64, by time.Time) error {
	res, err := q.exec(ctx, `UPDATE pickups SET pickup_by = $1, task_id = NULL WHERE id = $2 AND state = 'waiting'`,
		micros(by), id)
	return closedPickup(res, err, "reschedule", &torg.Pickup{ID: id})
}
