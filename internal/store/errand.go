package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// PutErrand inserts an errand or, when the municipality has one with the
// same code, replaces it; it sets e.ID.
func (q *Q) PutErrand(ctx context.Context, e *torg.Errand) error {
	id, err := q.insert(ctx, `INSERT INTO errands (municipality_id, code, titles, channels, non_digital, checklist,
		service_code, phone, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (municipality_id, code) DO UPDATE SET titles = excluded.titles, channels = excluded.channels,
		non_digital = excluded.non_digital, checklist = excluded.checklist, service_code = excluded.service_code,
		phone = excluded.phone, active = excluded.active`,
		e.MunicipalityID, e.Code, toJSON(e.Titles), toJSON(e.Channels), e.NonDigital, toJSON(e.Checklist),
		e.ServiceCode, e.Phone, e.Active)
	if err != nil {
		return fmt.Errorf("store: put errand %s: %w", e.Code, err)
	}
	e.ID = id
	return nil
}

const errandCols = `id, municipality_id, code, titles, channels, non_digital, checklist, service_code, phone, active`

func scanErrand(s interface{ Scan(...any) error }) (*torg.Errand, error) {
	var e torg.Errand
	var titles, channels, checklist string
	err := s.Scan(&e.ID, &e.MunicipalityID, &e.Code, &titles, &channels, &e.NonDigital, &checklist, &e.ServiceCode,
		&e.Phone, &e.Active)
	e.Titles = fromJSON[map[string]string](titles)
	e.Channels = fromJSON[[]string](channels)
	e.Checklist = fromJSON[map[string][]string](checklist)
	return &e, err
}

// Errand returns a municipality's errand by code.
func (q *Q) Errand(ctx context.Context, municipalityID int64, code string) (*torg.Errand, error) {
	e, err := scanErrand(q.ex.QueryRowContext(ctx, `SELECT `+errandCols+` FROM errands
		WHERE municipality_id = $1 AND code = $2`, municipalityID, code))
	if err != nil {
		return nil, fmt.Errorf("store: errand %s: %w", code, mapError(err))
	}
	return e, nil
}

// Errands lists a municipality's errands in the order they were added;
// with activeOnly, only the active ones.
func (q *Q) Errands(ctx context.Context, municipalityID int64, activeOnly bool) ([]*torg.Errand, error) {
	query := `SELECT ` + errandCols + ` FROM errands WHERE municipality_id = $1`
	if activeOnly {
		query += ` AND active = $2`
	}
	query += ` ORDER BY id`
	args := []any{municipalityID}
	if activeOnly {
		args = append(args, true)
	}
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: errands: %w", err)
	}
	defer rows.Close()
	var list []*torg.Errand
	for rows.Next() {
		e, err := scanErrand(rows)
		if err != nil {
			return nil, fmt.Errorf("store: errands: %w", err)
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// AddFee adds an errand's fee from f.ValidFrom. A fee of the same errand
// that is open-ended or runs past that day ends the day before, so that
// one fee applies on each day; a fee from the same day is replaced.
func (q *Q) AddFee(ctx context.Context, municipalityID int64, f torg.Fee) error {
	if _, err := q.exec(ctx, `DELETE FROM errand_fees WHERE municipality_id = $1 AND errand_code = $2 AND valid_from = $3`,
		municipalityID, f.ErrandCode, f.ValidFrom.String()); err != nil {
		return fmt.Errorf("store: add fee: %w", err)
	}
	if _, err := q.exec(ctx, `UPDATE errand_fees SET valid_to = $1 WHERE municipality_id = $2 AND errand_code = $3
		AND valid_from < $4 AND (valid_to = '' OR valid_to >= $4)`,
		f.ValidFrom.AddDays(-1).String(), municipalityID, f.ErrandCode, f.ValidFrom.String()); err != nil {
		return fmt.Errorf("store: add fee: %w", err)
	}
	to := ""
	if !f.ValidTo.IsZero() {
		to = f.ValidTo.String()
	}
	if _, err := q.insert(ctx, `INSERT INTO errand_fees (municipality_id, errand_code, amount, valid_from, valid_to)
		VALUES ($1, $2, $3, $4, $5)`, municipalityID, f.ErrandCode, int64(f.Amount), f.ValidFrom.String(), to); err != nil {
		return fmt.Errorf("store: add fee: %w", err)
	}
	return nil
}

// Fees lists a municipality's fees, by errand and then from the earliest.
func (q *Q) Fees(ctx context.Context, municipalityID int64) ([]torg.Fee, error) {
	rows, err := q.query(ctx, `SELECT errand_code, amount, valid_from, valid_to FROM errand_fees
		WHERE municipality_id = $1 ORDER BY errand_code, valid_from`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("store: fees: %w", err)
	}
	defer rows.Close()
	var list []torg.Fee
	for rows.Next() {
		var f torg.Fee
		var amount int64
		var from, to string
		if err := rows.Scan(&f.ErrandCode, &amount, &from, &to); err != nil {
			return nil, fmt.Errorf("store: fees: %w", err)
		}
		f.Amount, f.ValidFrom = torg.Money(amount), parseDate(from)
		if to != "" {
			f.ValidTo = parseDate(to)
		}
		list = append(list, f)
	}
	return list, rows.Err()
}

// CreateGuidance records what the guide did for a visitor (CG1) and sets
// g.ID. A second guidance with the same request key is ECONFLICT.
func (q *Q) CreateGuidance(ctx context.Context, g *torg.Guidance) error {
	var key any
	if g.RequestKey != "" {
		key = g.RequestKey
	}
	id, err := q.insert(ctx, `INSERT INTO guidances (municipality_id, errand, digital, outcome, goal_reached, next,
		exemption, ticket_id, person_id, guide_id, at, request_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		g.MunicipalityID, g.Errand, g.Digital, g.Outcome, g.GoalReached, g.Next, g.Exemption, nullID(g.TicketID),
		nullID(g.PersonID), g.GuideID, micros(g.At), key)
	if err != nil {
		return fmt.Errorf("store: create guidance: %w", err)
	}
	g.ID = id
	return nil
}

const guidanceCols = `id, municipality_id, errand, digital, outcome, goal_reached, next, exemption,
	COALESCE(ticket_id, 0), COALESCE(person_id, 0), guide_id, at, COALESCE(request_key, '')`

func scanGuidance(s interface{ Scan(...any) error }) (*torg.Guidance, error) {
	var g torg.Guidance
	var at int64
	err := s.Scan(&g.ID, &g.MunicipalityID, &g.Errand, &g.Digital, &g.Outcome, &g.GoalReached, &g.Next, &g.Exemption,
		&g.TicketID, &g.PersonID, &g.GuideID, &at, &g.RequestKey)
	g.At = fromMicros(at)
	return &g, err
}

// GuidanceByKey returns the guidance recorded with a request key.
func (q *Q) GuidanceByKey(ctx context.Context, municipalityID int64, key string) (*torg.Guidance, error) {
	g, err := scanGuidance(q.ex.QueryRowContext(ctx, `SELECT `+guidanceCols+` FROM guidances
		WHERE municipality_id = $1 AND request_key = $2`, municipalityID, key))
	if err != nil {
		return nil, fmt.Errorf("store: guidance by key: %w", mapError(err))
	}
	return g, nil
}

// Guidances lists a municipality's guidances recorded in [from, to), the
// earliest first.
func (q *Q) Guidances(ctx context.Context, municipalityID int64, from, to time.Time) ([]*torg.Guidance, error) {
	rows, err := q.query(ctx, `SELECT `+guidanceCols+` FROM guidances WHERE municipality_id = $1 AND at >= $2 AND at < $3
		ORDER BY at, id`, municipalityID, micros(from), micros(to))
	if err != nil {
		return nil, fmt.Errorf("store: guidances: %w", err)
	}
	defer rows.Close()
	var list []*torg.Guidance
	for rows.Next() {
		g, err := scanGuidance(rows)
		if err != nil {
			return nil, fmt.Errorf("store: guidances: %w", err)
		}
		list = append(list, g)
	}
	return list, rows.Err()
}

// PersonExemptions lists the exemptions registered on a person, the
// latest first.
func (q *Q) PersonExemptions(ctx context.Context, municipalityID, personID int64) ([]*torg.Guidance, error) {
	rows, err := q.query(ctx, `SELECT `+guidanceCols+` FROM guidances WHERE municipality_id = $1 AND person_id = $2
		AND exemption <> '' ORDER BY at DESC, id DESC`, municipalityID, personID)
	if err != nil {
		return nil, fmt.Errorf("store: exemptions: %w", err)
	}
	defer rows.Close()
	var list []*torg.Guidance
	for rows.Next() {
		g, err := scanGuidance(rows)
		if err != nil {
			return nil, fmt.Errorf("store: exemptions: %w", err)
		}
		list = append(list, g)
	}
	return list, rows.Err()
}
