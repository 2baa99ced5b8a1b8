package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

const caseCols = `c.id, c.municipality_id, c.unit_id, c.type, c.title, c.year, c.seq, COALESCE(c.responsible_id, 0),
	c.status, c.markers, c.created_at, c.updated_at, c.closed_at, u.name, COALESCE(e.name, '')`

const caseFrom = ` FROM cases c JOIN units u ON u.id = c.unit_id LEFT JOIN employees e ON e.id = c.responsible_id `

func scanCase(s interface{ Scan(...any) error }) (*torg.Case, error) {
	var c torg.Case
	var markers string
	var created, updated, closed int64
	err := s.Scan(&c.ID, &c.MunicipalityID, &c.UnitID, &c.Type, &c.Title, &c.Year, &c.Seq, &c.ResponsibleID,
		&c.Status, &markers, &created, &updated, &closed, &c.UnitName, &c.ResponsibleName)
	c.Markers = fromJSON[[]string](markers)
	c.Created, c.Updated, c.Closed = fromMicros(created), fromMicros(updated), fromMicros(closed)
	return &c, err
}

// CreateCase inserts c with the next sequence number of its year and sets
// its ID, Year and Seq.
func (q *Q) CreateCase(ctx context.Context, c *torg.Case, now time.Time) error {
	c.Year = now.Year()
	err := q.ex.QueryRowContext(ctx, `INSERT INTO case_seq (municipality_id, year, last) VALUES ($1, $2, 1)
		ON CONFLICT (municipality_id, year) DO UPDATE SET last = case_seq.last + 1 RETURNING last`,
		c.MunicipalityID, c.Year).Scan(&c.Seq)
	if err != nil {
		return fmt.Errorf("store: case number: %w", mapError(err))
	}
	if c.Status == "" {
		c.Status = torg.CaseCreated
	}
	c.Created, c.Updated = now, now
	c.ID, err = q.insert(ctx, `INSERT INTO cases (municipality_id, unit_id, type, title, year, seq, responsible_id,
		status, markers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		c.MunicipalityID, c.UnitID, c.Type, c.Title, c.Year, c.Seq, nullID(c.ResponsibleID), c.Status,
		toJSON(c.Markers), micros(now))
	if err != nil {
		return fmt.Errorf("store: create case: %w", err)
	}
	return nil
}

// Case returns case id in a municipality with its parties.
func (q *Q) Case(ctx context.Context, municipalityID, id int64) (*torg.Case, error) {
	c, err := scanCase(q.ex.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+`WHERE c.id = $1 AND c.municipality_id = $2`,
		id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: case %d: %w", id, mapError(err))
	}
	c.Parties, err = q.Parties(ctx, id)
	return c, err
}

// GeneralCase returns a unit's general-inquiries case of a year, or
// ENOTFOUND.
func (q *Q) GeneralCase(ctx context.Context, unitID int64, year int) (*torg.Case, error) {
	c, err := scanCase(q.ex.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+`WHERE c.unit_id = $1 AND c.type = $2
		AND c.year = $3 ORDER BY c.id LIMIT 1`, unitID, torg.CaseTypeGeneral, year))
	if err != nil {
		return nil, fmt.Errorf("store: general case: %w", mapError(err))
	}
	return c, nil
}

// PersonCases lists the cases where a person is a party, newest first.
func (q *Q) PersonCases(ctx context.Context, municipalityID, personID int64) ([]*torg.Case, error) {
	rows, err := q.query(ctx, `SELECT `+caseCols+caseFrom+`WHERE c.municipality_id = $1 AND c.id IN
		(SELECT case_id FROM parties WHERE person_id = $2) ORDER BY c.created_at DESC, c.id DESC`, municipalityID, personID)
	if err != nil {
		return nil, fmt.Errorf("store: person cases: %w", err)
	}
	return collect(rows, scanCase)
}

// ResponsibleCases lists the active cases an employee is responsible for.
func (q *Q) ResponsibleCases(ctx context.Context, employeeID int64) ([]*torg.Case, error) {
	rows, err := q.query(ctx, `SELECT `+caseCols+caseFrom+`WHERE c.responsible_id = $1 AND c.status IN ('R', 'B', 'F')
		ORDER BY c.year, c.seq`, employeeID)
	if err != nil {
		return nil, fmt.Errorf("store: responsible cases: %w", err)
	}
	return collect(rows, scanCase)
}

// SetCaseStatus changes a case's status. Closing it (any status but R, B
// and F) also settles its open tasks.
func (q *Q) SetCaseStatus(ctx context.Context, id int64, s torg.CaseStatus, now time.Time) error {
	closed := int64(0)
	if !s.Active() {
		closed = micros(now)
	}
	if _, err := q.exec(ctx, `UPDATE cases SET status = $1, closed_at = $2, updated_at = $3 WHERE id = $4`,
		s, closed, micros(now), id); err != nil {
		return fmt.Errorf("store: set case status: %w", err)
	}
	if s.Active() {
		return nil
	}
	// A closed case has no work left: what its tasks still asked for is
	// settled by the closing, and they leave the work lists.
	if _, err := q.exec(ctx, `UPDATE tasks SET done_at = $1 WHERE case_id = $2 AND done_at = 0`, micros(now), id); err != nil {
		return fmt.Errorf("store: close the tasks of case %d: %w", id, err)
	}
	return nil
}

// SetResponsible makes an employee responsible for a case.
func (q *Q) SetResponsible(ctx context.Context, caseID, employeeID int64, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE cases SET responsible_id = $1, updated_at = $2 WHERE id = $3`, nullID(employeeID), micros(now), caseID)
	return err
}

// AddParty adds a party to a case and sets its ID.
func (q *Q) AddParty(ctx context.Context, p *torg.Party) error {
	id, err := q.insert(ctx, `INSERT INTO parties (case_id, person_id, org_name, role) VALUES ($1, $2, $3, $4)`,
		p.CaseID, nullID(p.PersonID), p.OrgName, p.Role)
	if err != nil {
		return fmt.Errorf("store: add party: %w", err)
	}
	p.ID = id
	return nil
}

// Parties lists a case's parties.
func (q *Q) Parties(ctx context.Context, caseID int64) ([]torg.Party, error) {
	rows, err := q.query(ctx, `SELECT p.id, p.case_id, COALESCE(p.person_id, 0), p.org_name, p.role,
		COALESCE(s.given_name || ' ' || s.family_name, p.org_name), COALESCE(s.protection, 0)
		FROM parties p LEFT JOIN persons s ON s.id = p.person_id WHERE p.case_id = $1 ORDER BY p.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: parties: %w", err)
	}
	return collect(rows, scanParty)
}

func scanParty(s interface{ Scan(...any) error }) (p torg.Party, err error) {
	var prot int
	err = s.Scan(&p.ID, &p.CaseID, &p.PersonID, &p.OrgName, &p.Role, &p.Name, &prot)
	p.Protection = torg.Protection(prot)
	return p, err
}

// TouchCase bumps a case's record counter and returns the next journal
// post number. On PostgreSQL this also locks the case row until commit.
func (q *Q) TouchCase(ctx context.Context, caseID int64, now time.Time) (int, error) {
	var n int
	err := q.ex.QueryRowContext(ctx, `UPDATE cases SET record_count = record_count + 1, updated_at = $1
		WHERE id = $2 RETURNING record_count`, micros(now), caseID).Scan(&n)
	if err == sql.ErrNoRows {
		return 0, fmt.Errorf("store: case %d: %w", caseID, mapError(err))
	}
	return n, mapError(err)
}

// AddMarker puts a marker on a case, once.
func (q *Q) AddMarker(ctx context.Context, caseID int64, marker string, now time.Time) error {
	var raw string
	if err := q.ex.QueryRowContext(ctx, `SELECT markers FROM cases WHERE id = $1`, caseID).Scan(&raw); err != nil {
		return fmt.Errorf("store: case %d markers: %w", caseID, mapError(err))
	}
	markers := fromJSON[[]string](raw)
	for _, m := range markers {
		if m == marker {
			return nil
		}
	}
	_, err := q.exec(ctx, `UPDATE cases SET markers = $1, updated_at = $2 WHERE id = $3`,
		toJSON(append(markers, marker)), micros(now), caseID)
	return err
}

// maxIn is the most IDs CasesByID puts in one IN list.
const maxIn = 256

// CasesByID returns the cases among ids that are in the municipality, with
// their parties, keyed by ID: what Case returns for each, in two queries per
// 256 IDs instead of two per case.
func (q *Q) CasesByID(ctx context.Context, municipalityID int64, ids []int64) (map[int64]*torg.Case, error) {
	out := map[int64]*torg.Case{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), maxIn)]
		ids = ids[len(chunk):]
		in, args := idList(2, chunk)
		rows, err := q.query(ctx, `SELECT `+caseCols+caseFrom+`WHERE c.municipality_id = $1 AND c.id IN (`+in+`)`,
			append([]any{municipalityID}, args...)...)
		if err != nil {
			return nil, fmt.Errorf("store: cases: %w", err)
		}
		cs, err := collect(rows, scanCase)
		if err != nil {
			return nil, fmt.Errorf("store: cases: %w", err)
		}
		for _, c := range cs {
			out[c.ID] = c
		}
		in, args = idList(1, chunk)
		rows, err = q.query(ctx, `SELECT p.id, p.case_id, COALESCE(p.person_id, 0), p.org_name, p.role,
			COALESCE(s.given_name || ' ' || s.family_name, p.org_name), COALESCE(s.protection, 0)
			FROM parties p LEFT JOIN persons s ON s.id = p.person_id WHERE p.case_id IN (`+in+`) ORDER BY p.id`, args...)
		if err != nil {
			return nil, fmt.Errorf("store: parties: %w", err)
		}
		ps, err := collect(rows, scanParty)
		if err != nil {
			return nil, fmt.Errorf("store: parties: %w", err)
		}
		for _, p := range ps {
			if c := out[p.CaseID]; c != nil {
				c.Parties = append(c.Parties, p)
			}
		}
	}
	return out, nil
}

// idList returns placeholders from $from for ids and their arguments. The
// list is padded with its last ID to 8, 16, 32 … entries, so that lists of
// any length share a few prepared statements instead of filling the cache.
func idList(from int, ids []int64) (string, []any) {
	n := 8
	for n < len(ids) {
		n *= 2
	}
	args := make([]any, n)
	for i := range n {
		args[i] = ids[min(i, len(ids)-1)]
	}
	return placeholders(from, n), args
}
