package casework_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestCaseList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		other := addCases(t, f)
		t.Run("DC1.6 the year's case list shows the unit's cases only", func(t *testing.T) { testCaseListUnit(t, f, other) })
		t.Run("DC1.6 filter by status, responsible and query", func(t *testing.T) { testCaseListFilters(t, f) })
		t.Run("DC1.6 pages of 50, newest first", func(t *testing.T) { testCaseListPages(t, f) })
		t.Run("DC1.7 marking a case as Drop-In shows on the list", func(t *testing.T) { testDropIn(t, f) })
	})
}

// addCases gives the debt unit 55 more cases in the fixture's year (every
// fifth open and KH's, one titled "Ola Hansen") and the other unit one.
func addCases(t *testing.T, f *casetest.Fixture) *torg.Case {
	t.Helper()
	other := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Other.ID, Type: "child", Title: "Barnevernssak 50%"}
	err := f.DB.Write(ctx, func(q *store.Q) error {
		for i := range 55 {
			c := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt,
				Title: fmt.Sprintf("Gjeldsrådgivning – Person %d", i)}
			if i%5 == 0 {
				c.Status, c.ResponsibleID = torg.CaseOpen, f.KH.ID
			}
			if i == 7 {
				c.Title = "Gjeldsrådgivning – Ola Hansen"
			}
			if err := q.CreateCase(ctx, c, casetest.Now); err != nil {
				return err
			}
		}
		return q.CreateCase(ctx, other, casetest.Now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return other
}

func caseList(t *testing.T, a *torg.Employee, f casework.CaseListFilter, svc *casework.Service) *casework.CaseList {
	t.Helper()
	l, err := svc.CaseList(ctx, a, f)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func testCaseListUnit(t *testing.T, f *casetest.Fixture, other *torg.Case) {
	l := caseList(t, f.EG, casework.CaseListFilter{}, f.Svc)
	if l.Filter.Year != 2026 || l.Total != 56 || len(l.Cases) != 50 {
		t.Fatalf("year %d, total %d, %d shown; want 2026, 56, 50", l.Filter.Year, l.Total, len(l.Cases))
	}
	for _, c := range l.Cases {
		if c.UnitID != f.Debt.ID {
			t.Errorf("EG sees %s of unit %d", c.Number(), c.UnitID)
		}
	}
	out := caseList(t, f.Outsider, casework.CaseListFilter{}, f.Svc)
	if out.Total != 1 || out.Cases[0].ID != other.ID {
		t.Errorf("outsider sees %d cases, want only the other unit's", out.Total)
	}
	if _, err := f.Svc.CaseList(ctx, f.FrontDesk, casework.CaseListFilter{}); torg.ErrorCode(err) != torg.EFORBIDDEN {
		t.Errorf("front desk: %v, want forbidden", err)
	}
	if l := caseList(t, f.EG, casework.CaseListFilter{Year: 2025}, f.Svc); l.Total != 0 {
		t.Errorf("2025 has %d cases", l.Total)
	}
	var listed bool
	f.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
		listed = listed || (e.Action == "case.list" && e.ActorID == f.EG.ID)
		return nil
	})
	if !listed {
		t.Error("no case.list audit event")
	}
}

func testCaseListFilters(t *testing.T, f *casetest.Fixture) {
	for _, tc := range []struct {
		name   string
		filter casework.CaseListFilter
		want   int
	}{
		{"status", casework.CaseListFilter{Status: torg.CaseOpen}, 12}, // Kari's and 11 of the 55
		{"responsible", casework.CaseListFilter{ResponsibleID: f.KH.ID}, 11},
		{"status and responsible", casework.CaseListFilter{Status: torg.CaseCreated, ResponsibleID: f.KH.ID}, 0},
		{"title", casework.CaseListFilter{Query: "ola HANSEN"}, 1},
		{"title wildcard is literal", casework.CaseListFilter{Query: "50%"}, 0},
		{"number", casework.CaseListFilter{Query: f.KariCase.Number()}, 1},
		{"short number", casework.CaseListFilter{Query: fmt.Sprint(f.KariCase.Seq)}, 1},
	} {
		l := caseList(t, f.EG, tc.filter, f.Svc)
		if l.Total != tc.want {
			t.Errorf("%s: %d cases, want %d", tc.name, l.Total, tc.want)
		}
	}
	l := caseList(t, f.EG, casework.CaseListFilter{Query: f.KariCase.Number()}, f.Svc)
	if len(l.Cases) != 1 || l.Cases[0].ID != f.KariCase.ID {
		t.Errorf("by number found %v", l.Cases)
	}
	_, err := f.Svc.CaseList(ctx, f.EG, casework.CaseListFilter{Query: casetest.KariNIN})
	if e := torg.AsError(err); e == nil || e.Field != "q" || e.Key != "caselist.no_nin" {
		t.Errorf("search by national ID: %v", err)
	}
}

func testCaseListPages(t *testing.T, f *casetest.Fixture) {
	p1 := caseList(t, f.EG, casework.CaseListFilter{}, f.Svc)
	p2 := caseList(t, f.EG, casework.CaseListFilter{Page: 2}, f.Svc)
	if p1.Pages != 2 || len(p2.Cases) != 6 {
		t.Fatalf("%d pages, %d on page 2; want 2 and 6", p1.Pages, len(p2.Cases))
	}
	all := append(p1.Cases, p2.Cases...)
	if !slices.IsSortedFunc(all, func(a, b *torg.Case) int { return b.Seq - a.Seq }) {
		t.Error("not newest first")
	}
	if all[len(all)-1].ID != f.KariCase.ID {
		t.Error("the first case of the year is not last")
	}
}

func testDropIn(t *testing.T, f *casetest.Fixture) {
	find := func() *torg.Case {
		l := caseList(t, f.EG, casework.CaseListFilter{Query: f.KariCase.Number()}, f.Svc)
		return l.Cases[0]
	}
	if err := f.Svc.SetMarker(ctx, f.EG, f.KariCase.ID, casework.MarkerDropIn, true); err != nil {
		t.Fatal(err)
	}
	f.Svc.SetMarker(ctx, f.EG, f.KariCase.ID, casework.MarkerDropIn, true)
	if got := find().Markers; !slices.Equal(got, []string{"drop_in"}) {
		t.Errorf("markers %v, want [drop_in] once", got)
	}
	if err := f.Svc.SetMarker(ctx, f.EG, f.KariCase.ID, casework.MarkerDropIn, false); err != nil {
		t.Fatal(err)
	}
	if got := find().Markers; len(got) != 0 {
		t.Errorf("markers %v after clearing", got)
	}
	if err := f.Svc.SetMarker(ctx, f.Outsider, f.KariCase.ID, casework.MarkerDropIn, true); torg.ErrorCode(err) != torg.ENOTFOUND {
		t.Errorf("outsider set a marker: %v", err)
	}
	if err := f.Svc.SetMarker(ctx, f.EG, f.KariCase.ID, "power_of_attorney_ended", true); torg.ErrorCode(err) != torg.EINVALID {
		t.Errorf("routine marker set by hand: %v", err)
	}
	var audited int
	f.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
		if e.Action == "case.marker" && e.PersonID == f.Kari.ID {
			audited++
		}
		return nil
	})
	if audited != 3 {
		t.Errorf("%d case.marker events, want 3", audited)
	}
}
