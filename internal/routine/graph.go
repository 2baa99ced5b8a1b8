package routine

import (
	"slices"
	"strings"
)

// stepTrigger reports whether t is step_done or step_cancelled.
func stepTrigger(t Trigger) bool {
	return t.Event == EventStepDone || t.Event == EventStepCancelled
}

// references checks that triggers name existing steps and outcomes, and
// that every outcome of a decision leads somewhere.
func (l *linter) references() {
	ids := make([]string, len(l.r.Steps))
	for i, s := range l.r.Steps {
		ids[i] = s.ID
	}
	for _, s := range l.r.Steps {
		for _, ts := range [][]Trigger{s.On, s.CancelledBy, s.RestartedBy} {
			for _, t := range ts {
				l.reference(s, t, ids)
			}
		}
	}
	for _, s := range l.r.Steps {
		if s.Kind == KindDecision {
			l.outcomesLead(s)
		}
	}
}

// reference checks one trigger of step s.
func (l *linter) reference(s *Step, t Trigger, ids []string) {
	if t.Event == EventContactLogged && t.Outcome != "" &&
		t.Outcome != OutcomeAnswered && t.Outcome != OutcomeNotAnswered {
		l.errorf(t.Line, "step %s: contact_logged is answered or not_answered, not %q", s.ID, t.Outcome)
	}
	if !stepTrigger(t) {
		return
	}
	target := l.r.Step(t.Step)
	if target == nil {
		l.errorf(t.Line, "step %s: %s names step %s, which this routine does not have%s",
			s.ID, t.Event, t.Step, suggest(t.Step, ids))
		return
	}
	outcomes := target.PossibleOutcomes()
	if t.Event == EventStepCancelled {
		if target.instant() {
			l.errorf(t.Line, "step %s: step %s finishes at once and is never cancelled", s.ID, target.ID)
			return
		}
		outcomes = target.CancelOutcomes()
	}
	if t.Outcome != "" && !slices.Contains(outcomes, t.Outcome) {
		l.errorf(t.Line, "step %s: step %s has no outcome %q; its outcomes are %s",
			s.ID, target.ID, t.Outcome, strings.Join(outcomes, ", "))
	}
}

// outcomesLead reports the outcomes of decision d that no step starts on.
func (l *linter) outcomesLead(d *Step) {
	for _, c := range d.Outcomes {
		if !l.leadsTo(d.ID, EventStepDone, c.Name, nil) {
			l.errorf(c.Line, "step %s: outcome %s leads nowhere; no step has on: {step_done: %s %s}",
				d.ID, c.Name, d.ID, c.Name)
		}
	}
}

// leadsTo reports whether some step (among only, if not nil) starts on
// event (step_done or step_cancelled) of step id with outcome.
func (l *linter) leadsTo(id, event, outcome string, only map[string]bool) bool {
	for _, s := range l.r.Steps {
		if only != nil && !only[s.ID] {
			continue
		}
		for _, t := range s.On {
			if t.Event == event && t.Step == id && (t.Outcome == "" || t.Outcome == outcome) {
				return true
			}
		}
	}
	return false
}

// reachable reports steps that no chain of triggers can start.
func (l *linter) reachable() {
	reached := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, s := range l.r.Steps {
			if reached[s.ID] {
				continue
			}
			for _, t := range s.On {
				if !stepTrigger(t) || reached[t.Step] {
					reached[s.ID], changed = true, true
					break
				}
			}
		}
	}
	for _, s := range l.r.Steps {
		if !reached[s.ID] && len(s.On) > 0 {
			l.errorf(s.Line, "step %s can never start: it only starts after steps that never start themselves", s.ID)
		}
	}
}

// loops reports cycles of steps that start each other with no way out:
// none of them closes the case, can be cancelled into a step outside, runs
// only once, or has an outcome that no step of the cycle starts on.
func (l *linter) loops() {
	for _, scc := range l.cycles() {
		members := map[string]bool{}
		for _, s := range scc {
			members[s.ID] = true
		}
		if !slices.ContainsFunc(scc, func(s *Step) bool { return l.exits(s, members) }) {
			names := make([]string, len(scc))
			for i, s := range scc {
				names[i] = s.ID
			}
			l.errorf(scc[0].Line, "steps %s form a loop with no way out; add a close step, a cancelled_by, "+
				"or an outcome that leaves the loop", strings.Join(names, " → "))
		}
	}
}

// exits reports whether step s can leave the cycle of members.
func (l *linter) exits(s *Step, members map[string]bool) bool {
	if s.Kind == KindClose || s.Once {
		return true
	}
	for _, o := range s.PossibleOutcomes() {
		if !l.leadsTo(s.ID, EventStepDone, o, members) {
			return true
		}
	}
	if len(s.CancelledBy) == 0 {
		return false
	}
	for _, o := range s.CancelOutcomes() {
		if o != OutcomeManual && !l.leadsTo(s.ID, EventStepCancelled, o, members) {
			return true
		}
	}
	return false
}

// successors returns the steps that start on step_done or step_cancelled
// of s.
func (l *linter) successors(s *Step) []*Step {
	var out []*Step
	for _, t := range l.r.Steps {
		if slices.ContainsFunc(t.On, func(tr Trigger) bool { return stepTrigger(tr) && tr.Step == s.ID }) {
			out = append(out, t)
		}
	}
	return out
}

// cycles returns the strongly connected components of the step graph that
// contain a cycle, each in file order (Tarjan's algorithm).
func (l *linter) cycles() [][]*Step {
	t := &tarjan{l: l, index: map[*Step]int{}, low: map[*Step]int{}, on: map[*Step]bool{}}
	for _, s := range l.r.Steps {
		if _, seen := t.index[s]; !seen {
			t.visit(s)
		}
	}
	order := map[*Step]int{}
	for i, s := range l.r.Steps {
		order[s] = i
	}
	for _, c := range t.out {
		slices.SortFunc(c, func(a, b *Step) int { return order[a] - order[b] })
	}
	slices.SortFunc(t.out, func(a, b []*Step) int { return order[a[0]] - order[b[0]] })
	return t.out
}

// tarjan holds the state of one run of Tarjan's algorithm.
type tarjan struct {
	l     *linter
	n     int
	index map[*Step]int
	low   map[*Step]int
	on    map[*Step]bool
	stack []*Step
	out   [][]*Step
}

// visit is Tarjan's strongconnect.
func (t *tarjan) visit(s *Step) {
	t.index[s], t.low[s] = t.n, t.n
	t.n++
	t.stack = append(t.stack, s)
	t.on[s] = true
	self := false
	for _, w := range t.l.successors(s) {
		if w == s {
			self = true
		}
		if _, seen := t.index[w]; !seen {
			t.visit(w)
			t.low[s] = min(t.low[s], t.low[w])
		} else if t.on[w] {
			t.low[s] = min(t.low[s], t.index[w])
		}
	}
	if t.low[s] != t.index[s] {
		return
	}
	var comp []*Step
	for {
		w := t.stack[len(t.stack)-1]
		t.stack = t.stack[:len(t.stack)-1]
		t.on[w] = false
		comp = append(comp, w)
		if w == s {
			break
		}
	}
	if len(comp) > 1 || self {
		t.out = append(t.out, comp)
	}
}
