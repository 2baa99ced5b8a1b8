package casework

import (
	"context"
	"slices"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// WorkList returns an employee's open tasks, and the unassigned tasks of
// their units, earliest due first. Each task is a reminder the system keeps
// so that nobody has to remember it.
func (s *Service) WorkList(ctx context.Context, a *torg.Employee) ([]*torg.Task, error) {
	ts, _, err := s.workList(ctx, a)
	return ts, err
}

// workList returns the work list with the cases its tasks are about, those
// the employee is cleared for.
func (s *Service) workList(ctx context.Context, a *torg.Employee) ([]*torg.Task, map[int64]*torg.Case, error) {
	var units []int64
	if a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader) {
		units = a.Units
	}
	ts, err := s.db.R().WorkList(ctx, a.ID, units)
	if err != nil {
		return nil, nil, err
	}
	// DC1.3: a task stays on the list, but without a link to or the
	// number of a case the employee is not cleared for.
	var ids []int64
	seen := map[int64]bool{}
	for _, t := range ts {
		if t.CaseID != 0 && !seen[t.CaseID] {
			seen[t.CaseID] = true
			ids = append(ids, t.CaseID)
		}
	}
	cases, err := s.db.R().CasesByID(ctx, a.MunicipalityID, ids)
	if err != nil {
		return nil, nil, err
	}
	for id, c := range cases {
		if !clearedFor(a, c) {
			delete(cases, id)
		}
	}
	for _, t := range ts {
		if t.CaseID != 0 && cases[t.CaseID] == nil {
			t.CaseID, t.CaseNumber = 0, ""
		}
	}
	return ts, cases, nil
}

// CompleteTask marks a task done. Completing it twice is not an error.
// A task a routine made moves its routine on, in the same transaction:
// a decision with the chosen outcome (required), a task as done, a letter
// as sent by hand.
func (s *Service) CompleteTask(ctx context.Context, a *torg.Employee, id int64, outcome, reason string) error {
	t, err := s.db.R().Task(ctx, a.MunicipalityID, id)
	if err != nil {
		return err
	}
	if err := canCompleteTask(a, t); err != nil {
		return err
	}
	if t.RoutineID == noticeRoutine && noticeListSteps[t.Step] && !t.IsDone() {
		// DN7 destroys or hands over the copy, which a bare "done" would skip.
		return torg.FieldError("outcome", "dnpath.use_information_list")
	}
	if len(t.Outcomes) > 0 && !t.IsDone() && !slices.Contains(t.Outcomes, outcome) {
		return torg.FieldError("outcome", "task.outcome_required")
	}
	return s.db.Write(ctx, func(q *store.Q) error {
		if err := q.CompleteTask(ctx, id, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, q, a, "task.complete", obj("task", id), 0, outcome); err != nil {
			return err
		}
		if !t.IsDone() && t.RoutineID != "" && t.ThreadID != 0 {
			return s.threadTaskDone(ctx, q, a, t, outcome)
		}
		if t.IsDone() || t.RoutineID == "" || t.CaseID == 0 {
			return nil
		}
		return s.taskStepDone(ctx, q, a, t, outcome, reason)
	})
}

// taskStepDone tells a task's routine that a person did its step, if the
// routine still waits for it.
func (s *Service) taskStepDone(ctx context.Context, q *store.Q, a *torg.Employee, t *torg.Task, outcome, reason string) error {
	c, err := q.Case(ctx, t.MunicipalityID, t.CaseID)
	if err != nil {
		return err
	}
	r, ok := s.Routine(t.RoutineID, 0)
	var st *routine.Step
	if ok {
		st = findStep(r, t.Step)
	}
	if st == nil || !s.waitsForLetter(ctx, q, c.ID, t.RoutineID, t.Step) {
		return nil // the routine has moved on, or never waited for a person here
	}
	ev := routine.Event{Kind: routine.EventStepDone, Step: t.Step, Outcome: outcome, At: s.now(), By: a.Username, Reason: trimText(reason)}
	switch st.Kind {
	case routine.KindDecision:
	case routine.KindLetter:
		ev = routine.Event{Kind: routine.EventLetterSent, Step: t.Step, Outcome: st.Template, At: s.now(), By: a.Username}
	case routine.KindTask, routine.KindNotify:
		ev.Outcome = routine.OutcomeDone
	default:
		return nil // contact steps end by logging contact, SMS by sending
	}
	return s.routineStepEvent(ctx, q, c, t.RoutineID, ev)
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
