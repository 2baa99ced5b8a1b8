package store

import (
	"context"
	"fmt"
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
