package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// workList returns an employee's work list through the API.
func (e *env) workList(t *testing.T, as *torg.Employee) []taskDTO {
	t.Helper()
	var list taskList
	e.get(t, as, "/tasks").json(t, http.StatusOK, &list)
	return list.Tasks
}

func (e *env) testTasks(t *testing.T) {
	q := e.walkIn(t, "Vil snakke med rådgiver om inkassokrav.", "")
	if q.TaskID == nil {
		t.Fatal("the walk-in made no task")
	}
	id := *q.TaskID
	isIt := func(tk taskDTO) bool { return tk.ID == id }
	complete := fmt.Sprintf("/tasks/%d/complete", id)

	t.Run("FD1.2 the follow-up is on the responsible counsellor's work list", func(t *testing.T) {
		tk := find(e.workList(t, e.EG), isIt)
		if tk == nil {
			t.Fatalf("task %d is not on Eva Gran's list", id)
		}
		if tk.AssigneeName == nil || *tk.AssigneeName != "Eva Gran" || tk.RecordID == nil || *tk.RecordID != q.RecordID ||
			tk.CaseNumber == nil || tk.Due == nil || tk.Due.String() != "2026-11-24" || tk.Done != nil {
			t.Errorf("task = %+v, want due the next working day", tk)
		}
		if find(e.workList(t, e.KH), isIt) != nil {
			t.Error("the task is also on Knut Hansen's list")
		}
	})
	t.Run("only its assignee or a leader of the unit may complete it", func(t *testing.T) {
		for _, as := range []*torg.Employee{e.KH, e.Outsider, e.FrontDesk} {
			p := e.post(t, as, complete, nil).problem(t, http.StatusNotFound)
			wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
		}
	})
	t.Run("completing it takes it off the list, and again changes nothing", func(t *testing.T) {
		for range 2 {
			if res := e.post(t, e.EG, complete, nil); res.status != http.StatusNoContent || len(res.body) != 0 {
				t.Fatalf("status %d, body %q, want 204 and no body", res.status, res.body)
			}
		}
		if find(e.workList(t, e.EG), isIt) != nil {
			t.Error("the completed task is still on the list")
		}
	})
	t.Run("an unknown task is 404", func(t *testing.T) {
		p := e.post(t, e.EG, "/tasks/999999/complete", nil).problem(t, http.StatusNotFound)
		wantProblem(t, p, torg.ENOTFOUND, "error.not_found", "")
	})
}

// testRoutineTasks completes a routine's decision task through the API:
// without an outcome it is refused, with one the routine moves on.
func (e *env) testRoutineTasks(t *testing.T) {
	ctx := t.Context()
	if _, err := e.Svc.LoadRoutines(ctx); err != nil {
		t.Fatal(err)
	}
	c := &torg.Case{MunicipalityID: e.Muni.ID, UnitID: e.Debt.ID, Type: torg.CaseTypeDebt, Title: "Gjeldsrådgivning",
		ResponsibleID: e.EG.ID, Status: torg.CaseOpen}
	err := e.DB.Write(ctx, func(q *store.Q) error {
		if err := q.CreateCase(ctx, c, e.Clock.Now()); err != nil {
			return err
		}
		p := torg.Party{CaseID: c.ID, PersonID: e.Kari.ID, Role: torg.PartyApplicant}
		c.Parties = []torg.Party{p}
		if err := q.AddParty(ctx, &p); err != nil {
			return err
		}
		return e.Svc.StartRoutines(ctx, q, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	step := func(id string) *taskDTO {
		return find(e.workList(t, e.EG), func(tk taskDTO) bool { return tk.Step != nil && *tk.Step == id && *tk.CaseID == c.ID })
	}
	dc21 := step("DC2.1")
	if dc21 == nil || len(dc21.Outcomes) != 2 || dc21.Routine == nil || *dc21.Routine != "debt_counselling" {
		t.Fatalf("DC2.1 decision task: %+v", dc21)
	}
	complete := fmt.Sprintf("/tasks/%d/complete", dc21.ID)
	p := e.post(t, e.EG, complete, nil).problem(t, http.StatusUnprocessableEntity)
	wantProblem(t, p, torg.EINVALID, "task.outcome_required", "outcome")
	if res := e.post(t, e.EG, complete, obj{"outcome": "unresolved_matters"}); res.status != http.StatusNoContent {
		t.Fatalf("complete with an outcome: %d %s", res.status, res.body)
	}
	t.Run("DC2.2 the call task follows the DC2.1 decision", func(t *testing.T) {
		if step("DC2.2") == nil {
			t.Error("no DC2.2 task after DC2.1 was decided through the API")
		}
	})
}
