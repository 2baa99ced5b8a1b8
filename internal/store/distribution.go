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

// Kinds of absence (FD4). A reduced day is a part of each day in the
// period; every other kind keeps the employee away whole days.
const (
	AbsenceSick       = "sick"
	AbsenceVacation   = "vacation"
	AbsenceCourse     = "course"
	AbsenceReducedDay = "reduced_day"
	AbsenceOther      = "other" // also the kind of absences recorded before kinds existed
)

// AbsenceKinds lists the kinds in the order forms offer them.
var AbsenceKinds = []string{AbsenceSick, AbsenceVacation, AbsenceCourse, AbsenceReducedDay, AbsenceOther}

// Absence is a period, From to To inclusive, in which an employee is away
// (FD4): whole days, so that they get no new cases (DC1.4), or, for a
// reduced day, from AwayFrom to AwayTo ("12:00", "15:30") on each day.
type Absence struct {
	ID               int64
	EmployeeID       int64
	Kind             string
	From, To         torg.Date
	AwayFrom, AwayTo string // a reduced day's hours away; empty for whole days
	Note             string
	CreatedBy        int64
	Created          time.Time

	EmployeeName, Initials string // filled in by queries
}

// Covers reports whether the absence includes day d.
func (a *Absence) Covers(d torg.Date) bool { return !d.Before(a.From) && !a.To.Before(d) }

// WholeDays reports whether the absence keeps the employee away all day,
// which every kind but a reduced day does.
func (a *Absence) WholeDays() bool { return a.Kind != AbsenceReducedDay }

const absenceCols = `a.id, a.employee_id, a.kind, a.from_date, a.to_date, a.away_from, a.away_to, a.note, a.created_by,
	a.created_at, e.name, e.initials`

func scanAbsence(s interface{ Scan(...any) error }) (*Absence, error) {
	a := &Absence{}
	var from, to string
	var created int64
	err := s.Scan(&a.ID, &a.EmployeeID, &a.Kind, &from, &to, &a.AwayFrom, &a.AwayTo, &a.Note, &a.CreatedBy, &created,
		&a.EmployeeName, &a.Initials)
	a.From, a.To, a.Created = parseDate(from), parseDate(to), fromMicros(created)
	return a, err
}

// AddAbsence records an absence and sets its ID.
func (q *Q) AddAbsence(ctx context.Context, a *Absence, now time.Time) error {
	a.Created = now
	if a.Kind == "" {
		a.Kind = AbsenceOther
	}
	id, err := q.insert(ctx, `INSERT INTO absences (employee_id, kind, from_date, to_date, away_from, away_to, note,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		a.EmployeeID, a.Kind, a.From.String(), a.To.String(), a.AwayFrom, a.AwayTo, a.Note, a.CreatedBy, micros(now))
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

// DeleteAbsence removes an absence and the marks of whom the leader told.
func (q *Q) DeleteAbsence(ctx context.Context, id int64) error {
	if _, err := q.exec(ctx, `DELETE FROM absence_informed WHERE absence_id = $1`, id); err != nil {
		return fmt.Errorf("store: delete absence %d: %w", id, err)
	}
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

// AbsentOn returns the absence of an employee that keeps them away all of
// day d, or nil: a reduced day does not.
func (q *Q) AbsentOn(ctx context.Context, employeeID int64, d torg.Date) (*Absence, error) {
	a, err := scanAbsence(q.ex.QueryRowContext(ctx, `SELECT `+absenceCols+` FROM absences a
		JOIN employees e ON e.id = a.employee_id WHERE a.employee_id = $1 AND a.from_date <= $2 AND a.to_date >= $2
		AND a.kind <> 'reduced_day' ORDER BY a.to_date DESC LIMIT 1`, employeeID, d.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: absence of %d on %s: %w", employeeID, d, err)
	}
	return a, nil
}

// InformedMark says who marked the people of one meeting as told of an
// absence, and when (FD4.2, FD4.4).
type InformedMark struct {
	AppointmentID int64
	By            int64
	At            time.Time

	ByName string // filled in by queries
}

// MarkInformed records that the people of a meeting were told of an
// absence. Marking it again keeps the first mark.
func (q *Q) MarkInformed(ctx context.Context, absenceID, appointmentID, by int64, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO absence_informed (absence_id, appointment_id, informed_by, informed_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (absence_id, appointment_id) DO NOTHING`,
		absenceID, appointmentID, by, micros(now))
	if err != nil {
		return fmt.Errorf("store: mark informed: %w", err)
	}
	return nil
}

// InformedMarks returns the marks of an absence by appointment ID.
func (q *Q) InformedMarks(ctx context.Context, absenceID int64) (map[int64]InformedMark, error) {
	rows, err := q.query(ctx, `SELECT i.appointment_id, i.informed_by, i.informed_at, e.name FROM absence_informed i
		JOIN employees e ON e.id = i.informed_by WHERE i.absence_id = $1`, absenceID)
	if err != nil {
		return nil, fmt.Errorf("store: informed marks: %w", err)
	}
	marks, err := collect(rows, func(s interface{ Scan(...any) error }) (m InformedMark, err error) {
		var at int64
		err = s.Scan(&m.AppointmentID, &m.By, &at, &m.ByName)
		m.At = fromMicros(at)
		return m, err
	})
	out := make(map[int64]InformedMark, len(marks))
	for _, m := range marks {
		out[m.AppointmentID] = m
	}
	return out, err
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
