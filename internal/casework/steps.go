package casework

import (
	"context"
	"encoding/json"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// LogContact records an attempt to reach the citizen (DC2.2, DC2.7, DC9.1):
// a journal note that the contact was made or tried, and the event
// contact_logged for the case's routines, which may cancel their timers
// (the citizen called back) or move on (no answer twice).
func (s *Service) LogContact(ctx context.Context, a *torg.Employee, caseID int64, answered bool, note string) error {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	if !OpenForContact(c) {
		return errApplyAgain() // DC8.8: nothing is added to a closed case
	}
	outcome := routine.OutcomeNotAnswered
	if answered {
		outcome = routine.OutcomeAnswered
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return err
	}
	body := s.printer(m).T("contact."+outcome) + "\n" + trimText(note)
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.CreateNote(ctx, &torg.Note{CaseID: c.ID, AuthorID: a.ID, Body: clean(body)}, s.now()); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "case.contact", obj("case", c.ID), firstParty(c), outcome); err != nil {
			return err
		}
		return s.RoutineEvent(ctx, tx, c, routine.Event{Kind: routine.EventContactLogged, Outcome: outcome,
			At: s.now(), By: a.Username})
	})
}

// CompleteStep records that a person did a routine step, with its outcome:
// the routine goes on from there. Done ahead of or instead of the routine,
// it needs a reason, and the routine's timers for it are cancelled.
func (s *Service) CompleteStep(ctx context.Context, a *torg.Employee, caseID int64, routineID, step, outcome, reason string) error {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Q) error {
		crs, err := tx.CaseRoutines(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, cr := range crs {
			if cr.RoutineID != routineID {
				continue
			}
			if outcome == "" {
				outcome = routine.OutcomeDone
			}
			ev := routine.Event{Kind: routine.EventStepDone, Step: step, Outcome: outcome, At: s.now(), By: a.Username,
				Reason: trimText(reason)}
			if err := s.caseRoutineEvent(ctx, tx, c, cr, ev); err != nil {
				return torg.FieldError("reason", "routine.step_refused", "why", err.Error())
			}
			return s.audit(ctx, tx, a, "case.step", obj("case", c.ID), firstParty(c), step+" "+outcome)
		}
		return notFound()
	})
}

// CaseRoutine is a routine a case runs, as its page shows it: what the
// routine will do next and when.
type CaseRoutine struct {
	Routine  *routine.Routine
	State    *routine.State
	Upcoming []routine.Upcoming
}

// CaseRoutines returns the routines of a case the actor may read.
func (s *Service) CaseRoutines(ctx context.Context, a *torg.Employee, caseID int64) ([]CaseRoutine, error) {
	if _, err := s.readableCase(ctx, a, caseID); err != nil {
		return nil, err
	}
	return s.caseRoutines(ctx, caseID)
}

func (s *Service) caseRoutines(ctx context.Context, caseID int64) ([]CaseRoutine, error) {
	crs, err := s.db.R().CaseRoutines(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var out []CaseRoutine
	for _, cr := range crs {
		r, ok := s.Routine(cr.RoutineID, cr.Version)
		st := &routine.State{}
		if !ok || json.Unmarshal(cr.State, st) != nil {
			continue
		}
		out = append(out, CaseRoutine{Routine: r, State: st, Upcoming: r.Upcoming(st)})
	}
	return out, nil
}
