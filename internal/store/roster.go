package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// GuideShifts lists the guide roster of a municipality on day, by hour and
// name (CG13).
func (q *Q) GuideShifts(ctx context.Context, municipalityID int64, day torg.Date) ([]*torg.GuideShift, error) {
	rows, err := q.query(ctx, `SELECT g.municipality_id, g.day, g.hour, g.employee_id, e.name, e.initials
		FROM guide_shifts g JOIN employees e ON e.id = g.employee_id
		WHERE g.municipality_id = $1 AND g.day = $2 ORDER BY g.hour, e.name, e.id`, municipalityID, day.String())
	if err != nil {
		return nil, fmt.Errorf("store: guide shifts %s: %w", day, err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (*torg.GuideShift, error) {
		g := &torg.GuideShift{}
		var d string
		err := s.Scan(&g.MunicipalityID, &d, &g.Hour, &g.EmployeeID, &g.EmployeeName, &g.Initials)
		g.Day = parseDate(d)
		return g, err
	})
}

// SetGuideHours replaces the hours an employee is guide on day with hours
// (CG13); no hours takes them off the roster that day.
func (q *Q) SetGuideHours(ctx context.Context, municipalityID int64, day torg.Date, employeeID int64, hours []int,
	by int64, now time.Time) error {
	if _, err := q.exec(ctx, `DELETE FROM guide_shifts WHERE municipality_id = $1 AND day = $2 AND employee_id = $3`,
		municipalityID, day.String(), employeeID); err != nil {
		return fmt.Errorf("store: clear guide hours: %w", err)
	}
	for _, h := range hours {
		if _, err := q.exec(ctx, `INSERT INTO guide_shifts (municipality_id, day, hour, employee_id, set_by, set_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, municipalityID, day.String(), h, employeeID, by, micros(now)); err != nil {
			return fmt.Errorf("store: guide hour %d: %w", h, err)
		}
	}
	return nil
}

// MunicipalityEmployees lists the active employees of a municipality by
// name, without their units.
func (q *Q) MunicipalityEmployees(ctx context.Context, municipalityID int64) ([]*torg.Employee, error) {
	rows, err := q.query(ctx, `SELECT `+employeeCols+` FROM employees WHERE municipality_id = $1 AND active
		ORDER BY name, id`, municipalityID)
	if err != nil {
		return nil, fmt.Errorf("store: employees of %d: %w", municipalityID, err)
	}
	return collect(rows, scanEmployee)
}
