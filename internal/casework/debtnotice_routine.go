package casework

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// How the notice's Go code and the DN routine (routines/dn.yaml) share the
// work: the routine keeps the order of the steps, makes the tasks and
// sends the letter (DN5, DN6-letter); the code does what needs the
// notice's own data (the register check, the intake record and its bundle,
// the hand-over and the shredding) and tells the routine that a person did
// the step. A notice whose case runs no DN routine, or an older version
// that does not wait for the step, is handled by the code alone.

// noticeRunState returns the state of the DN routine a notice's case runs,
// or nil if it runs none.
func (s *Service) noticeRunState(ctx context.Context, tx *store.Q, caseID int64) (*routine.State, error) {
	crs, err := tx.CaseRoutines(ctx, caseID)
	if err != nil {
		return nil, err
	}
	for _, cr := range crs {
		if cr.RoutineID != noticeRoutine {
			continue
		}
		st := &routine.State{}
		if err := json.Unmarshal(cr.State, st); err != nil {
			return nil, fmt.Errorf("casework: routine state of case %d: %w", caseID, err)
		}
		return st, nil
	}
	return nil, nil
}

// noticeStep tells the notice's DN routine that a person did step, with
// outcome, if the routine is waiting for it. It reports whether it was.
func (s *Service) noticeStep(ctx context.Context, tx *store.Q, c *torg.Case, a *torg.Employee, step, outcome string) (bool, error) {
	st, err := s.noticeRunState(ctx, tx, c.ID)
	if err != nil || st == nil || !st.Closed.IsZero() {
		return false, err
	}
	if ss := st.Steps[step]; ss == nil || ss.Status != routine.StepActive {
		return false, nil
	}
	if outcome == "" {
		outcome = routine.OutcomeDone
	}
	ev := routine.Event{Kind: routine.EventStepDone, Step: step, Outcome: outcome, At: s.now(), By: a.Username}
	return true, s.routineStepEvent(ctx, tx, c, noticeRoutine, ev)
}

// noticeSteps does noticeStep for each step in turn, each with no outcome
// of its own: the tasks of the steps that were waiting are done.
func (s *Service) noticeSteps(ctx context.Context, tx *store.Q, c *torg.Case, a *torg.Employee, steps ...string) error {
	for _, step := range steps {
		if _, err := s.noticeStep(ctx, tx, c, a, step, ""); err != nil {
			return err
		}
		if err := tx.CompleteStepTasks(ctx, c.ID, noticeRoutine, step, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// stepTask returns the newest open task of a routine step on a case, or
// nil.
func stepTask(ctx context.Context, tx *store.Q, caseID int64, step string) (*torg.Task, error) {
	ts, err := tx.CaseTasks(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var out *torg.Task
	for _, t := range ts {
		if t.RoutineID == noticeRoutine && t.Step == step && !t.IsDone() && (out == nil || t.ID > out.ID) {
			out = t
		}
	}
	return out, nil
}

// noticeLetterData fills the merge fields of the letter about a notice
// (underrattelse_brev) on a debt_notice case: the notice's sender, kind
// and amount as its one debt line, the date it came, and the legal
// deadline. A case of another type is left as it is.
func noticeLetterData(ctx context.Context, tx *store.Q, c *torg.Case, d *letter.Data, lang string) error {
	if c.Type != torg.CaseTypeDebtNotice {
		return nil
	}
	n, err := tx.DebtNoticeOfCase(ctx, c.ID)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	fillNoticeLetter(d, n, lang)
	return nil
}
