package routine

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// Upcoming is something the routine will do next: a pending timer and what
// follows when it fires, or a step waiting for a person.
type Upcoming struct {
	Step     string    `json:"step"`
	At       time.Time `json:"at,omitzero"`     // when the timer fires; zero for a person's step
	Role     string    `json:"role"`            // remind, act, or person
	Due      torg.Date `json:"due,omitzero"`    // a person's step: its due date, if any
	DueAt    time.Time `json:"due_at,omitzero"` // and its due time, if due in working hours
	Assignee *Assignee `json:"assignee,omitempty"`
	Then     []Planned `json:"then,omitempty"`   // what the routine does then
	Unless   []Trigger `json:"unless,omitempty"` // events that would stop it
}

// RolePerson marks an Upcoming that waits for a person, not a timer.
const RolePerson = "person"

// Planned is a step the routine will start.
type Planned struct {
	Step     string `json:"step"`
	Kind     string `json:"kind"`
	Template string `json:"template,omitempty"`
}

// String returns the item in English, as in "2026-12-29 08:00 DC2.6:
// letter DC2.6-letter svar_paa_soknad, unless contact_logged: answered or
// document_received".
func (u Upcoming) String() string {
	when := u.At.Format("2006-01-02 15:04")
	if u.Role == RolePerson {
		when = "waiting for " + u.Assignee.String()
		switch {
		case !u.DueAt.IsZero():
			when += ", due " + u.DueAt.Format("2006-01-02 15:04")
		case !u.Due.IsZero():
			when += ", due " + u.Due.String()
		}
	}
	parts := make([]string, len(u.Then))
	for i, p := range u.Then {
		parts[i] = strings.TrimSpace(p.Kind + " " + p.Step + " " + p.Template)
	}
	s := fmt.Sprintf("%s %s", when, u.Step)
	if u.Role == TimerRemind {
		s += " (reminder)"
	}
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, "; ")
	}
	if len(u.Unless) > 0 {
		names := make([]string, len(u.Unless))
		for i, t := range u.Unless {
			names[i] = t.String()
		}
		s += ", unless " + strings.Join(names, " or ")
	}
	return s
}

// Upcoming returns what the routine will do next: pending timers in the
// order they fire, each with the steps that follow, then the steps that
// wait for a person, in file order. A closed run has nothing upcoming.
func (r *Routine) Upcoming(st *State) []Upcoming {
	if !st.Closed.IsZero() {
		return nil
	}
	var out []Upcoming
	timers := slices.Clone(st.Timers)
	slices.SortStableFunc(timers, func(a, b Timer) int { return a.At.Compare(b.At) })
	for _, t := range timers {
		s := r.Step(t.Step)
		if s == nil {
			continue
		}
		u := Upcoming{Step: s.ID, At: t.At, Role: t.Role, Unless: s.CancelledBy}
		if t.Role == TimerAct {
			u.Then = r.follow(s.ID, OutcomeElapsed, 0)
		}
		out = append(out, u)
	}
	for _, s := range r.Steps {
		ss := st.Steps[s.ID]
		if ss == nil || ss.Status != StepActive || s.Kind == KindWait {
			continue
		}
		out = append(out, Upcoming{Step: s.ID, Role: RolePerson, Due: ss.Due, DueAt: ss.DueAt, Assignee: s.who(), Unless: s.CancelledBy})
	}
	return out
}

// follow returns the steps that start when step id finishes with outcome,
// and those that follow them at once.
func (r *Routine) follow(id, outcome string, depth int) []Planned {
	if depth > 8 {
		return nil
	}
	var out []Planned
	ev := Event{Kind: EventStepDone, Step: id, Outcome: outcome}
	for _, s := range r.Steps {
		if !matchAny(s.On, ev) {
			continue
		}
		out = append(out, Planned{Step: s.ID, Kind: s.Kind, Template: s.Template})
		if s.instant() && s.Kind != KindClose {
			out = append(out, r.follow(s.ID, s.PossibleOutcomes()[0], depth+1)...)
		}
	}
	return out
}
