package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// DistributionRule gives the cases whose day of the month falls in
// From…To (inclusive) to one employee (DC1.4).
type DistributionRule struct {
	From, To   int
	EmployeeID int64

	EmployeeName, Initials string // filled in by queries
	Active                 bool
}

// DistributionRules lists a unit's distribution rules by first day.
func (q *Q) DistributionRules(ctx context.Context, unitID int64) ([]DistributionRule, error) {
	rows, err := q.query(ctx, `SELECT d.from_day, d.to_day, d.employee_id, e.name, e.initials, e.active
		FROM distribution_rules d JOIN employees e ON e.id = d.employee_id WHERE d.unit_id = $1 ORDER BY d.from_day`, unitID)
	if err != nil {
		return nil, fmt.Errorf("store: distribution rules: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (r DistributionRule, err error) {
		err = s.Scan(&r.From, &r.To, &r.EmployeeID, &r.EmployeeName, &r.Initials, &r.Active)
		return r, err
	})
}

// SetDistributionRules replaces a unit's distribution rules.
func (q *Q) SetDistributionRules(ctx context.Context, unitID int64, rules []DistributionRule) error {
	if _, err := q.exec(ctx, `DELETE FROM distribution_rules WHERE unit_id = $1`, unitID); err != nil {
		return fmt.Errorf("store: clear distribution rules: %w", err)
	}
	for _, r := range rules {
		if _, err := q.exec(ctx, `INSERT INTO distribution_rules (unit_id, from_day, to_day, employee_id)
			VALUES ($1, $2, $3, $4)`, unitID, r.From, r.To, r.EmployeeID); err != nil {
			return fmt.Errorf("store: set distribution rule: %w", err)
		}
	}
	return nil
}

// SaveApplication remembers the case and record a submitted application
// form made. A second save with the same key is ECONFLICT.
func (q *Q) SaveApplication(ctx context.Context, municipalityID int64, key string, caseID, recordID int64, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO applications (municipality_id, request_key, case_id, record_id, created_at)
		VALUES ($1, $2, $3, $4, $5)`, municipalityID, key, caseID, recordID, micros(now))
	if err != nil {
		return fmt.Errorf("store: save application: %w", err)
	}
	return nil
}

// ApplicationCase returns the ID of the case an application form with a
// request key went to, or ENOTFOUND.
func (q *Q) ApplicationCase(ctx context.Context, municipalityID int64, key string) (int64, error) {
	var id int64
	err := q.ex.QueryRowContext(ctx, `SELECT case_id FROM applications WHERE municipality_id = $1 AND request_key = $2`,
		municipalityID, key).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: application: %w", mapError(err))
	}
	return id, nil
}

// SelfService returns the municipality's self-service account, the author
// of the records citizens file themselves through the web form, creating
// it the first time. It is inactive and has no password: nobody logs in as it.
func (q *Q) SelfService(ctx context.Context, m *torg.Municipality, name string, now time.Time) (*torg.Employee, error) {
	user := "selfservice." + m.Code
	e, _, err := q.EmployeeLogin(ctx, user)
	if torg.ErrorCode(err) != torg.ENOTFOUND {
		return e, err
	}
	e = &torg.Employee{MunicipalityID: m.ID, Username: user, Name: name, Active: false}
	return e, q.CreateEmployee(ctx, e, "", now)
}

// Which day of the month a unit's distribution table is applied to (DC1.4).
const (
	ByBirthDay   = "birth"    // the applicant's day of birth: the default
	ByReceiptDay = "received" // the day the application was received
)

// DistributionSettings say how a unit's distribution table is applied
// (DC1.4).
type DistributionSettings struct {
	By string // ByBirthDay or ByReceiptDay
	// FallbackID takes the new cases of a counsellor who is absent; 0: the
	// unit's shared list.
	FallbackID int64

	FallbackName string // filled in by queries
}

// DistributionSettings returns a unit's settings; a unit that never saved
// any distributes by day of birth to the shared list.
func (q *Q) DistributionSettings(ctx context.Context, unitID int64) (DistributionSettings, error) {
	var s DistributionSettings
	var fallback sql.NullInt64
	var name sql.NullString
	err := q.ex.QueryRowContext(ctx, `SELECT d.by_day, d.fallback_id, e.name FROM distribution_settings d
		LEFT JOIN employees e ON e.id = d.fallback_id WHERE d.unit_id = $1`, unitID).Scan(&s.By, &fallback, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return DistributionSettings{By: ByBirthDay}, nil
	}
	if err != nil {
		return s, fmt.Errorf("store: distribution settings: %w", err)
	}
	s.FallbackID, s.FallbackName = fallback.Int64, name.String
	return s, nil
}

// SetDistributionSettings saves a unit's settings.
func (q *Q) SetDistributionSettings(ctx context.Context, unitID int64, s DistributionSettings, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO distribution_settings (unit_id, by_day, fallback_id, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (unit_id) DO UPDATE SET by_day = excluded.by_day, fallback_id = excluded.fallback_id,
		updated_at = excluded.updated_at`,
		unitID, s.By, nullID(s.FallbackID), micros(now))
	if err != nil {
		return fmt.Errorf("store: set distribution settings: %w", err)
	}
	return nil
}

// Absence is a period, From to To inclusive, in which an employee gets no
// new cases (DC1.4).
type Absence struct {
	ID         int64
	EmployeeID int64
	From, To   torg.Date
	Note       string
	CreatedBy  int64
	Created    time.Time

	EmployeeName, Initials string // filled in by queries
}

// Covers reports whether the absence includes day d.
func (a *Absence) Covers(d torg.Date) bool { return !d.Before(a.From) && !a.To.Before(d) }

const absenceCols = `a.id, a.employee_id, a.from_date, a.to_date, a.note, a.created_by, a.created_at, e.name, e.initials`

func scanAbsence(s interface{ Scan(...any) error }) (*Absence, error) {
	a := &Absence{}
	var from, to string
	var created int64
	err := s.Scan(&a.ID, &a.EmployeeID, &from, &to, &a.Note, &a.CreatedBy, &created, &a.EmployeeName, &a.Initials)
	a.From, a.To, a.Created = parseDate(from), parseDate(to), fromMicros(created)
	return a, err
}

// AddAbsence records an absence and sets its ID.
func (q *Q) AddAbsence(ctx context.Context, a *Absence, now time.Time) error {
	a.Created = now
	id, err := q.insert(ctx, `INSERT INTO absences (employee_id, from_date, to_date, note, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, a.EmployeeID, a.From.String(), a.To.String(), a.Note, a.CreatedBy, micros(now))
	if err != nil {
		return fmt.Errorf("store: add absence: %w", err)
	}
	a.ID = id
	return nil
}

// Absence returns one absence, or ENOTFOUND.
func (q *Q) Absence(ctx context.Context, id int64) (*Absence, error) {
	a, err := scanAbsence(q.ex.QueryRowContext(ctx, `SELECT `+absenceCols+` FROM absences a
		JOIN employees e ON e.id = a.employee_id WHERE a.id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("store: absence %d: %w", id, mapError(err))
	}
	return a, nil
}

// DeleteAbsence removes an absence.
func (q *Q) DeleteAbsence(ctx context.Context, id int64) error {
	if _, err := q.exec(ctx, `DELETE FROM absences WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: delete absence %d: %w", id, err)
	}
	return nil
}

// Absences lists the absences of the given employees that end on or after
// since, by first day.
func (q *Q) Absences(ctx context.Context, employeeIDs []int64, since torg.Date) ([]*Absence, error) {
	if len(employeeIDs) == 0 {
		return nil, nil
	}
	args := []any{since.String()}
	marks := make([]string, len(employeeIDs))
	for i, id := range employeeIDs {
		args = append(args, id)
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	rows, err := q.query(ctx, `SELECT `+absenceCols+` FROM absences a JOIN employees e ON e.id = a.employee_id
		WHERE a.to_date >= $1 AND a.employee_id IN (`+strings.Join(marks, ", ")+`) ORDER BY a.from_date, e.name, a.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: absences: %w", err)
	}
	return collect(rows, scanAbsence)
}

// AbsentOn returns the absence of an employee that covers day d, or nil.
func (q *Q) AbsentOn(ctx context.Context, employeeID int64, d torg.Date) (*Absence, error) {
	a, err := scanAbsence(q.ex.QueryRowContext(ctx, `SELECT `+absenceCols+` FROM absences a
		JOIN employees e ON e.id = a.employee_id WHERE a.employee_id = $1 AND a.from_date <= $2 AND a.to_date >= $2
		ORDER BY a.to_date DESC LIMIT 1`, employeeID, d.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: absence of %d on %s: %w", employeeID, d, err)
	}
	return a, nil
}

// LockPerson keeps other transactions from filing for the same person
// until this one ends, so that two applications sent at once cannot both
// open a case (DC1.1). SQLite has one writer and needs no lock.
func (q *Q) LockPerson(ctx context.Context, personID int64) error {
	if q.dialect != Postgres {
		return nil
	}
	var id int64
	if err := q.ex.QueryRowContext(ctx, `SELECT id FROM persons WHERE id = $1 FOR UPDATE`, personID).Scan(&id); err != nil {
		return fmt.Errorf("store: lock person %d: %w", personID, mapError(err))
	}
	return nil
}
