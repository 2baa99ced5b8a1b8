package casework

import (
	"context"
	"slices"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// Answer sends an employee's answer to the citizen (DM1, DM2.3, DM3.3,
// DM4.3, DM5.3, DM6.3, DM8, DM9), journaled on the thread's case and
// told to the citizen by SMS or e-mail. The first full answer stops the
// thread's clock for the compliance view. With done, the routine's answer
// step is done and the thread with it ("ferdig behandlet"); without, the
// thread stays open, in progress. Whoever answers a thread nobody holds
// takes it.
func (s *Service) Answer(ctx context.Context, a *torg.Employee, id int64, body string, files []Upload, done bool) error {
	if _, err := s.openStaffThread(ctx, s.db.R(), a, id); err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.openStaffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if th.ResponsibleID == 0 {
			th.ResponsibleID = a.ID
		}
		before, err := openThreadTasks(ctx, tx, th.ID)
		if err != nil {
			return err
		}
		msg, err := s.staffMessage(ctx, tx, a, th, body, files, false)
		if err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "thread.answer", obj("thread", th.ID), th.PersonID, obj("message", msg.ID)); err != nil {
			return err
		}
		if !done {
			return s.startWork(ctx, tx, th)
		}
		return s.finishThread(ctx, tx, a, th, before)
	})
}

// startWork moves a thread nobody has worked on to in progress.
func (s *Service) startWork(ctx context.Context, tx *store.Q, th *torg.Thread) error {
	if th.Status != torg.ThreadNew {
		return nil
	}
	th.Status = torg.ThreadInProgress
	return tx.UpdateThread(ctx, th, s.now())
}

// finishThread ends a thread after its answer: the routine goes through
// its answer step to "done". A thread whose routine has no answer step
// left is set done by hand. The tasks open before the answer are done;
// those the answer started (DM6.4: the leader considers a formal record)
// stay.
func (s *Service) finishThread(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, before []int64) error {
	if th.Status == torg.ThreadWaiting {
		if err := s.resumeClock(ctx, th, s.now(), torg.ThreadInProgress); err != nil {
			return err
		}
	}
	if err := s.threadAnswered(ctx, tx, a, th); err != nil {
		return err
	}
	if th.Status != torg.ThreadDone {
		s.setThreadStatus(th, torg.ThreadDone)
		if err := tx.UpdateThread(ctx, th, s.now()); err != nil {
			return err
		}
	}
	for _, id := range before {
		if err := tx.CompleteTask(ctx, id, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// openThreadTasks lists the IDs of a thread's open tasks.
func openThreadTasks(ctx context.Context, q *store.Q, threadID int64) ([]int64, error) {
	ts, err := q.ThreadTasks(ctx, threadID)
	var ids []int64
	for _, t := range ts {
		if !t.IsDone() {
			ids = append(ids, t.ID)
		}
	}
	return ids, err
}

// TakeThread makes the employee responsible for a thread: they answer it.
func (s *Service) TakeThread(ctx context.Context, a *torg.Employee, id int64) error {
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.openStaffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !a.Has(torg.RoleCounsellor) && !a.Has(torg.RoleLeader) {
			return errForbidden
		}
		th.ResponsibleID = a.ID
		if err := tx.UpdateThread(ctx, th, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "thread.take", obj("thread", th.ID), th.PersonID, a.Name)
	})
}

// WaitForCitizen asks the citizen a question and pauses the thread's
// clock until they answer: waiting for the citizen is not the service's
// time. A question is not an answer.
func (s *Service) WaitForCitizen(ctx context.Context, a *torg.Employee, id int64, question string) error {
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.openStaffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if th.Status == torg.ThreadWaiting {
			return torg.Errorf(torg.ECONFLICT, "inbox.already_waiting")
		}
		first := th.FirstAnswer
		msg, err := s.staffMessage(ctx, tx, a, th, question, nil, false)
		if e := torg.AsError(err); e != nil && e.Field == "body" {
			return torg.FieldError("question", e.Key, e.Args...)
		} else if err != nil {
			return err
		}
		th.FirstAnswer = first
		s.pauseClock(th, s.now())
		if err := tx.UpdateThread(ctx, th, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "thread.wait", obj("thread", th.ID), th.PersonID, obj("message", msg.ID))
	})
}

// staffStatuses are the statuses staff set by hand; waiting goes with a
// question (WaitForCitizen) and unread is the citizen's.
var staffStatuses = []string{torg.ThreadInProgress, torg.ThreadCaseHandling, torg.ThreadDone}

// SetThreadStatus sets a thread's status by hand: in progress, in case
// handling or done. Leaving "waiting" starts the clock again; done
// without an answer (an improper message, DM7) closes the thread's open
// tasks. A done thread may be opened again.
func (s *Service) SetThreadStatus(ctx context.Context, a *torg.Employee, id int64, status string) error {
	if !slices.Contains(staffStatuses, status) {
		return torg.FieldError("status", "inbox.status_invalid")
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.staffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if th.Status == status {
			return nil
		}
		if err := s.resumeClock(ctx, th, s.now(), status); err != nil {
			return err
		}
		s.setThreadStatus(th, status)
		if err := tx.UpdateThread(ctx, th, s.now()); err != nil {
			return err
		}
		if status == torg.ThreadDone {
			if err := tx.CompleteThreadTasks(ctx, th.ID, s.now()); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, a, "thread.status", obj("thread", th.ID), th.PersonID, status)
	})
}

// ThreadTask completes one of a thread's routine tasks from the thread's
// page, with an outcome for a decision, and moves the routine on: DM3.1
// the work list is changed, DM5.1 the invoice is checked, DM6.1 the facts
// of a complaint are checked, and so on. Completing it twice is not an
// error.
func (s *Service) ThreadTask(ctx context.Context, a *torg.Employee, id, taskID int64, outcome string) error {
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, err := s.staffThread(ctx, tx, a, id)
		if err != nil {
			return err
		}
		t, err := tx.Task(ctx, a.MunicipalityID, taskID)
		if torg.ErrorCode(err) == torg.ENOTFOUND || err == nil && t.ThreadID != th.ID {
			return notFound()
		} else if err != nil {
			return err
		}
		if err := canCompleteTask(a, t); err != nil {
			return torg.Errorf(torg.EFORBIDDEN, "error.forbidden")
		}
		if t.IsDone() {
			return nil
		}
		if len(t.Outcomes) > 0 && !slices.Contains(t.Outcomes, outcome) {
			return torg.FieldError("outcome", "task.outcome_required")
		}
		if err := tx.CompleteTask(ctx, t.ID, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "thread.step", obj("thread", th.ID), th.PersonID, strings.TrimSpace(t.Step+" "+outcome)); err != nil {
			return err
		}
		if t.RoutineID == "" {
			return nil
		}
		return s.threadStepDone(ctx, tx, a, th, t.Step, outcome)
	})
}
