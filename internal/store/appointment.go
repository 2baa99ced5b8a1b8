package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

const apptCols = `a.id, a.municipality_id, a.case_id, a.counsellor_id, a.start_at, a.end_at, a.place, a.with_agency,
	a.interpreter, a.status, a.status_at, a.created_at, c.year, c.seq`

func scanAppointment(s interface{ Scan(...any) error }) (*torg.Appointment, error) {
	a := &torg.Appointment{}
	var start, end, statusAt, created int64
	err := s.Scan(&a.ID, &a.MunicipalityID, &a.CaseID, &a.CounsellorID, &start, &end, &a.Place, &a.WithAgency,
		&a.Interpreter, &a.Status, &statusAt, &created, &a.CaseYear, &a.CaseSeq)
	a.Start, a.End, a.StatusAt, a.Created = fromMicros(start), fromMicros(end), fromMicros(statusAt), fromMicros(created)
	return a, err
}

// CreateAppointment stores a new appointment and sets its ID.
func (q *Q) CreateAppointment(ctx context.Context, a *torg.Appointment, now time.Time) error {
	if a.Status == "" {
		a.Status = torg.AppointmentBooked
	}
	a.Created, a.StatusAt = now, now
	id, err := q.insert(ctx, `INSERT INTO appointments (municipality_id, case_id, counsellor_id, start_at, end_at, place,
		with_agency, interpreter, status, status_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		a.MunicipalityID, a.CaseID, a.CounsellorID, micros(a.Start), micros(a.End), a.Place, a.WithAgency,
		a.Interpreter, a.Status, micros(now))
	if err != nil {
		return fmt.Errorf("store: create appointment: %w", err)
	}
	a.ID = id
	return nil
}

// Appointment returns one appointment of a municipality, or ENOTFOUND.
func (q *Q) Appointment(ctx context.Context, municipalityID, id int64) (*torg.Appointment, error) {
	a, err := scanAppointment(q.ex.QueryRowContext(ctx, `SELECT `+apptCols+` FROM appointments a
		JOIN cases c ON c.id = a.case_id WHERE a.municipality_id = $1 AND a.id = $2`, municipalityID, id))
	if err != nil {
		return nil, fmt.Errorf("store: appointment: %w", mapError(err))
	}
	return a, nil
}

// CaseAppointments lists a case's appointments by start.
func (q *Q) CaseAppointments(ctx context.Context, caseID int64) ([]*torg.Appointment, error) {
	rows, err := q.query(ctx, `SELECT `+apptCols+` FROM appointments a JOIN cases c ON c.id = a.case_id
		WHERE a.case_id = $1 ORDER BY a.start_at, a.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: case appointments: %w", err)
	}
	return collect(rows, scanAppointment)
}

// CounsellorAppointments lists a counsellor's appointments that start in
// [from, to), by start.
func (q *Q) CounsellorAppointments(ctx context.Context, counsellorID int64, from, to time.Time) ([]*torg.Appointment, error) {
	rows, err := q.query(ctx, `SELECT `+apptCols+` FROM appointments a JOIN cases c ON c.id = a.case_id
		WHERE a.counsellor_id = $1 AND a.start_at >= $2 AND a.start_at < $3 ORDER BY a.start_at, a.id`,
		counsellorID, micros(from), micros(to))
	if err != nil {
		return nil, fmt.Errorf("store: counsellor appointments: %w", err)
	}
	return collect(rows, scanAppointment)
}

// SetAppointmentStatus changes an appointment's status, noting that it
// changed at.
func (q *Q) SetAppointmentStatus(ctx context.Context, id int64, status string, at time.Time) error {
	res, err := q.exec(ctx, `UPDATE appointments SET status = $1, status_at = $2 WHERE id = $3`, status, micros(at), id)
	if err != nil {
		return fmt.Errorf("store: set appointment status: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &torg.Error{Code: torg.ENOTFOUND, Key: "error.not_found"}
	}
	return nil
}

// SetCalendarFeed stores the hash of an employee's calendar feed token,
// replacing any earlier one.
func (q *Q) SetCalendarFeed(ctx context.Context, employeeID int64, tokenHash string, now time.Time) error {
	if _, err := q.exec(ctx, `DELETE FROM calendar_feeds WHERE employee_id = $1`, employeeID); err != nil {
		return fmt.Errorf("store: clear calendar feed: %w", err)
	}
	if _, err := q.exec(ctx, `INSERT INTO calendar_feeds (employee_id, token_hash, created_at) VALUES ($1, $2, $3)`,
		employeeID, tokenHash, micros(now)); err != nil {
		return fmt.Errorf("store: set calendar feed: %w", err)
	}
	return nil
}

// CalendarFeedEmployee returns the employee whose feed token has the hash,
// or ENOTFOUND.
func (q *Q) CalendarFeedEmployee(ctx context.Context, tokenHash string) (int64, error) {
	var id int64
	err := q.ex.QueryRowContext(ctx, `SELECT employee_id FROM calendar_feeds WHERE token_hash = $1`, tokenHash).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: calendar feed: %w", mapError(err))
	}
	return id, nil
}
