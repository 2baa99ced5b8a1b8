package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// The staff inbox's own queries: the navigation's unread count, a thread's
// history from the audit log, and the appointment change of DM3.

// UnreadInboxCount counts the open threads of the units with a citizen's
// message the employee has not opened, leaving out the threads of persons
// whose protection is above the employee's clearance: the inbox's badge.
func (q *Q) UnreadInboxCount(ctx context.Context, employeeID int64, unitIDs []int64, clearance torg.Protection) (int, error) {
	if len(unitIDs) == 0 {
		return 0, nil
	}
	args := []any{employeeID, int(clearance)}
	for _, u := range unitIDs {
		args = append(args, u)
	}
	var n int
	err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM threads t JOIN persons p ON p.id = t.person_id
		WHERE t.status <> 'done' AND p.protection <= $2 AND t.unit_id IN (`+placeholders(3, len(unitIDs))+`)
		AND EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = t.id AND m.from_citizen = `+q.boolean(true)+`
		AND m.created_at > COALESCE((SELECT r.read_at FROM thread_reads r WHERE r.thread_id = t.id AND r.employee_id = $1), 0))`,
		args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: unread inbox: %w", mapError(err))
	}
	return n, nil
}

// ThreadEvent is one thing staff did with a thread, from the audit log.
type ThreadEvent struct {
	At        time.Time
	ActorName string
	Action    string
	Detail    string
}

// ThreadEvents lists what staff did with a thread (its audit events other
// than reads), oldest first. The person's index finds them.
func (q *Q) ThreadEvents(ctx context.Context, personID, threadID int64) ([]ThreadEvent, error) {
	rows, err := q.query(ctx, `SELECT a.at, COALESCE(e.name, ''), a.action, a.detail FROM audit_events a
		LEFT JOIN employees e ON e.id = a.actor_id WHERE a.person_id = $1 AND a.object = $2
		AND a.action LIKE 'thread.%' AND a.action <> 'thread.read' ORDER BY a.seq`, personID, fmt.Sprintf("thread:%d", threadID))
	if err != nil {
		return nil, fmt.Errorf("store: thread events: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (ThreadEvent, error) {
		var ev ThreadEvent
		var at int64
		err := s.Scan(&at, &ev.ActorName, &ev.Action, &ev.Detail)
		ev.At = fromMicros(at)
		return ev, err
	})
}

// MoveAppointment gives a booked appointment a new time, place and
// employee (DM3: the work list changes).
func (q *Q) MoveAppointment(ctx context.Context, a *torg.Appointment) error {
	_, err := q.exec(ctx, `UPDATE appointments SET start_at = $1, end_at = $2, place = $3, counsellor_id = $4
		WHERE id = $5 AND status = $6`, micros(a.Start), micros(a.End), a.Place, a.CounsellorID, a.ID, torg.AppointmentBooked)
	if err != nil {
		return fmt.Errorf("store: move appointment %d: %w", a.ID, err)
	}
	return nil
}

// PersonAppointments lists the booked appointments from a time on in the
// cases where the person is a party, earliest first: what a DM3 message
// may be about.
func (q *Q) PersonAppointments(ctx context.Context, personID int64, from time.Time) ([]*torg.Appointment, error) {
	rows, err := q.query(ctx, `SELECT `+apptCols+` FROM appointments a JOIN cases c ON c.id = a.case_id
		WHERE a.status = $1 AND a.start_at >= $2 AND a.case_id IN (SELECT case_id FROM parties WHERE person_id = $3)
		ORDER BY a.start_at, a.id`, torg.AppointmentBooked, micros(from), personID)
	if err != nil {
		return nil, fmt.Errorf("store: person appointments: %w", err)
	}
	return collect(rows, scanAppointment)
}
