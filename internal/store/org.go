package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// CreateMunicipality inserts m and sets its ID.
func (q *Q) CreateMunicipality(ctx context.Context, m *torg.Municipality) error {
	id, err := q.insert(ctx, `INSERT INTO municipalities (code, name, country, language, time_zone)
		VALUES ($1, $2, $3, $4, $5)`, m.Code, m.Name, m.Country, m.Language, m.TimeZone)
	m.ID = id
	return err
}

// Municipality returns municipality id.
func (q *Q) Municipality(ctx context.Context, id int64) (*torg.Municipality, error) {
	return q.municipality(ctx, `WHERE id = $1`, id)
}

// MunicipalityByCode returns the municipality with the given code.
func (q *Q) MunicipalityByCode(ctx context.Context, code string) (*torg.Municipality, error) {
	return q.municipality(ctx, `WHERE code = $1`, code)
}

func (q *Q) municipality(ctx context.Context, where string, args ...any) (*torg.Municipality, error) {
	var m torg.Municipality
	err := q.ex.QueryRowContext(ctx, `SELECT id, code, name, country, language, time_zone
		FROM municipalities `+where, args...).Scan(&m.ID, &m.Code, &m.Name, &m.Country, &m.Language, &m.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("store: municipality: %w", mapError(err))
	}
	return &m, nil
}

// CreateUnit inserts u and sets its ID.
func (q *Q) CreateUnit(ctx context.Context, u *torg.Unit) error {
	id, err := q.insert(ctx, `INSERT INTO units (municipality_id, code, name, inquiry_title, shelf, required_docs,
		message_channel, phone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, u.MunicipalityID, u.Code, u.Name,
		u.InquiryTitle, u.Shelf, toJSON(u.RequiredDocs), u.MessageChannel, u.Phone)
	u.ID = id
	return err
}

const unitCols = `id, municipality_id, code, name, inquiry_title, shelf, required_docs, message_channel, phone`

func scanUnit(s interface{ Scan(...any) error }) (*torg.Unit, error) {
	var u torg.Unit
	var docs string
	err := s.Scan(&u.ID, &u.MunicipalityID, &u.Code, &u.Name, &u.InquiryTitle, &u.Shelf, &docs, &u.MessageChannel, &u.Phone)
	u.RequiredDocs = fromJSON[[]string](docs)
	return &u, err
}

// Unit returns unit id.
func (q *Q) Unit(ctx context.Context, id int64) (*torg.Unit, error) {
	u, err := scanUnit(q.ex.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("store: unit %d: %w", id, mapError(err))
	}
	return u, nil
}

// UnitByCode returns the unit with the given code in a municipality.
func (q *Q) UnitByCode(ctx context.Context, municipalityID int64, code string) (*torg.Unit, error) {
	u, err := scanUnit(q.ex.QueryRowContext(ctx, `SELECT `+unitCols+` FROM units
		WHERE municipality_id = $1 AND code = $2`, municipalityID, code))
	if err != nil {
		return nil, fmt.Errorf("store: unit %q: %w", code, mapError(err))
	}
	return u, nil
}

// Units lists a municipality's units by name.
func (q *Q) Units(ctx context.Context, municipalityID int64) ([]*torg.Unit, error) {
	rows, err := q.query(ctx, `SELECT `+unitCols+` FROM units WHERE municipality_id = $1 ORDER BY name`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("store: units: %w", err)
	}
	return collect(rows, scanUnit)
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan: %w", err)
		}
		out = append(out, v)
	}
	return out, mapError(rows.Err())
}

// CreateEmployee inserts e with a password hash and its units.
func (q *Q) CreateEmployee(ctx context.Context, e *torg.Employee, passwordHash string, now time.Time) error {
	id, err := q.insert(ctx, `INSERT INTO employees (municipality_id, username, name, initials, email, password_hash,
		roles, clearance, language, active, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.MunicipalityID, strings.ToLower(e.Username), e.Name, e.Initials, e.Email, passwordHash,
		toJSON(e.Roles), int(e.Clearance), e.Language, e.Active, micros(now))
	if err != nil {
		return fmt.Errorf("store: create employee %s: %w", e.Username, err)
	}
	e.ID = id
	for _, u := range e.Units {
		if _, err := q.exec(ctx, `INSERT INTO employee_units (employee_id, unit_id) VALUES ($1, $2)`, id, u); err != nil {
			return fmt.Errorf("store: employee unit: %w", err)
		}
	}
	return nil
}

const employeeCols = `id, municipality_id, username, name, initials, email, roles, clearance, language, active`

// employeeColsOf is employeeCols of the employees table under alias a.
func employeeColsOf(a string) string {
	return a + "." + strings.ReplaceAll(employeeCols, ", ", ", "+a+".")
}

func scanEmployee(s interface{ Scan(...any) error }) (*torg.Employee, error) {
	var e torg.Employee
	var roles string
	var clearance int
	err := s.Scan(&e.ID, &e.MunicipalityID, &e.Username, &e.Name, &e.Initials, &e.Email, &roles, &clearance, &e.Language, &e.Active)
	e.Roles = fromJSON[[]torg.Role](roles)
	e.Clearance = torg.Protection(clearance)
	return &e, err
}

// Employee returns employee id with their units.
func (q *Q) Employee(ctx context.Context, id int64) (*torg.Employee, error) {
	e, err := scanEmployee(q.ex.QueryRowContext(ctx, `SELECT `+employeeCols+` FROM employees WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("store: employee %d: %w", id, mapError(err))
	}
	return e, q.loadUnits(ctx, e)
}

// EmployeeLogin returns the employee with username and their password hash.
func (q *Q) EmployeeLogin(ctx context.Context, username string) (*torg.Employee, string, error) {
	var hash string
	row := q.ex.QueryRowContext(ctx, `SELECT password_hash, `+employeeCols+` FROM employees WHERE username = $1`,
		strings.ToLower(strings.TrimSpace(username)))
	e, err := scanEmployee(scanPrefix{row, &hash})
	if err != nil {
		return nil, "", fmt.Errorf("store: login: %w", mapError(err))
	}
	return e, hash, q.loadUnits(ctx, e)
}

// scanPrefix scans leading columns into pre before handing the rest on.
type scanPrefix struct {
	s   interface{ Scan(...any) error }
	pre *string
}

func (p scanPrefix) Scan(dest ...any) error { return p.s.Scan(append([]any{p.pre}, dest...)...) }

func (q *Q) loadUnits(ctx context.Context, e *torg.Employee) error {
	rows, err := q.query(ctx, `SELECT unit_id FROM employee_units WHERE employee_id = $1 ORDER BY unit_id`, e.ID)
	if err != nil {
		return fmt.Errorf("store: employee units: %w", err)
	}
	e.Units, err = collect(rows, func(s interface{ Scan(...any) error }) (id int64, err error) { return id, s.Scan(&id) })
	return err
}

// UnitEmployees lists the active employees of a unit with role r, by name.
func (q *Q) UnitEmployees(ctx context.Context, unitID int64, r torg.Role) ([]*torg.Employee, error) {
	rows, err := q.query(ctx, `SELECT `+employeeCols+` FROM employees WHERE active = $1 AND id IN
		(SELECT employee_id FROM employee_units WHERE unit_id = $2) ORDER BY name`, true, unitID)
	if err != nil {
		return nil, fmt.Errorf("store: unit employees: %w", err)
	}
	all, err := collect(rows, scanEmployee)
	var out []*torg.Employee
	for _, e := range all {
		if e.Has(r) {
			e.Units = []int64{unitID}
			out = append(out, e)
		}
	}
	return out, err
}

// UnitHasRole tells whether unit has an active employee with role r.
func (q *Q) UnitHasRole(ctx context.Context, unitID int64, r torg.Role) (bool, error) {
	rows, err := q.query(ctx, `SELECT e.roles FROM employee_units eu JOIN employees e ON e.id = eu.employee_id
		WHERE eu.unit_id = $1 AND e.active = $2 AND e.roles LIKE $3`, unitID, true, `%"`+string(r)+`"%`)
	if err != nil {
		return false, fmt.Errorf("store: unit roles: %w", err)
	}
	defer rows.Close()
	for rows.Next() { // LIKE narrows; the JSON decides
		var roles string
		if err := rows.Scan(&roles); err != nil {
			return false, fmt.Errorf("store: unit roles: %w", err)
		}
		if slices.Contains(fromJSON[[]torg.Role](roles), r) {
			return true, nil
		}
	}
	return false, mapError(rows.Err())
}

// EmployeeNames maps keys, each an employee's username or ID as routine
// histories record who acted, to the names of the municipality's
// employees they denote; keys that denote nobody are left out.
func (q *Q) EmployeeNames(ctx context.Context, municipalityID int64, keys []string) (map[string]string, error) {
	out := map[string]string{}
	seen := map[string]bool{"": true}
	for _, k := range keys {
		if seen[k] {
			continue
		}
		seen[k] = true
		var name string
		query := `SELECT name FROM employees WHERE municipality_id = $1 AND username = $2`
		var arg any = k
		if id, err := strconv.ParseInt(k, 10, 64); err == nil {
			query, arg = `SELECT name FROM employees WHERE municipality_id = $1 AND id = $2`, id
		}
		switch err := q.ex.QueryRowContext(ctx, query, municipalityID, arg).Scan(&name); {
		case err == nil:
			out[k] = name
		case !errors.Is(err, sql.ErrNoRows):
			return nil, fmt.Errorf("store: employee names: %w", mapError(err))
		}
	}
	return out, nil
}
