package web

import (
	"io/fs"
	"testing"

	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
)

// TestOutcomeTitle checks that the work list names a decision's outcomes
// and a contact step's as the page's language does, never by their keys.
func TestOutcomeTitle(t *testing.T) {
	src, err := fs.ReadFile(routine.SeedFiles(), "dc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dc, err := routine.Parse("dc.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	pg := &page{p: i18n.New(i18n.NB), Lang: i18n.NB, routines: func(id string) (*routine.Routine, bool) { return dc, id == dc.ID }}
	for _, tt := range []struct{ step, outcome, want string }{
		{"DC2.1", "unresolved_matters", "Uavklarte forhold (f.eks. ingen inntekt)"},
		{"DC2.2", "answered", pg.T("case.contact_answered")},
		{"DC2.2", "not_answered", pg.T("case.contact_not_answered")},
		{"DC9.1-call", "not_answered", pg.T("case.contact_not_answered")},
	} {
		if got := pg.OutcomeTitle(dc.ID, tt.step, tt.outcome); got != tt.want || got == tt.outcome {
			t.Errorf("%s %s: %q, want %q", tt.step, tt.outcome, got, tt.want)
		}
	}
}

// TestUpcomingWithoutDue checks that a step waiting for a person without a
// due date reads as such on the case page, not as "due: no due date".
func TestUpcomingWithoutDue(t *testing.T) {
	src, err := fs.ReadFile(routine.SeedFiles(), "dc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dc, err := routine.Parse("dc.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	pg := &page{p: i18n.New(i18n.NB), Lang: i18n.NB}
	got := pg.Upcoming(dc, routine.Upcoming{Step: "DC8.1", Role: routine.RolePerson})
	if want := "Uten frist: DC8.1 Avslutt saken på sakslista og i Inkassoregisteret"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
