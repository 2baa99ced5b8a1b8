package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
)

const taskCols = `t.id, t.municipality_id, t.unit_id, COALESCE(t.case_id, 0), COALESCE(t.record_id, 0),
	COALESCE(t.assignee_id, 0), t.title, t.detail, t.due, t.done_at, COALESCE(t.created_by, 0), t.created_at,
	COALESCE(c.year, 0), COALESCE(c.seq, 0), COALESCE(e.name, ''), t.routine_id, t.step_id, t.outcomes,
	COALESCE(t.thread_id, 0)`

const taskFrom = ` FROM tasks t LEFT JOIN cases c ON c.id = t.case_id LEFT JOIN employees e ON e.id = t.assignee_id `

func scanTask(s interface{ Scan(...any) error }) (*torg.Task, error) {
	var t torg.Task
	var due string
	var done, created int64
	var year, seq int
	var outcomes string
	err := s.Scan(&t.ID, &t.MunicipalityID, &t.UnitID, &t.CaseID, &t.RecordID, &t.AssigneeID, &t.Title, &t.Detail,
		&due, &done, &t.CreatedBy, &created, &year, &seq, &t.AssigneeName, &t.RoutineID, &t.Step, &outcomes, &t.ThreadID)
	t.Outcomes = fromJSON[[]string](outcomes)
	t.Due, t.Done, t.Created = parseDate(due), fromMicros(done), fromMicros(created)
	if year != 0 {
		t.CaseNumber = (&torg.Case{Year: year, Seq: seq}).Number()
	}
	return &t, err
}

// CreateTask inserts t and sets its ID.
func (q *Q) CreateTask(ctx context.Context, t *torg.Task, now time.Time) error {
	t.Created = now
	id, err := q.insert(ctx, `INSERT INTO tasks (municipality_id, unit_id, case_id, record_id, assignee_id, title, detail,
		due, created_by, created_at, routine_id, step_id, outcomes, thread_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		t.MunicipalityID, t.UnitID, nullID(t.CaseID), nullID(t.RecordID), nullID(t.AssigneeID), t.Title, t.Detail,
		t.Due.String(), nullID(t.CreatedBy), micros(now), t.RoutineID, t.Step, toJSON(t.Outcomes), nullID(t.ThreadID))
	if err != nil {
		return fmt.Errorf("store: create task: %w", err)
	}
	t.ID = id
	return nil
}

// Task returns task id in a municipality.
func (q *Q) Task(ctx context.Context, municipalityID, id int64) (*torg.Task, error) {
	t, err := scanTask(q.ex.QueryRowContext(ctx, `SELECT `+taskCols+taskFrom+`WHERE t.id = $1 AND t.municipality_id = $2`,
		id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: task %d: %w", id, mapError(err))
	}
	return t, nil
}

// WorkList lists the open tasks assigned to an employee, and the unassigned
// open tasks of the given units, earliest due first (undated last).
//
// The two halves are two queries, each an index search on (assignee,
// done): as one query with OR, SQLite with full statistics read every
// open task of the units to find the unassigned ones.
func (q *Q) WorkList(ctx context.Context, employeeID int64, unassignedUnits []int64) ([]*torg.Task, error) {
	rows, err := q.query(ctx, `SELECT `+taskCols+taskFrom+`WHERE t.assignee_id = $1 AND t.done_at = 0`, employeeID)
	if err != nil {
		return nil, fmt.Errorf("store: work list: %w", err)
	}
	out, err := collect(rows, scanTask)
	if err != nil {
		return nil, fmt.Errorf("store: work list: %w", err)
	}
	if len(unassignedUnits) > 0 {
		args := make([]any, len(unassignedUnits))
		for i, u := range unassignedUnits {
			args[i] = u
		}
		rows, err := q.query(ctx, unassignedTasksSQL(len(args)), args...)
		if err != nil {
			return nil, fmt.Errorf("store: work list: %w", err)
		}
		more, err := collect(rows, scanTask)
		if err != nil {
			return nil, fmt.Errorf("store: work list: %w", err)
		}
		out = append(out, more...)
	}
	undated := func(t *torg.Task) int {
		if t.Due.IsZero() {
			return 1
		}
		return 0
	}
	slices.SortFunc(out, func(a, b *torg.Task) int {
		return cmp.Or(cmp.Compare(undated(a), undated(b)), // undated last
			cmp.Compare(a.Due.String(), b.Due.String()), // YYYY-MM-DD sorts as the dates do
			cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// unassignedTasksSQL selects the unassigned open tasks of n units. The
// unary + keeps SQLite off tasks_unit, which holds every open task of the
// unit: with full statistics it took that index for this query.
// (PostgreSQL reads +x as x.)
func unassignedTasksSQL(n int) string {
	return `SELECT ` + taskCols + taskFrom + `WHERE t.assignee_id IS NULL AND t.done_at = 0
		AND +t.unit_id IN (` + placeholders(1, n) + `)`
}

// CaseTasks lists a case's tasks, open first.
func (q *Q) CaseTasks(ctx context.Context, caseID int64) ([]*torg.Task, error) {
	rows, err := q.query(ctx, `SELECT `+taskCols+taskFrom+`WHERE t.case_id = $1 ORDER BY t.done_at, t.due, t.id`, caseID)
	if err != nil {
		return nil, fmt.Errorf("store: case tasks: %w", err)
	}
	return collect(rows, scanTask)
}

// CompleteTask marks a task done; completing a done task changes nothing.
func (q *Q) CompleteTask(ctx context.Context, id int64, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE tasks SET done_at = $1 WHERE id = $2 AND done_at = 0`, micros(now), id)
	return err
}

// placeholders returns "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	s := ""
	for i := range n {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("$%d", from+i)
	}
	return s
}

// CompleteStepTasks marks done the open tasks a routine made for one step
// of a case: the step was done another way (a letter sent from its page).
func (q *Q) CompleteStepTasks(ctx context.Context, caseID int64, routineID, step string, now time.Time) error {
	_, err := q.exec(ctx, `UPDATE tasks SET done_at = $1 WHERE case_id = $2 AND routine_id = $3 AND step_id = $4 AND done_at = 0`,
		micros(now), caseID, routineID, step)
	return err
}

// SetTaskDue sets the due date and the detail of a task: a routine's task
// whose deadline comes from the matter, not from the routine (the legal
// deadline of a debt notice, DN3).
func (q *Q) SetTaskDue(ctx context.Context, id int64, due torg.Date, detail string) error {
	res, err := q.exec(ctx, `UPDATE tasks SET due = $1, detail = $2 WHERE id = $3`, due.String(), detail, id)
	return oneRow(res, err, "set due of task", id)
}
