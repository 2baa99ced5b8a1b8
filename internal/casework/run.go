package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// TimerKind is the kind of the timers the routines set.
const TimerKind = "routine"

// timerPayload is what a routine timer carries back to the engine.
type timerPayload struct {
	Routine string `json:"routine"`
	Step    string `json:"step"`
}

// env returns the routine environment of a municipality: its calendar and
// time zone.
func (s *Service) env(ctx context.Context, m *torg.Municipality) (routine.Env, error) {
	cal, err := s.muniCalendar(ctx, m)
	if err != nil {
		return routine.Env{}, err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return routine.Env{}, err
	}
	return routine.Env{Calendar: cal, Location: loc}, nil
}

// StartRoutines starts, inside tx, the newest version of every routine
// that applies to the case's type. A case whose applicant had a case
// before that has ended starts as case_created: earlier_case (DC2.10).
func (s *Service) StartRoutines(ctx context.Context, tx *store.Q, c *torg.Case) error {
	ev := routine.Event{Kind: routine.EventCaseCreated, At: s.now()}
	if earlier, err := earlierCase(ctx, tx, c); err != nil {
		return err
	} else if earlier {
		ev.Outcome = "earlier_case"
	}
	for _, r := range s.Routines() {
		if !slices.Contains(r.AppliesTo, c.Type) {
			continue
		}
		st := &routine.State{Run: fmt.Sprintf("case/%d/%s", c.ID, r.ID)}
		if err := s.step(ctx, tx, c, r, st, func(env routine.Env) ([]routine.Action, error) {
			return r.Handle(st, ev, env) // an empty state starts a new run
		}); err != nil {
			return err
		}
	}
	return nil
}

// RoutineEvent hands an event about a case to every routine the case runs,
// inside tx, and carries out what they answer.
func (s *Service) RoutineEvent(ctx context.Context, tx *store.Q, c *torg.Case, ev routine.Event) error {
	crs, err := tx.CaseRoutines(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, cr := range crs {
		if err := s.caseRoutineEvent(ctx, tx, c, cr, ev); err != nil {
			return err
		}
	}
	return nil
}

// routineStepEvent hands an event about one routine's step to that routine
// only: the case's other routines have no such step.
func (s *Service) routineStepEvent(ctx context.Context, tx *store.Q, c *torg.Case, routineID string, ev routine.Event) error {
	crs, err := tx.CaseRoutines(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, cr := range crs {
		if cr.RoutineID == routineID {
			return s.caseRoutineEvent(ctx, tx, c, cr, ev)
		}
	}
	return nil
}

func (s *Service) caseRoutineEvent(ctx context.Context, tx *store.Q, c *torg.Case, cr *store.CaseRoutine, ev routine.Event) error {
	r, ok := s.Routine(cr.RoutineID, cr.Version)
	if !ok {
		return fmt.Errorf("casework: case %d runs %s v%d, which is not loaded", c.ID, cr.RoutineID, cr.Version)
	}
	st := &routine.State{}
	if err := json.Unmarshal(cr.State, st); err != nil {
		return fmt.Errorf("casework: routine state of case %d: %w", c.ID, err)
	}
	return s.step(ctx, tx, c, r, st, func(env routine.Env) ([]routine.Action, error) {
		return r.Handle(st, ev, env)
	})
}

// step runs one engine call, carries out its actions and saves the state.
// Sending a letter is itself an event (letter_sent), handed back to the
// engine until nothing more follows.
func (s *Service) step(ctx context.Context, tx *store.Q, c *torg.Case, r *routine.Routine, st *routine.State,
	call func(routine.Env) ([]routine.Action, error)) error {
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return err
	}
	env, err := s.env(ctx, m)
	if err != nil {
		return err
	}
	active := activeSteps(st)
	actions, err := call(env)
	for round := 0; err == nil && len(actions) > 0 && round < 20; round++ {
		var follow []routine.Event
		if follow, err = s.apply(ctx, tx, c, r, m, actions); err != nil {
			break
		}
		actions = nil
		for _, ev := range follow {
			more, herr := r.Handle(st, ev, env)
			if herr != nil {
				return herr
			}
			actions = append(actions, more...)
		}
	}
	if err != nil {
		return err
	}
	// A step the routine ended by itself, as the answered call ends DC2.2,
	// waits for nobody: its tasks leave the work list.
	for _, id := range active {
		if ss := st.Steps[id]; ss == nil || ss.Status != routine.StepActive {
			if err := tx.CompleteStepTasks(ctx, c.ID, r.ID, id, s.now()); err != nil {
				return err
			}
		}
	}
	state, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return tx.SaveCaseRoutine(ctx, &store.CaseRoutine{CaseID: c.ID, RoutineID: r.ID, Version: r.Version,
		State: state, Updated: s.now()})
}

// activeSteps lists the steps of a routine run that are under way.
func activeSteps(st *routine.State) []string {
	var out []string
	for id, ss := range st.Steps {
		if ss.Status == routine.StepActive {
			out = append(out, id)
		}
	}
	return out
}

// FireTimer is the scheduler's handler for routine timers: it hands the
// timer to its case's routine as an event, inside the scheduler's
// transaction, so the timer is marked fired together with what it caused.
func (s *Service) FireTimer(ctx context.Context, tx *store.Q, t store.Timer) error {
	var p timerPayload
	if err := json.Unmarshal(t.Payload, &p); err != nil {
		return fmt.Errorf("casework: timer %s: %w", t.Key, err)
	}
	c, err := tx.Case(ctx, t.MunicipalityID, t.CaseID)
	if err != nil {
		return err
	}
	crs, err := tx.CaseRoutines(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, cr := range crs {
		if cr.RoutineID == p.Routine {
			return s.caseRoutineEvent(ctx, tx, c, cr, routine.Event{Kind: routine.EventTimer, Step: p.Step,
				Key: t.Key, At: t.Due})
		}
	}
	return nil // the routine is gone from the case: nothing to do
}

func timerFor(c *torg.Case, r *routine.Routine, a routine.Action) (*store.Timer, error) {
	payload, err := json.Marshal(timerPayload{Routine: r.ID, Step: a.Step})
	return &store.Timer{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Key: a.Key, Kind: TimerKind,
		Payload: payload, Due: a.At.UTC()}, err
}
