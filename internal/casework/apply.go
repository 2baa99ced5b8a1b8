package casework

import (
	"context"
	"fmt"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// apply carries out a routine's actions inside tx and returns the events
// they cause in turn (a letter sent is the event letter_sent).
func (s *Service) apply(ctx context.Context, tx *store.Q, c *torg.Case, r *routine.Routine, m *torg.Municipality,
	actions []routine.Action) ([]routine.Event, error) {
	var follow []routine.Event
	for _, a := range actions {
		ev, err := s.applyOne(ctx, tx, c, r, m, a)
		if err != nil {
			return nil, fmt.Errorf("casework: %s of %s: %w", a.Kind, a.Step, err)
		}
		if ev != nil {
			follow = append(follow, *ev)
		}
	}
	return follow, nil
}

func (s *Service) applyOne(ctx context.Context, tx *store.Q, c *torg.Case, r *routine.Routine, m *torg.Municipality,
	a routine.Action) (*routine.Event, error) {
	switch a.Kind {
	case routine.ActSetTimer:
		t, err := timerFor(c, r, a)
		if err != nil {
			return nil, err
		}
		_, err = tx.SetTimer(ctx, t, s.now())
		return nil, err
	case routine.ActCancelTimer:
		_, err := tx.CancelTimer(ctx, a.Key, s.now())
		return nil, err
	case routine.ActCreateTask, routine.ActAskDecision, routine.ActNotify:
		return nil, s.routineTask(ctx, tx, c, m, r.ID, a, a.Title.In(m.Language))
	case routine.ActSendLetter:
		return s.sendLetter(ctx, tx, c, r.ID, m, a)
	case routine.ActSendSMS:
		return nil, s.sendSMS(ctx, tx, c, r.ID, m, a)
	case routine.ActCloseCase:
		return nil, s.closeByRoutine(ctx, tx, c, m, a)
	case routine.ActSetStatus:
		return s.setStatusByRoutine(ctx, tx, c, a)
	case routine.ActSetMarker:
		return nil, tx.AddMarker(ctx, c.ID, a.Marker, s.now())
	}
	return nil, fmt.Errorf("unknown action %q", a.Kind)
}

// routineTask puts a routine step on a work list: the case's responsible,
// or the unit's shared list for a role or a unit.
func (s *Service) routineTask(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality, routineID string,
	a routine.Action, title string) error {
	t := &torg.Task{MunicipalityID: c.MunicipalityID, UnitID: c.UnitID, CaseID: c.ID, Title: title, Due: a.Due,
		Detail: a.Step, RoutineID: routineID, Step: a.Step, Outcomes: a.Outcomes}
	if a.Assignee != nil {
		switch a.Assignee.Kind {
		case routine.AssignResponsible, "":
			t.AssigneeID = c.ResponsibleID
		case routine.AssignUnit:
			if u, err := tx.UnitByCode(ctx, c.MunicipalityID, a.Assignee.Name); err == nil {
				t.UnitID = u.ID
			}
		}
	} else {
		t.AssigneeID = c.ResponsibleID
	}
	if a.Kind == routine.ActNotify && a.Remind {
		t.Title = i18n.New(i18n.Lang(m.Language)).T("routine.reminder", "step", title)
	}
	return tx.CreateTask(ctx, t, s.now())
}

func (s *Service) closeByRoutine(ctx context.Context, tx *store.Q, c *torg.Case, m *torg.Municipality, a routine.Action) error {
	if err := tx.SetCaseStatus(ctx, c.ID, torg.CaseClosedBy, s.now()); err != nil {
		return err
	}
	// A closed case waits for nothing more. Only pending timers: a close
	// step after a wait (DC8.6, DC9.3) runs while its own timer is claimed,
	// and the scheduler marks that one fired in this transaction.
	ts, err := tx.CaseTimers(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.State != store.TimerPending {
			continue
		}
		if _, err := tx.CancelTimer(ctx, t.Key, s.now()); err != nil {
			return err
		}
	}
	c.Status = torg.CaseClosedBy
	if c.ResponsibleID == 0 {
		return nil // the status change is recorded; a note needs an author
	}
	body := i18n.New(i18n.Lang(m.Language)).T("routine.closed_note", "step", a.Step, "reason", a.Reason)
	return tx.CreateNote(ctx, &torg.Note{CaseID: c.ID, AuthorID: c.ResponsibleID, Body: body}, s.now())
}

// setStatusByRoutine sets the case's status and reports the change back as
// status_changed, so that the steps waiting for it start (DC5-finish sets F
// and DC8 begins), as the simulator does.
func (s *Service) setStatusByRoutine(ctx context.Context, tx *store.Q, c *torg.Case, a routine.Action) (*routine.Event, error) {
	st := torg.CaseStatus(strings.ToUpper(a.Status))
	switch st {
	case torg.CaseCreated, torg.CaseOpen, torg.CaseFinished, torg.CaseClosedBy, torg.CaseClosed:
		c.Status = st
		if err := tx.SetCaseStatus(ctx, c.ID, st, s.now()); err != nil {
			return nil, err
		}
		return &routine.Event{Kind: routine.EventStatusChanged, Outcome: a.Status, At: s.now()}, nil
	}
	return nil, nil // a message status: the messages module keeps those
}
