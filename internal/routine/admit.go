package routine

import (
	"errors"
	"maps"
	"slices"
	"strings"
)

// admit checks an event before Handle changes anything.
func (r *Routine) admit(st *State, ev Event, env Env) error {
	switch {
	case env.Calendar == nil:
		return errors.New("routine: the environment has no calendar")
	case st.Routine != "" && st.Routine != r.ID:
		return errEvent(ev, "the state belongs to routine %s, not %s", st.Routine, r.ID)
	case ev.At.IsZero():
		return errEvent(ev, "the event has no time")
	case ev.Kind == EventTimer:
		if ev.Key == "" {
			return errEvent(ev, "a timer event needs the timer's key")
		}
		return nil
	case !slices.Contains(Events, ev.Kind):
		return errEvent(ev, "unknown event kind; use one of %s", strings.Join(Events, ", "))
	case ev.Kind == EventContactLogged && ev.Outcome != OutcomeAnswered && ev.Outcome != OutcomeNotAnswered:
		return errEvent(ev, "contact_logged needs the outcome answered or not_answered")
	case ev.Kind == EventStepDone:
		return r.admitDone(st, ev)
	case ev.Kind == EventStepCancelled:
		s := r.Step(ev.Step)
		if s == nil || st.Steps[s.ID] == nil || st.Steps[s.ID].Status != StepActive {
			return errEvent(ev, "step %q is not running, so it cannot be cancelled", ev.Step)
		}
		if strings.TrimSpace(ev.Reason) == "" {
			return errEvent(ev, "say why the step is cancelled (reason)")
		}
	}
	return nil
}

// admitDone checks a person's step_done.
func (r *Routine) admitDone(st *State, ev Event) error {
	s := r.Step(ev.Step)
	if s == nil {
		return errEvent(ev, "routine %s has no step %q", r.ID, ev.Step)
	}
	if ev.Outcome != "" && !slices.Contains(s.PossibleOutcomes(), ev.Outcome) {
		return errEvent(ev, "step %s has no outcome %q; its outcomes are %s",
			s.ID, ev.Outcome, strings.Join(s.PossibleOutcomes(), ", "))
	}
	if ev.Outcome == "" && s.Kind == KindDecision {
		return errEvent(ev, "decision %s needs one of its outcomes: %s", s.ID, strings.Join(s.PossibleOutcomes(), ", "))
	}
	running := st.Steps[s.ID] != nil && st.Steps[s.ID].Status == StepActive
	if !running && strings.TrimSpace(ev.Reason) == "" {
		return errEvent(ev, "step %s is done ahead of the routine; say why (reason)", s.ID)
	}
	return nil
}

// clone returns a deep copy of st, so that Handle can work on the copy and
// leave st as it was when it fails.
func (st *State) clone() *State {
	c := *st
	c.Steps = make(map[string]*StepState, len(st.Steps))
	for id, ss := range maps.All(st.Steps) {
		if ss == nil {
			continue
		}
		v := *ss
		c.Steps[id] = &v
	}
	c.Timers = slices.Clone(st.Timers)
	c.History = slices.Clone(st.History)
	return &c
}
