package casework_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// distFixture is the fixture with AG added and the Kristiansand table:
// EG 1–12, KH 13–16, AG 17–31. The fixture's today is Monday 23 November
// 2026.
type distFixture struct {
	*casetest.Fixture
	AG    *torg.Employee
	Table []casework.DistributionRule
	n     int
}

func newDistFixture(t *testing.T, db *store.DB) *distFixture {
	t.Helper()
	f := &distFixture{Fixture: casetest.New(t, db)}
	if _, err := f.Svc.LoadRoutines(ctx); err != nil {
		t.Fatal(err)
	}
	f.AG = &torg.Employee{MunicipalityID: f.Muni.ID, Username: "ag", Name: "Ali Gundersen", Initials: "AG",
		Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{f.Debt.ID}, Active: true}
	if err := f.DB.Write(ctx, func(q *store.Q) error { return q.CreateEmployee(ctx, f.AG, "", casetest.Now) }); err != nil {
		t.Fatal(err)
	}
	f.Table = []casework.DistributionRule{{From: 1, To: 12, EmployeeID: f.EG.ID}, {From: 13, To: 16, EmployeeID: f.KH.ID},
		{From: 17, To: 31, EmployeeID: f.AG.ID}}
	return f
}

// settings saves the table with the given settings as the leader.
func (f *distFixture) settings(t *testing.T, set casework.DistributionSettings) {
	t.Helper()
	if err := f.Svc.SetDistribution(ctx, f.Leader, f.Debt.ID, f.Table, set); err != nil {
		t.Fatal(err)
	}
}

// applyBorn files a web application from a new person born on a day of
// January 1985.
func (f *distFixture) applyBorn(t *testing.T, day int) *torg.Case {
	t.Helper()
	f.n++
	in := application(fmt.Sprint("dist-", f.n), testNIN(t, day, 1, 60+f.n), "Dag")
	c, _ := mustApply(t, f.Fixture, in)
	return c
}

func (f *distFixture) absent(t *testing.T, e *torg.Employee, from, to string) *casework.Absence {
	t.Helper()
	a, err := f.Svc.AddAbsence(ctx, f.Leader, f.Debt.ID, casework.AbsenceInput{EmployeeID: e.ID, From: from, To: to, Note: "Ferie"})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDistributionByDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDistFixture(t, db)
		t.Run("DC1.4 by day of birth, the default: born on the 5th → EG whatever the day of receipt", func(t *testing.T) {
			if err := f.Svc.SetDistributionRules(ctx, f.Leader, f.Debt.ID, f.Table); err != nil {
				t.Fatal(err)
			}
			v, err := f.Svc.Distribution(ctx, f.Leader, f.Debt.ID)
			if err != nil || v.Settings.By != casework.ByBirthDay {
				t.Fatalf("settings %+v, %v; want by day of birth", v, err)
			}
			for day, want := range map[int]*torg.Employee{5: f.EG, 14: f.KH, 30: f.AG} {
				if c := f.applyBorn(t, day); c.ResponsibleID != want.ID {
					t.Errorf("born on the %d., received on the 23.: responsible %d, want %s", day, c.ResponsibleID, want.Initials)
				}
			}
		})
		t.Run("DC1.4 by day of receipt: received on the 23rd → AG whatever the birthday", func(t *testing.T) {
			f.settings(t, casework.DistributionSettings{By: casework.ByReceiptDay})
			for _, born := range []int{5, 14} {
				if c := f.applyBorn(t, born); c.ResponsibleID != f.AG.ID {
					t.Errorf("born on the %d.: responsible %d, want AG", born, c.ResponsibleID)
				}
			}
		})
		t.Run("DC1.4 by day of receipt: a paper application counts the day it arrived", func(t *testing.T) {
			dc := documentCentre(t, f.Fixture)
			for i, tc := range []struct {
				received string
				want     *torg.Employee
			}{{"2026-11-14", f.KH}, {"2026-11-02", f.EG}} {
				in := paper("paper-"+tc.received, testNIN(t, 25, 2, 70+i), "Pål", tc.received)
				c, _, err := f.Svc.RegisterPaperApplication(ctx, dc, in)
				if err != nil {
					t.Fatal(err)
				}
				if c.ResponsibleID != tc.want.ID {
					t.Errorf("received %s: responsible %d, want %s", tc.received, c.ResponsibleID, tc.want.Initials)
				}
			}
		})
		t.Run("DC1.4 only a leader of the unit sets the day and the fallback", func(t *testing.T) {
			for _, tc := range []struct {
				name  string
				a     *torg.Employee
				set   casework.DistributionSettings
				rules []casework.DistributionRule
				code  string
				field string
			}{
				{"a counsellor may not", f.EG, casework.DistributionSettings{By: casework.ByBirthDay}, f.Table, torg.EFORBIDDEN, ""},
				{"an unknown day", f.Leader, casework.DistributionSettings{By: "weekday"}, f.Table, torg.EINVALID, "by"},
				{"a fallback outside the unit", f.Leader, casework.DistributionSettings{By: casework.ByBirthDay, FallbackID: f.Outsider.ID},
					f.Table, torg.EINVALID, "fallback"},
				{"a good setting with a bad table", f.Leader, casework.DistributionSettings{By: casework.ByBirthDay, FallbackID: f.KH.ID},
					f.Table[:2], torg.EINVALID, "rules"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					err := f.Svc.SetDistribution(ctx, tc.a, f.Debt.ID, tc.rules, tc.set)
					if e := torg.AsError(err); e == nil || e.Code != tc.code || e.Field != tc.field {
						t.Errorf("err = %v, want %s on %q", err, tc.code, tc.field)
					}
				})
			}
			v, err := f.Svc.Distribution(ctx, f.Leader, f.Debt.ID)
			if err != nil || v.Settings != (casework.DistributionSettings{By: casework.ByReceiptDay}) || len(v.Rules) != 3 {
				t.Errorf("after refused changes: settings %+v, %d rules, %v; want them unchanged", v.Settings, len(v.Rules), err)
			}
		})
	})
}

func TestDistributionAbsence(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDistFixture(t, db)
		f.settings(t, casework.DistributionSettings{By: casework.ByBirthDay, FallbackID: f.KH.ID})
		away := f.absent(t, f.EG, "2026-11-20", "2026-11-27")
		t.Run("DC1.4 absent → fallback: the case goes to the fallback and its notes say why", func(t *testing.T) {
			c := f.applyBorn(t, 3)
			if c.ResponsibleID != f.KH.ID {
				t.Fatalf("responsible %d, want the fallback KH %d", c.ResponsibleID, f.KH.ID)
			}
			note := onlyNote(t, f.Fixture, c)
			for _, want := range []string{"Knut Hansen", "Eva Gran", "20.11.2026–27.11.2026", "dag 3"} {
				if !strings.Contains(note, want) {
					t.Errorf("note %q lacks %q", note, want)
				}
			}
			if tasks := leaderTasks(t, f.Fixture, c); len(tasks) != 0 {
				t.Errorf("the leaders got %d tasks for a case the fallback took", len(tasks))
			}
		})
		t.Run("DC1.4 absent → fallback: the counsellor present gets their cases as before", func(t *testing.T) {
			if c := f.applyBorn(t, 20); c.ResponsibleID != f.AG.ID {
				t.Errorf("responsible %d, want AG", c.ResponsibleID)
			}
		})
		t.Run("DC1.4 absent → fallback: without a fallback, the shared list and a task for the leaders", func(t *testing.T) {
			f.settings(t, casework.DistributionSettings{By: casework.ByBirthDay})
			c := f.applyBorn(t, 4)
			if c.ResponsibleID != 0 {
				t.Fatalf("responsible %d, want the shared list", c.ResponsibleID)
			}
			if note := onlyNote(t, f.Fixture, c); !strings.Contains(note, "felles liste") || !strings.Contains(note, "Eva Gran") {
				t.Errorf("note %q", note)
			}
			tasks := leaderTasks(t, f.Fixture, c)
			if len(tasks) != 1 || !strings.Contains(tasks[0].Title, "Fordel saken") {
				t.Fatalf("leader tasks %+v, want one to assign the case", tasks)
			}
			work, err := f.Svc.WorkList(ctx, f.Leader)
			if err != nil || !hasTask(work, tasks[0].ID) {
				t.Errorf("the leader's work list lacks the task: %v", err)
			}
		})
		t.Run("DC1.4 absent → fallback: a fallback who is away too leaves the case on the shared list", func(t *testing.T) {
			f.settings(t, casework.DistributionSettings{By: casework.ByBirthDay, FallbackID: f.KH.ID})
			f.absent(t, f.KH, "2026-11-23", "2026-11-23")
			if c := f.applyBorn(t, 6); c.ResponsibleID != 0 {
				t.Errorf("responsible %d, want the shared list", c.ResponsibleID)
			}
		})
		t.Run("DC1.4 absent → fallback: after the absence the table applies again", func(t *testing.T) {
			defer func(at time.Time) { f.Clock.T = at }(f.Clock.T)
			f.Clock.T = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
			c := f.applyBorn(t, 7)
			if c.ResponsibleID != f.EG.ID {
				t.Errorf("responsible %d, want EG back", c.ResponsibleID)
			}
			if notes, _ := db.R().CaseNotes(ctx, c.ID); len(notes) != 0 {
				t.Errorf("%d notes on a case distributed by the table", len(notes))
			}
		})
		t.Run("DC1.4 absent → fallback: a counsellor no longer active gets no new case", func(t *testing.T) {
			if err := f.Svc.DeleteAbsence(ctx, f.Leader, f.Debt.ID, away.ID); err != nil {
				t.Fatal(err)
			}
			ag := *f.AG
			ag.Active = false
			if err := db.Write(ctx, func(q *store.Q) error { return q.UpdateEmployee(ctx, &ag) }); err != nil {
				t.Fatal(err)
			}
			c := f.applyBorn(t, 25)
			if c.ResponsibleID != 0 { // KH, the fallback, is away today
				t.Errorf("responsible %d, want the shared list", c.ResponsibleID)
			}
			if note := onlyNote(t, f.Fixture, c); !strings.Contains(note, "ikke lenger er aktiv") {
				t.Errorf("note %q", note)
			}
		})
	})
}

func onlyNote(t *testing.T, f *casetest.Fixture, c *torg.Case) string {
	t.Helper()
	notes, err := f.DB.R().CaseNotes(ctx, c.ID)
	if err != nil || len(notes) != 1 {
		t.Fatalf("notes %+v, %v; want one", notes, err)
	}
	return notes[0].Body
}

// leaderTasks are the case's tasks for the unit's leaders that no routine made.
func leaderTasks(t *testing.T, f *casetest.Fixture, c *torg.Case) []*torg.Task {
	t.Helper()
	tasks, err := f.DB.R().CaseTasks(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []*torg.Task
	for _, tk := range tasks {
		if tk.AssigneeID == 0 && tk.RoutineID == "" {
			out = append(out, tk)
		}
	}
	return out
}

func TestAbsences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDistFixture(t, db)
		in := func(e *torg.Employee, from, to string) casework.AbsenceInput {
			return casework.AbsenceInput{EmployeeID: e.ID, From: from, To: to}
		}
		t.Run("DC1.4 a counsellor records their own absence, a leader anyone's", func(t *testing.T) {
			if _, err := f.Svc.AddAbsence(ctx, f.EG, f.Debt.ID, in(f.EG, "2026-12-01", "2026-12-05")); err != nil {
				t.Errorf("own: %v", err)
			}
			if _, err := f.Svc.AddAbsence(ctx, f.Leader, f.Debt.ID, in(f.KH, "2026-12-01", "2026-12-05")); err != nil {
				t.Errorf("leader: %v", err)
			}
			for _, tc := range []struct {
				name string
				a    *torg.Employee
				in   casework.AbsenceInput
			}{
				{"a colleague's", f.EG, in(f.KH, "2026-12-10", "2026-12-11")},
				{"the desk", f.FrontDesk, in(f.FrontDesk, "2026-12-10", "2026-12-11")},
				{"another unit's counsellor", f.Outsider, in(f.Outsider, "2026-12-10", "2026-12-11")},
			} {
				if _, err := f.Svc.AddAbsence(ctx, tc.a, f.Debt.ID, tc.in); torg.ErrorCode(err) != torg.EFORBIDDEN {
					t.Errorf("%s: err = %v, want EFORBIDDEN", tc.name, err)
				}
			}
		})
		t.Run("DC1.4 a wrong absence is refused with a clear message", func(t *testing.T) {
			for _, tc := range []struct {
				name, field, key string
				in               casework.AbsenceInput
			}{
				{"no date", "absence_from", "absence.date_invalid", in(f.EG, "", "2026-12-20")},
				{"no such day", "absence_to", "absence.date_invalid", in(f.EG, "2026-12-20", "31.11.2026")},
				{"back to front", "absence_to", "absence.to_before_from", in(f.EG, "2026-12-20", "2026-12-19")},
				{"overlapping", "absence_from", "absence.overlap", in(f.EG, "2026-12-05", "2026-12-08")},
				{"someone outside the unit", "absence_employee", "absence.employee_invalid", in(f.Outsider, "2026-12-20", "2026-12-21")},
			} {
				e := torg.AsError(addAbsenceErr(f, tc.in))
				if e == nil || e.Code != torg.EINVALID || e.Field != tc.field || e.Key != tc.key {
					t.Errorf("%s: err = %v, want %s on %s", tc.name, e, tc.key, tc.field)
				}
			}
		})
		t.Run("DC1.4 a counsellor sees their own absences, a leader everyone's", func(t *testing.T) {
			for _, tc := range []struct {
				a    *torg.Employee
				want int
				edit bool
			}{{f.EG, 1, false}, {f.Leader, 2, true}} {
				v, err := f.Svc.Distribution(ctx, tc.a, f.Debt.ID)
				if err != nil || len(v.Absences) != tc.want || v.CanEdit != tc.edit {
					t.Errorf("%s: %v; want %d absences, edit %v", tc.a.Username, err, tc.want, tc.edit)
				}
			}
			if _, err := f.Svc.Distribution(ctx, f.Outsider, f.Debt.ID); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("outsider: err = %v, want EFORBIDDEN", err)
			}
		})
		t.Run("DC1.4 only who may record an absence deletes it", func(t *testing.T) {
			v, _ := f.Svc.Distribution(ctx, f.Leader, f.Debt.ID)
			var kh *casework.Absence
			for _, a := range v.Absences {
				if a.EmployeeID == f.KH.ID {
					kh = a
				}
			}
			if err := f.Svc.DeleteAbsence(ctx, f.EG, f.Debt.ID, kh.ID); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("a colleague: err = %v, want EFORBIDDEN", err)
			}
			if err := f.Svc.DeleteAbsence(ctx, f.KH, f.Debt.ID, kh.ID); err != nil {
				t.Errorf("their own: %v", err)
			}
			if v, _ := f.Svc.Distribution(ctx, f.Leader, f.Debt.ID); len(v.Absences) != 1 {
				t.Errorf("%d absences left, want 1", len(v.Absences))
			}
		})
	})
}

func addAbsenceErr(f *distFixture, in casework.AbsenceInput) error {
	_, err := f.Svc.AddAbsence(ctx, f.Leader, f.Debt.ID, in)
	return err
}
