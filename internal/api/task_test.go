package api

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/torg-kommune/torg"
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
