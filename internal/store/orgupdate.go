package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/torg-kommune/torg"
)

// UpdateMunicipality stores m's name, country, language and time zone.
func (q *Q) UpdateMunicipality(ctx context.Context, m *torg.Municipality) error {
	res, err := q.exec(ctx, `UPDATE municipalities SET name = $1, country = $2, language = $3, time_zone = $4
		WHERE id = $5`, m.Name, m.Country, m.Language, m.TimeZone, m.ID)
	return oneRow(res, err, "update municipality", m.ID)
}

// UpdateUnit stores every field of u but its municipality.
func (q *Q) UpdateUnit(ctx context.Context, u *torg.Unit) error {
	res, err := q.exec(ctx, `UPDATE units SET code = $1, name = $2, inquiry_title = $3, shelf = $4,
		required_docs = $5, message_channel = $6, phone = $7 WHERE id = $8`, u.Code, u.Name, u.InquiryTitle, u.Shelf,
		toJSON(u.RequiredDocs), u.MessageChannel, u.Phone, u.ID)
	return oneRow(res, err, "update unit", u.ID)
}

// UpdateEmployee stores e's name, initials, e-mail address, roles,
// clearance, language and active flag, and replaces its units with e.Units.
// The username, municipality and password stay as they are.
func (q *Q) UpdateEmployee(ctx context.Context, e *torg.Employee) error {
	res, err := q.exec(ctx, `UPDATE employees SET name = $1, initials = $2, email = $3, roles = $4, clearance = $5,
		language = $6, active = $7 WHERE id = $8`, e.Name, e.Initials, e.Email, toJSON(e.Roles), int(e.Clearance),
		e.Language, e.Active, e.ID)
	if err := oneRow(res, err, "update employee", e.ID); err != nil {
		return err
	}
	if _, err := q.exec(ctx, `DELETE FROM employee_units WHERE employee_id = $1`, e.ID); err != nil {
		return fmt.Errorf("store: update employee %d: units: %w", e.ID, err)
	}
	for _, u := range e.Units {
		if _, err := q.exec(ctx, `INSERT INTO employee_units (employee_id, unit_id) VALUES ($1, $2)`, e.ID, u); err != nil {
			return fmt.Errorf("store: update employee %d: unit %d: %w", e.ID, u, err)
		}
	}
	return nil
}

// SetPassword stores a new password hash for employee id.
func (q *Q) SetPassword(ctx context.Context, employeeID int64, hash string) error {
	res, err := q.exec(ctx, `UPDATE employees SET password_hash = $1 WHERE id = $2`, hash, employeeID)
	return oneRow(res, err, "set password of employee", employeeID)
}

// DeleteEmployeeSessions ends every session of an employee and returns how
// many there were. API tokens are not sessions and stay valid.
func (q *Q) DeleteEmployeeSessions(ctx context.Context, employeeID int64) (int64, error) {
	res, err := q.exec(ctx, `DELETE FROM sessions WHERE employee_id = $1`, employeeID)
	if err != nil {
		return 0, fmt.Errorf("store: end sessions of employee %d: %w", employeeID, err)
	}
	return res.RowsAffected()
}

// oneRow checks that an UPDATE by id found its row: none is ENOTFOUND.
func oneRow(res sql.Result, err error, what string, id int64) error {
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", what, id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", what, id, err)
	}
	if n == 0 {
		return fmt.Errorf("store: %s %d: %w", what, id, mapError(sql.ErrNoRows))
	}
	return nil
}
