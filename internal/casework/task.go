package casework

import (
	"context"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// WorkList returns an employee's open tasks, and the unassigned tasks of
// their units, earliest due first. Each task is a reminder the system keeps
// so that nobody has to remember it.
func (s *Service) WorkList(ctx context.Context, a *torg.Employee) ([]*torg.Task, error) {
	var units []int64
	if a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader) {
		units = a.Units
	}
	return s.db.R().WorkList(ctx, a.ID, units)
}

// CompleteTask marks a task done. Completing it twice is not an error.
func (s *Service) CompleteTask(ctx context.Context, a *torg.Employee, id int64) error {
	t, err := s.db.R().Task(ctx, a.MunicipalityID, id)
	if err != nil {
		return err
	}
	if err := canCompleteTask(a, t); err != nil {
		return err
	}
	return s.db.Write(ctx, func(q *store.Q) error {
		if err := q.CompleteTask(ctx, id, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, "task.complete", obj("task", id), 0, "")
	})
}

// Task returns one task the actor may complete or see on their list.
func (s *Service) Task(ctx context.Context, a *torg.Employee, id int64) (*torg.Task, error) {
	t, err := s.db.R().Task(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	return t, canCompleteTask(a, t)
}

// Today returns today's date in the service's clock (UTC date; the pages
// compare due dates against it).
func (s *Service) Today() torg.Date { return torg.DateOf(s.now()) }
