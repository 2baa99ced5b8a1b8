package casework_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestProtected(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		if _, err := f.Svc.LoadRoutines(ctx); err != nil {
			t.Fatal(err)
		}
		// The table would give every applicant to EG, who is not cleared.
		rules := []casework.DistributionRule{{From: 1, To: 31, EmployeeID: f.EG.ID}}
		if err := f.Svc.SetDistributionRules(ctx, f.Leader, f.Debt.ID, rules); err != nil {
			t.Fatal(err)
		}
		in := application("protected-1", casetest.ProtectedNIN, "Sara")
		in.FamilyName, in.Address = "Skjult", "Hjemmeveien 9"
		c, _ := mustApply(t, f, in)
		t.Run("DC1.3 a strictly protected applicant's case goes to the cleared leader, not by the table", func(t *testing.T) {
			if c.ResponsibleID != f.Leader.ID {
				t.Errorf("responsible %d, want the leader %d (EG is %d)", c.ResponsibleID, f.Leader.ID, f.EG.ID)
			}
			if slices.Contains(c.Markers, casework.MarkerProtected) {
				t.Errorf("markers %v: a cleared responsible needs no marker", c.Markers)
			}
		})
		t.Run("DC1.3 a counsellor without clearance does not find the case", func(t *testing.T) {
			for _, e := range []*torg.Employee{f.EG, f.KH} {
				if _, err := f.Svc.Case(ctx, e, c.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
					t.Errorf("%s: case err %v, want ENOTFOUND", e.Username, err)
				}
				if cs, err := f.Svc.PersonCases(ctx, e, f.Protected.ID); err != nil || hasCase(cs, c.ID) {
					t.Errorf("%s: person cases %v, %v; want without case %d", e.Username, caseIDs(cs), err, c.ID)
				}
				l, err := f.Svc.CaseList(ctx, e, casework.CaseListFilter{})
				if err != nil || hasCase(l.Cases, c.ID) {
					t.Fatalf("%s: case list %v, %v; want without case %d", e.Username, caseIDs(l.Cases), err, c.ID)
				}
				if l.Total != len(l.Cases) {
					t.Errorf("%s: total %d counts hidden cases (%d shown)", e.Username, l.Total, len(l.Cases))
				}
				tasks, err := f.Svc.WorkList(ctx, e)
				if err != nil {
					t.Fatal(err)
				}
				for _, tk := range tasks {
					if tk.CaseID == c.ID || (tk.CaseNumber != "" && tk.CaseNumber == c.Number()) {
						t.Errorf("%s: work list links task %d to the protected case", e.Username, tk.ID)
					}
				}
			}
			if ds, err := f.Svc.DeskCases(ctx, f.FrontDesk, f.Protected.ID); err != nil || len(ds) != 0 {
				t.Errorf("desk cases %v, %v; want none", ds, err)
			}
		})
		t.Run("DC1.3 the cleared leader sees the case", func(t *testing.T) {
			if _, err := f.Svc.Case(ctx, f.Leader, c.ID); err != nil {
				t.Fatalf("case: %v", err)
			}
			if cs, err := f.Svc.PersonCases(ctx, f.Leader, f.Protected.ID); err != nil || !hasCase(cs, c.ID) {
				t.Errorf("person cases %v, %v; want case %d", caseIDs(cs), err, c.ID)
			}
			if l, err := f.Svc.CaseList(ctx, f.Leader, casework.CaseListFilter{}); err != nil || !hasCase(l.Cases, c.ID) {
				t.Errorf("case list: %v; want case %d", err, c.ID)
			}
		})
		t.Run("DC1.3 a strict applicant's address from the form is not stored", func(t *testing.T) {
			p, err := db.R().PersonByNIN(ctx, f.Muni.ID, casetest.ProtectedNIN)
			if err != nil {
				t.Fatal(err)
			}
			if p.Address != f.Protected.Address || strings.Contains(p.Address+p.Postcode+p.City, "Hjemmeveien") {
				t.Errorf("address %q %q %q, want the registry's %q", p.Address, p.Postcode, p.City, f.Protected.Address)
			}
			v, err := f.Svc.Case(ctx, f.Leader, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range v.Records {
				if strings.Contains(r.Body+r.Correspondent+r.Title, "Hjemmeveien") {
					t.Errorf("record %d keeps the form's address", r.ID)
				}
			}
		})
		t.Run("DC1.3 without cleared staff the case is unassigned and marked protected", func(t *testing.T) {
			in := application("protected-2", casetest.ConfidentialNIN, "Tore")
			in.FamilyName, in.UnitCode = "Tausen", "child"
			c, _ := mustApply(t, f, in)
			if c.ResponsibleID != 0 || !slices.Contains(c.Markers, casework.MarkerProtected) {
				t.Errorf("responsible %d, markers %v; want nobody and %q", c.ResponsibleID, c.Markers, casework.MarkerProtected)
			}
			if _, err := f.Svc.Case(ctx, f.Outsider, c.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("uncleared counsellor: err %v, want ENOTFOUND", err)
			}
		})
	})
}

func hasCase(cs []*torg.Case, id int64) bool {
	return slices.ContainsFunc(cs, func(c *torg.Case) bool { return c.ID == id })
}

func caseIDs(cs []*torg.Case) []int64 {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestProtectedPersonNotNamedInTasks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		in := walkIn(f, "protected-walk-in")
		in.PersonID = f.Protected.ID
		q, _, err := f.Svc.RegisterWalkIn(ctx, f.FrontDesk, in)
		if err != nil {
			t.Fatal(err)
		}
		task, err := f.Svc.Task(ctx, f.Leader, q.TaskID)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(task.Title, f.Protected.FamilyName) || !strings.Contains(task.Title, "beskyttet adresse") {
			t.Errorf("DC1.3 the follow-up task of a protected person is titled %q; it must not name them", task.Title)
		}
	})
}
