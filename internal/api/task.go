package api

import (
	"net/http"
	"time"

	"github.com/torg-kommune/torg"
)

// taskDTO is a piece of work on a work list.
type taskDTO struct {
	ID           int64      `json:"id"`
	UnitID       int64      `json:"unit_id"`
	CaseID       *int64     `json:"case_id"`
	CaseNumber   *string    `json:"case_number"`
	RecordID     *int64     `json:"record_id"`
	AssigneeID   *int64     `json:"assignee_id"`
	AssigneeName *string    `json:"assignee_name"`
	Title        string     `json:"title"`
	Detail       string     `json:"detail"`
	Due          *torg.Date `json:"due"`
	Done         *time.Time `json:"done"`
	Created      time.Time  `json:"created"`
	Routine      *string    `json:"routine"`
	Step         *string    `json:"step"`
	Outcomes     []string   `json:"outcomes"`
}

func taskOut(t *torg.Task) taskDTO {
	return taskDTO{ID: t.ID, UnitID: t.UnitID, CaseID: optID(t.CaseID), CaseNumber: optString(t.CaseNumber),
		RecordID: optID(t.RecordID), AssigneeID: optID(t.AssigneeID), AssigneeName: optString(t.AssigneeName),
		Title: t.Title, Detail: t.Detail, Due: optDate(t.Due), Done: optTime(t.Done), Created: t.Created.UTC(),
		Routine: optString(t.RoutineID), Step: optString(t.Step), Outcomes: append([]string{}, t.Outcomes...)}
}

// taskList is a work list.
type taskList struct {
	Tasks []taskDTO `json:"tasks"`
}

// workList returns the actor's open tasks and the unassigned tasks of
// their units, earliest due first.
func (a *api) workList(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	tasks, err := a.svc.WorkList(r.Context(), actor)
	if err != nil {
		return err
	}
	out := taskList{Tasks: make([]taskDTO, 0, len(tasks))}
	for _, t := range tasks {
		out.Tasks = append(out.Tasks, taskOut(t))
	}
	return writeJSON(w, http.StatusOK, out)
}

// taskCompletion is the optional body of a task completion.
type taskCompletion struct {
	Outcome string `json:"outcome"`
	Reason  string `json:"reason"`
}

// completeTask marks a task done. Completing it again changes nothing.
func (a *api) completeTask(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in taskCompletion
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	if err := a.svc.CompleteTask(r.Context(), actor, id, in.Outcome, in.Reason); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
