package casework

import (
	"context"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/letter"
	"github.com/torg-kommune/torg/internal/routine"
)

// Work list groups, in the order the list shows them.
const (
	GroupOverdue = "overdue"
	GroupToday   = "today"
	GroupLater   = "later"
	GroupNoDue   = "no_due"
)

// maxNext bounds how many of a case's coming steps the work list shows.
const maxNext = 2

// WorkDay is a counsellor's day: the open tasks grouped by when they are
// due, each with its case and what the case's routine does next.
type WorkDay struct {
	Today  torg.Date
	Groups []WorkGroup // overdue, today, later, no due date: always all four
	Count  int
}

// WorkGroup is the tasks of a work list group.
type WorkGroup struct {
	Name  string
	Items []WorkItem
}

// WorkItem is a task on the work list. PersonName is the case's applicant,
// empty when the employee is not cleared for the case (DC1.3).
type WorkItem struct {
	*torg.Task
	PersonName string
	Next       []NextStep
	Closing    bool // the task is the closing note, written on the close page (DC8.2)
}

// NextStep is something a case's routine will do by itself, and when:
// the letter or step that follows a timer.
type NextStep struct {
	Step  string
	Title routine.Text
	At    time.Time
}

// WorkDay returns the employee's work list grouped into overdue, due
// today, later and without a due date, by the date in the municipality.
func (s *Service) WorkDay(ctx context.Context, a *torg.Employee) (*WorkDay, error) {
	ts, cases, err := s.workList(ctx, a)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	d := &WorkDay{Today: s.today(m), Count: len(ts)}
	for _, name := range []string{GroupOverdue, GroupToday, GroupLater, GroupNoDue} {
		d.Groups = append(d.Groups, WorkGroup{Name: name})
	}
	next := map[int64][]NextStep{}
	for _, t := range ts {
		it := WorkItem{Task: t, Closing: t.RoutineID == debtRoutine && t.Step == ClosingStep}
		if c := cases[t.CaseID]; c != nil {
			it.PersonName = applicantName(c)
			if _, ok := next[c.ID]; !ok {
				if next[c.ID], err = s.nextSteps(ctx, c.ID); err != nil {
					return nil, err
				}
			}
			it.Next = next[c.ID]
		}
		g := &d.Groups[dueGroup(t.Due, d.Today)]
		g.Items = append(g.Items, it)
	}
	return d, nil
}

// dueGroup returns the index of the group of a task due on due.
func dueGroup(due, today torg.Date) int {
	switch {
	case due.IsZero():
		return 3
	case due.Before(today):
		return 0
	case due == today:
		return 1
	}
	return 2
}

// applicantName is the name of a case's applicant. It is only called for
// cases the employee is cleared for, so a protected person is named only
// to those cleared for them.
func applicantName(c *torg.Case) string {
	for _, p := range c.Parties {
		if p.Role == torg.PartyApplicant && p.PersonID != 0 {
			return p.Name
		}
	}
	return ""
}

// nextSteps lists what a case's routines will do by themselves, soonest
// first: for each timer that acts, the step that follows it, a letter
// named by its template's title.
func (s *Service) nextSteps(ctx context.Context, caseID int64) ([]NextStep, error) {
	crs, err := s.caseRoutines(ctx, caseID)
	if err != nil {
		return nil, err
	}
	var out []NextStep
	for _, cr := range crs {
		for _, u := range cr.Upcoming {
			if u.Role != routine.TimerAct || len(out) == maxNext {
				continue
			}
			out = append(out, nextStep(cr.Routine, u))
		}
	}
	return out, nil
}

func nextStep(r *routine.Routine, u routine.Upcoming) NextStep {
	n := NextStep{Step: u.Step, At: u.At}
	if st := r.Step(u.Step); st != nil {
		n.Title = st.Title
	}
	for _, p := range u.Then {
		st := r.Step(p.Step)
		if st == nil || st.Kind == routine.KindWait {
			continue
		}
		n.Step, n.Title = st.ID, st.Title
		if p.Template != "" {
			n.Title = templateTitle(p.Template, st.Title)
		}
		break
	}
	return n
}

// templateTitle is a letter's title in every language, as staff know the
// letters ("Varsel om avslutning"); a language without the template keeps
// the step's title.
func templateTitle(name string, fallback routine.Text) routine.Text {
	out := routine.Text{}
	for _, lang := range routine.Languages {
		out[lang] = fallback.In(lang)
		if t, ok := letter.Lookup(name, lang); ok && t.Title != "" {
			out[lang] = t.Title
		}
	}
	return out
}

// DistributionUnits lists the units whose distribution table (DC1.4) an
// employee sees in the navigation: for a leader the units they lead that
// have counsellors, where they keep the table; for a counsellor their own,
// where they read it and record their absences. Anyone else gets none.
func (s *Service) DistributionUnits(ctx context.Context, a *torg.Employee) ([]*torg.Unit, error) {
	if a == nil || !a.Has(torg.RoleLeader) && !a.Has(torg.RoleCounsellor) {
		return nil, nil
	}
	var out []*torg.Unit
	for _, id := range a.Units {
		ok, err := s.db.R().UnitHasRole(ctx, id, torg.RoleCounsellor)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		u, err := s.db.R().Unit(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}
