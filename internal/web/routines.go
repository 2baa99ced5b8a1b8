package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/routine"
)

func (h *Handler) registerRoutines(mux *http.ServeMux) {
	mux.Handle("GET /routines", h.auth(h.routineList))
	mux.Handle("GET /routines/{id}", h.auth(h.routinePage))
}

func (h *Handler) routineList(w http.ResponseWriter, r *http.Request, s *session) {
	pg := h.newPage(r, "routines.title")
	pg.Nav, pg.Data = "routines", h.svc.Routines()
	h.render(w, r, http.StatusOK, "routines", pg)
}

type routineData struct {
	Routine  *routine.Routine
	Versions []int
	Compare  *routine.Routine  // the version before, to show what changed
	Changed  map[string]string // step ID → "added" or "changed"
	Removed  []*routine.Step
}

// routinePage shows a routine as its readers know it: every step with its
// ID, in the reader's language, and what changed since the version before,
// so that the quality document and the system cannot disagree.
func (h *Handler) routinePage(w http.ResponseWriter, r *http.Request, s *session) {
	v, _ := strconv.Atoi(r.URL.Query().Get("v"))
	rt, ok := h.svc.Routine(r.PathValue("id"), v)
	if !ok {
		h.fail(w, r, torg.Errorf(torg.ENOTFOUND, "error.not_found"))
		return
	}
	d := routineData{Routine: rt, Versions: h.svc.RoutineVersions(rt.ID), Changed: map[string]string{}}
	if i := slices.Index(d.Versions, rt.Version); i >= 0 && i+1 < len(d.Versions) {
		d.Compare, _ = h.svc.Routine(rt.ID, d.Versions[i+1])
	}
	if d.Compare != nil {
		d.Changed, d.Removed = diffSteps(d.Compare, rt, string(language(r)))
	}
	pg := h.newPage(r, "routines.title")
	pg.Nav, pg.Data = "routines", d
	pg.Title = rt.Title.In(string(pg.Lang))
	h.render(w, r, http.StatusOK, "routine", pg)
}

// diffSteps compares two versions step by step: which steps are new,
// which read differently, and which are gone.
func diffSteps(old, cur *routine.Routine, l string) (map[string]string, []*routine.Step) {
	before := map[string]*routine.Step{}
	for _, s := range old.Steps {
		before[s.ID] = s
	}
	changed := map[string]string{}
	for _, s := range cur.Steps {
		o, ok := before[s.ID]
		switch {
		case !ok:
			changed[s.ID] = "added"
		case stepText(o, l) != stepText(s, l):
			changed[s.ID] = "changed"
		}
		delete(before, s.ID)
	}
	var removed []*routine.Step
	for _, s := range old.Steps {
		if _, gone := before[s.ID]; gone {
			removed = append(removed, s)
		}
	}
	return changed, removed
}

func stepText(s *routine.Step, lang string) string {
	t := s.Kind + "|" + s.Title.In(lang)
	for _, d := range s.Details(lang) {
		t += "|" + d.Label + "=" + d.Value
	}
	return t
}

// In returns a routine text in the page's language.
func (p *page) In(t routine.Text) string { return t.In(string(p.Lang)) }

// KindName names a step kind in the page's language.
func (p *page) KindName(kind string) string { return routine.KindName(kind, string(p.Lang)) }

// StepDetails lists a step's details in the page's language.
func (p *page) StepDetails(s *routine.Step) []routine.Detail { return s.Details(string(p.Lang)) }

// Upcoming says in the page's language what a routine will do next and
// when: the step, its title and, for a timer, what follows it.
func (p *page) Upcoming(r *routine.Routine, u routine.Upcoming) string {
	title := u.Step
	for _, st := range r.Steps {
		if st.ID == u.Step {
			title = st.ID + " " + p.In(st.Title)
		}
	}
	when := p.Day(u.Due)
	if !u.At.IsZero() {
		when = p.DateTime(u.At)
	}
	var then []string
	for _, pl := range u.Then {
		then = append(then, pl.Step+" ("+strings.ToLower(p.KindName(pl.Kind))+")")
	}
	switch {
	case len(then) == 0 && when == "":
		return p.T("case.upcoming_person_no_due", "step", title)
	case len(then) == 0:
		return p.T("case.upcoming_person", "when", when, "step", title)
	case when == "":
		when = p.T("case.no_date")
	}
	return p.T("case.upcoming", "step", title, "when", when, "then", strings.Join(then, ", "))
}

// OutcomeTitle names a decision step's outcome in the page's language.
func (p *page) OutcomeTitle(routineID, step, outcome string) string {
	if r, ok := p.routines(routineID); ok {
		for _, st := range r.Steps {
			if st.ID != step {
				continue
			}
			for _, o := range st.Outcomes {
				if o.Name == outcome {
					return p.In(o.Title)
				}
			}
		}
	}
	if outcome == routine.OutcomeAnswered || outcome == routine.OutcomeNotAnswered {
		return p.T("case.contact_" + outcome) // a contact step's outcomes are the call's
	}
	return outcome
}
