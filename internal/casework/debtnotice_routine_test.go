package casework_test

import (
	"encoding/json"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// routineNotice registers a notice the way the officer does (DN1), so that
// its case runs the DN routine, and checks the person (DN2: not current).
func (f *dnFixture) routineNotice(t *testing.T, nin, kind string, amount torg.Money) *torg.DebtNotice {
	t.Helper()
	n, err := f.Svc.RegisterNotice(ctx, f.EG, casework.NoticeInput{NIN: nin, SenderKind: torg.SenderLandlord,
		SenderName: "Bostadsbolaget AB", Kind: kind, Amount: amount, Received: torg.Date{Year: 2026, Month: 11, Day: 20}})
	if err != nil {
		t.Fatal(err)
	}
	if n, _, err = f.Svc.CheckCurrent(ctx, f.EG, n.ID); err != nil {
		t.Fatal(err)
	}
	return n
}

// runState returns the DN routine's state on a case.
func runState(t *testing.T, db *store.DB, caseID int64) *routine.State {
	t.Helper()
	crs, err := db.R().CaseRoutines(ctx, caseID)
	if err != nil || len(crs) != 1 || crs[0].RoutineID != "debt_notices" || crs[0].Version < 2 {
		t.Fatalf("routines of case %d: %+v, %v; want debt_notices v2", caseID, crs, err)
	}
	st := &routine.State{}
	if err := json.Unmarshal(crs[0].State, st); err != nil {
		t.Fatal(err)
	}
	return st
}

func stepIs(t *testing.T, st *routine.State, step, status, outcome string) {
	t.Helper()
	ss := st.Steps[step]
	if ss == nil || ss.Status != status || (outcome != "" && ss.Outcome != outcome) {
		t.Errorf("step %s is %+v, want %s %s", step, ss, status, outcome)
	}
}

// openTasks returns the open tasks of a case by step.
func openTasks(t *testing.T, db *store.DB, caseID int64) map[string]*torg.Task {
	t.Helper()
	ts, err := db.R().CaseTasks(ctx, caseID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*torg.Task{}
	for _, tk := range ts {
		if !tk.IsDone() {
			out[tk.Step] = tk
		}
	}
	return out
}

func TestDebtNoticeRoutine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDNFixture(t, db)
		if _, err := f.Svc.LoadRoutines(ctx); err != nil {
			t.Fatal(err)
		}

		t.Run("DN5 the routine sends the letter and closes the intake record at once", func(t *testing.T) {
			n := f.routineNotice(t, dnPerNIN, torg.NoticeRent, 1_072_400)
			stepIs(t, runState(t, db, n.CaseID), "DN4", routine.StepActive, "")
			in, err := f.Svc.CloseNoticeIntake(ctx, f.EG, n.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			st := runState(t, db, n.CaseID)
			stepIs(t, st, "DN4", routine.StepDone, "no_children")
			stepIs(t, st, "DN5", routine.StepDone, routine.OutcomeSent)
			stepIs(t, st, "DN5-intake", routine.StepDone, "")
			if st.Closed.IsZero() {
				t.Error("DN5-close did not end the run")
			}
			c, err := db.R().Case(ctx, f.Muni.ID, n.CaseID)
			if err != nil {
				t.Fatal(err)
			}
			if c.Status.Active() || c.ResponsibleID != f.EG.ID {
				t.Errorf("notice case %s, responsible %d: want closed by the routine, handled by the officer", c.Status, c.ResponsibleID)
			}
			if in.Letter.Type != torg.RecordOutgoing || in.Letter.Title != "Vi har fått en underrättelse om att du har en skuld" ||
				in.Letter.CreatedBy != f.EG.ID {
				t.Errorf("letter %+v: want the routine's Swedish letter, sent in the officer's name", in.Letter)
			}
			if open := openTasks(t, db, n.CaseID); len(open) != 0 {
				t.Errorf("open tasks on the closed notice case: %v", open)
			}
		})

		var shred, handed *torg.DebtNotice
		t.Run("DN6 the copy goes to Child, youth and family, and the case waits for DN7", func(t *testing.T) {
			for i, p := range []**torg.DebtNotice{&shred, &handed} {
				n := f.routineNotice(t, casetest.KariNIN, torg.NoticeElectricity, torg.Money(420_000+i*100))
				if _, err := f.Svc.NoticeForInformation(ctx, f.EG, n.ID, ""); err != nil {
					t.Fatal(err)
				}
				st := runState(t, db, n.CaseID)
				stepIs(t, st, "DN6-letter", routine.StepDone, routine.OutcomeSent)
				stepIs(t, st, "DN6", routine.StepDone, "")
				stepIs(t, st, "DN7", routine.StepActive, "")
				open := openTasks(t, db, n.CaseID)
				if tk := open["DN6-notify"]; tk == nil || tk.UnitID != f.CYF.ID {
					t.Errorf("för kännedom task %+v, want it open on the Child, youth and family list", tk)
				}
				if tk := open["DN7"]; tk == nil || tk.UnitID != f.CYF.ID || len(tk.Outcomes) != 2 {
					t.Errorf("DN7 task %+v, want the secretary's decision on their unit's list", tk)
				}
				if c, _ := db.R().Case(ctx, f.Muni.ID, n.CaseID); !c.Status.Active() {
					t.Errorf("the notice case is %s before DN7", c.Status)
				}
				*p = n
			}
		})

		t.Run("DN7 shredding ends the routine and closes the notice case", func(t *testing.T) {
			if shred == nil {
				t.Skip("no notice from DN6")
			}
			if err := f.Svc.ShredNotice(ctx, f.Secretary, shred.ID); err != nil {
				t.Fatal(err)
			}
			st := runState(t, db, shred.CaseID)
			stepIs(t, st, "DN7", routine.StepDone, "no_child_case")
			stepIs(t, st, "DN7-shred", routine.StepDone, "")
			if st.Closed.IsZero() {
				t.Error("DN7-close did not end the run")
			}
			if c, _ := db.R().Case(ctx, f.Muni.ID, shred.CaseID); c.Status.Active() {
				t.Errorf("the notice case is %s after DN7", c.Status)
			}
			if open := openTasks(t, db, shred.CaseID); len(open) != 0 {
				t.Errorf("open tasks after DN7: %v", open)
			}
		})

		t.Run("DN7 a hand-over ends the routine and closes the notice case", func(t *testing.T) {
			if handed == nil {
				t.Skip("no notice from DN6")
			}
			var cc *torg.Case
			err := db.Write(ctx, func(q *store.Q) error {
				child := &torg.Person{MunicipalityID: f.Muni.ID, NIN: dnChildNIN, NINCountry: "SE", GivenName: "Lilla", FamilyName: "Nordmann"}
				if err := q.CreatePerson(ctx, child, casetest.Now); err != nil {
					return err
				}
				cc = &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.CYF.ID, Type: "child", Title: "Barnärende – Lilla",
					ResponsibleID: f.CW.ID, Status: torg.CaseOpen}
				if err := q.CreateCase(ctx, cc, casetest.Now); err != nil {
					return err
				}
				return q.AddParty(ctx, &torg.Party{CaseID: cc.ID, PersonID: child.ID, Role: torg.PartyApplicant})
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Svc.HandOverNotice(ctx, f.Secretary, handed.ID, cc.ID); err != nil {
				t.Fatal(err)
			}
			st := runState(t, db, handed.CaseID)
			stepIs(t, st, "DN7", routine.StepDone, "current_child_case")
			stepIs(t, st, "DN7-hand-over", routine.StepDone, "")
			if st.Closed.IsZero() {
				t.Error("DN7-close did not end the run")
			}
			if c, _ := db.R().Case(ctx, f.Muni.ID, handed.CaseID); c.Status.Active() {
				t.Errorf("the notice case is %s after DN7", c.Status)
			}
		})
	})
}
