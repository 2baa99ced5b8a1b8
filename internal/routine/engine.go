package routine

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// maxSteps bounds how many steps one event may start, in case a routine
// that skipped Lint loops without waiting.
const maxSteps = 1000

// Start begins the routine on a new case: it resets st and handles
// case_created at at. To pass case_created with a qualifier (such as
// drop_in), call Handle on an empty State instead.
func (r *Routine) Start(st *State, at time.Time, env Env) ([]Action, error) {
	run := st.Run
	*st = State{Run: run}
	return r.Handle(st, Event{Kind: EventCaseCreated, At: at}, env)
}

// Handle applies one event to the run in st and returns the actions the
// caller must carry out, in order. An empty State starts a new run. A
// timer event whose key is not pending (fired or cancelled before) changes
// nothing and returns no actions, so a timer delivered twice acts once.
// Once the routine has closed the case, events are ignored.
//
// On error st is unchanged: the event is malformed, names an unknown step
// or outcome, or a person did a step ahead of the routine without a
// reason.
func (r *Routine) Handle(st *State, ev Event, env Env) ([]Action, error) {
	if err := r.admit(st, ev, env); err != nil {
		return nil, err
	}
	if !st.Closed.IsZero() {
		return nil, nil
	}
	e := &engine{r: r, st: st.clone(), env: env}
	e.init(ev.At)
	switch ev.Kind {
	case EventTimer:
		e.fire(ev)
	case EventStepDone:
		e.doneByHand(ev)
	case EventStepCancelled:
		e.cancel(r.Step(ev.Step), OutcomeManual, ev)
	default:
		e.queue = append(e.queue, ev)
	}
	if err := e.drain(); err != nil {
		return nil, err
	}
	*st = *e.st
	return e.actions, nil
}

// engine applies one event: it works on a copy of the state and collects
// actions; events that steps cause wait in queue.
type engine struct {
	r       *Routine
	st      *State
	env     Env
	actions []Action
	queue   []Event
	started int
}

// init fills in a new run.
func (e *engine) init(at time.Time) {
	if e.st.Routine != "" {
		return
	}
	e.st.Routine, e.st.Version, e.st.Started = e.r.ID, e.r.Version, at
	if e.st.Run == "" {
		e.st.Run = e.r.ID
	}
	e.st.Steps = map[string]*StepState{}
}

// drain handles queued events until none are left or the run closes.
func (e *engine) drain() error {
	for i := 0; i < len(e.queue) && e.st.Closed.IsZero(); i++ {
		e.dispatch(e.queue[i])
		if e.started > maxSteps {
			return fmt.Errorf("routine %s: one event started more than %d steps; the routine loops", e.r.ID, maxSteps)
		}
	}
	return nil
}

// dispatch lets one event cancel, restart, advance and start steps, in
// that order and in file order within each.
func (e *engine) dispatch(ev Event) {
	for _, s := range e.r.Steps {
		if e.active(s) && matchAny(s.CancelledBy, ev) {
			e.cancel(s, ev.Kind, ev)
		}
	}
	for _, s := range e.r.Steps {
		if e.active(s) && matchAny(s.RestartedBy, ev) {
			e.start(s, ev)
		}
	}
	switch ev.Kind {
	case EventContactLogged:
		e.attempt(ev)
	case EventLetterSent:
		if s := e.r.Step(ev.Step); s != nil && s.Kind == KindLetter && e.active(s) {
			e.finish(s, OutcomeSent, ev)
		}
	}
	for _, s := range e.r.Steps {
		if matchAny(s.On, ev) {
			e.trigger(s, ev)
		}
	}
}

// matchAny reports whether one of ts matches ev.
func matchAny(ts []Trigger, ev Event) bool {
	return slices.ContainsFunc(ts, func(t Trigger) bool {
		if t.Event != ev.Kind || (stepTrigger(t) && t.Step != ev.Step) {
			return false
		}
		return t.Outcome == "" || t.Outcome == ev.Outcome
	})
}

// state returns the state of step id, creating it.
func (e *engine) state(id string) *StepState {
	ss := e.st.Steps[id]
	if ss == nil {
		ss = &StepState{}
		e.st.Steps[id] = ss
	}
	return ss
}

// active reports whether s is running.
func (e *engine) active(s *Step) bool {
	ss := e.st.Steps[s.ID]
	return ss != nil && ss.Status == StepActive
}

// trigger starts s for ev, unless it is running (a running wait starts
// afresh) or is a once step that has run.
func (e *engine) trigger(s *Step, ev Event) {
	ss := e.st.Steps[s.ID]
	switch {
	case !e.st.Closed.IsZero():
		return // a close step earlier in the file ended the run
	case ss == nil:
	case ss.Status == StepActive && s.Kind != KindWait:
		return
	case s.Once && ss.Runs > 0:
		return
	}
	e.start(s, ev)
}

// attempt counts a logged contact towards the running contact steps.
func (e *engine) attempt(ev Event) {
	for _, s := range e.r.Steps {
		if s.Kind != KindContact || !e.active(s) || (ev.Step != "" && ev.Step != s.ID) {
			continue
		}
		ss := e.state(s.ID)
		ss.Attempts++
		e.log(Entry{At: ev.At, What: "attempt", Step: s.ID, Outcome: ev.Outcome, By: ev.By, Cause: ev.String()})
		switch {
		case ev.Outcome == OutcomeAnswered:
			e.finish(s, OutcomeAnswered, ev)
		case ss.Attempts >= max(s.AtLeast, 1):
			e.finish(s, OutcomeNotAnswered, ev)
		}
	}
}

// finish ends step s with outcome, drops its timers and lets the steps
// that follow it start.
func (e *engine) finish(s *Step, outcome string, ev Event) {
	ss := e.state(s.ID)
	ss.Status, ss.Outcome = StepDone, outcome
	e.dropTimers(s.ID)
	entry := Entry{At: ev.At, What: "done", Step: s.ID, Outcome: outcome, Cause: ev.String()}
	if ev.Kind == EventStepDone && ev.Step == s.ID {
		entry.By, entry.Reason, entry.Cause = ev.By, ev.Reason, "by hand"
	}
	e.log(entry)
	e.queue = append(e.queue, Event{Kind: EventStepDone, Step: s.ID, Outcome: outcome, At: ev.At})
}

// cancel stops a running step s with outcome (the cancelling event's kind,
// or manual) and lets the steps waiting for its cancellation start.
func (e *engine) cancel(s *Step, outcome string, ev Event) {
	ss := e.state(s.ID)
	ss.Status, ss.Outcome = StepCancelled, outcome
	e.dropTimers(s.ID)
	e.log(Entry{At: ev.At, What: "cancelled", Step: s.ID, Outcome: outcome, By: ev.By, Reason: ev.Reason, Cause: ev.String()})
	e.queue = append(e.queue, Event{Kind: EventStepCancelled, Step: s.ID, Outcome: outcome, At: ev.At})
}

// doneByHand records a person doing a step. A running step finishes as if
// the routine had done it. A step the routine has not come to is done
// ahead of it: the running steps that would have led straight to it are
// superseded (their timers cancelled) and nothing is sent on its behalf.
func (e *engine) doneByHand(ev Event) {
	s := e.r.Step(ev.Step)
	outcome := ev.Outcome
	if outcome == "" {
		outcome = s.PossibleOutcomes()[0]
	}
	if !e.active(s) {
		for _, p := range e.r.Steps {
			if e.active(p) && leadsStraightTo(p, s) {
				e.supersede(p, ev)
			}
		}
		ss := e.state(s.ID)
		ss.Runs++
		ss.Since = ev.At
	}
	e.finish(s, outcome, ev)
	if s.Kind == KindClose {
		e.close(ev)
	}
}

// leadsStraightTo reports whether step_done or step_cancelled of p starts s.
func leadsStraightTo(p, s *Step) bool {
	return slices.ContainsFunc(s.On, func(t Trigger) bool { return stepTrigger(t) && t.Step == p.ID })
}

// supersede ends a running step that a person's action made moot, quietly:
// no step starts on it.
func (e *engine) supersede(s *Step, ev Event) {
	ss := e.state(s.ID)
	ss.Status, ss.Outcome = StepCancelled, "superseded"
	e.dropTimers(s.ID)
	e.log(Entry{At: ev.At, What: "superseded", Step: s.ID, By: ev.By, Reason: ev.Reason,
		Cause: "step " + ev.Step + " done by hand"})
}

// close ends the run: its timers are dropped and later events ignored.
func (e *engine) close(ev Event) {
	for len(e.st.Timers) > 0 {
		e.dropTimers(e.st.Timers[0].Step)
	}
	e.st.Closed = ev.At
	e.log(Entry{At: ev.At, What: "closed", Cause: ev.String()})
}

// log appends to the run's history.
func (e *engine) log(en Entry) { e.st.History = append(e.st.History, en) }

// key returns the deterministic key of an action or timer of step id in
// its current run.
func (e *engine) key(id, what string) string {
	return fmt.Sprintf("%s/%s/%d/%s", e.st.Run, id, e.state(id).Runs, what)
}

// emit appends an action.
func (e *engine) emit(a Action) { e.actions = append(e.actions, a) }

// errEvent wraps a problem with an event.
func errEvent(ev Event, format string, args ...any) error {
	return errors.New("routine: event " + ev.String() + ": " + fmt.Sprintf(format, args...))
}
