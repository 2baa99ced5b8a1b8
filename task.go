package torg

import (
	"strings"
	"time"
)

// Task is a piece of work for an employee, shown on their work list.
type Task struct {
	ID             int64
	MunicipalityID int64
	UnitID         int64
	CaseID         int64
	RecordID       int64
	ThreadID       int64 // the citizen's message thread a DM routine task is about; 0 if none
	AssigneeID     int64 // 0: the unit's leaders pick it up
	Title          string
	Detail         string
	Due            Date
	Done           time.Time
	CreatedBy      int64
	Created        time.Time

	// A task a routine made: its routine and step, and the outcomes a
	// person chooses among when the step is a decision.
	RoutineID string
	Step      string
	Outcomes  []string

	CaseNumber   string // filled in by queries
	AssigneeName string
}

// IsDone reports whether the task is finished.
func (t *Task) IsDone() bool { return !t.Done.IsZero() }

// Overdue reports whether the task is open past its due date on day today.
func (t *Task) Overdue(today Date) bool {
	return !t.IsDone() && !t.Due.IsZero() && t.Due.Before(today)
}

// Validate checks a new task.
func (t *Task) Validate() error {
	if strings.TrimSpace(t.Title) == "" {
		return FieldError("title", "task.title_required")
	}
	if t.UnitID == 0 {
		return FieldError("unit", "task.unit_required")
	}
	return nil
}
