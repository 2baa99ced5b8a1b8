package run

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg/internal/bench/load"
)

// The answers the ops check, only the members they look at.
type (
	personOut struct {
		ID            int64  `json:"id"`
		AddressHidden bool   `json:"address_hidden"`
		Protection    string `json:"protection"`
	}
	caseOut struct {
		ID      int64     `json:"id"`
		Number  string    `json:"number"`
		Records []json0   `json:"records"`
		Parties []json0   `json:"parties"`
		Tasks   []taskOut `json:"tasks"`
	}
	taskOut struct {
		ID         int64    `json:"id"`
		AssigneeID *int64   `json:"assignee_id"`
		Done       *string  `json:"done"`
		Outcomes   []string `json:"outcomes"`
	}
	json0   struct{}
	caseRef struct {
		ID int64 `json:"id"`
	}
	caseList struct {
		Cases []caseRef `json:"cases"`
	}
	taskList struct {
		Tasks []taskOut `json:"tasks"`
	}
	inquiryOut struct {
		ID       int64 `json:"id"`
		PersonID int64 `json:"person_id"`
		TaskID   int64 `json:"task_id"`
	}
	noteOut struct {
		ID     int64 `json:"id"`
		CaseID int64 `json:"case_id"`
	}
)

func st(w *load.Worker) *state { return w.State.(*state) }

// lookup: the front desk finds a person by national ID.
func lookup(ctx context.Context, w *load.Worker) error {
	s := st(w)
	p := pick(w, s.samples)
	var out personOut
	if err := s.api(ctx, w, s.desk, "POST", "/persons/lookup", map[string]string{"nin": p.NIN}, &out); err != nil {
		return err
	}
	if out.ID != p.PersonID {
		return fmt.Errorf("lookup: person %d, want %d", out.ID, p.PersonID)
	}
	return nil
}

// unitSample picks a person of the counsellor's unit and says whether the counsellor may see
// their case; without one, a case the counsellor may open.
func (s *state) unitSample(w *load.Worker) (Sample, bool) {
	if len(s.unit) == 0 {
		return Sample{CaseID: pick(w, s.coun.CaseIDs)}, true
	}
	p := pick(w, s.unit)
	return p, !p.Protected || s.visible[p.PersonID]
}

// casesByNIN: a counsellor finds a person by national ID and lists their cases. The
// person's case in the counsellor's unit must be listed if, and only if, the counsellor is
// cleared for the person.
func casesByNIN(ctx context.Context, w *load.Worker) error {
	s := st(w)
	if len(s.unit) == 0 {
		return workList(ctx, w) // nobody of this unit is in the sample: the op degrades to a read
	}
	p, visible := s.unitSample(w)
	var person personOut
	t0 := time.Now()
	err := s.api(ctx, w, s.coun, "POST", "/persons/lookup", map[string]string{"nin": p.NIN}, &person)
	w.Observe("cases_by_nin/lookup", time.Since(t0), err)
	if err != nil {
		return err
	}
	if person.ID != p.PersonID || person.AddressHidden == visible && p.Protected {
		return fmt.Errorf("cases_by_nin: person %d (address hidden %v), want %d", person.ID, person.AddressHidden, p.PersonID)
	}
	var list caseList
	t1 := time.Now()
	err = s.api(ctx, w, s.coun, "GET", "/persons/"+strconv.FormatInt(p.PersonID, 10)+"/cases", nil, &list)
	w.Observe("cases_by_nin/cases", time.Since(t1), err)
	if err != nil {
		return err
	}
	listed := slices.ContainsFunc(list.Cases, func(c caseRef) bool { return c.ID == p.CaseID })
	if listed != visible {
		return fmt.Errorf("cases_by_nin: case %d listed %v, want %v", p.CaseID, listed, visible)
	}
	return nil
}

// caseJSON: a counsellor opens a case over the API; a protected person's case is 404 for
// a counsellor without clearance, and that is the right answer.
func caseJSON(ctx context.Context, w *load.Worker) error {
	s := st(w)
	p, visible := s.unitSample(w)
	var out caseOut
	err := s.api(ctx, w, s.coun, "GET", "/cases/"+strconv.FormatInt(p.CaseID, 10), nil, &out)
	if !visible {
		return want404("case", err)
	}
	if err != nil {
		return err
	}
	if out.ID != p.CaseID || out.Number == "" || len(out.Parties) == 0 {
		return fmt.Errorf("case: got case %d %q with %d parties, want case %d", out.ID, out.Number, len(out.Parties), p.CaseID)
	}
	s.harvest(out.Tasks)
	return nil
}

// harvest keeps open tasks of a case of the counsellor's unit that the counsellor may
// complete without being their assignee: a leader any, a counsellor the unassigned ones.
// Their own tasks come from their work list.
func (s *state) harvest(tasks []taskOut) {
	for _, t := range tasks {
		if len(s.tasks) >= 50 {
			return
		}
		if t.Done == nil && len(t.Outcomes) == 0 && (t.AssigneeID == nil || s.coun.Role == "leader") {
			s.tasks = append(s.tasks, t.ID)
		}
	}
}

func want404(op string, err error) error {
	if load.IsStatus(err, http.StatusNotFound) {
		return nil
	}
	if err == nil {
		return fmt.Errorf("%s: a protected person's case was shown to a counsellor without clearance", op)
	}
	return err
}

// casePage: a counsellor opens a case page in the browser.
func casePage(ctx context.Context, w *load.Worker) error {
	s := st(w)
	p, visible := s.unitSample(w)
	path := "/cases/" + strconv.FormatInt(p.CaseID, 10)
	req, err := http.NewRequestWithContext(ctx, "GET", s.base+path, nil)
	if err != nil {
		return err
	}
	_, body, err := w.Do(req)
	if !visible {
		return want404("case_page", err)
	}
	if err != nil {
		return err
	}
	if !strings.Contains(string(body), `action="`+path+`"`) {
		return fmt.Errorf("case_page: %s is not the case's page (%d bytes)", path, len(body))
	}
	return nil
}

// workList: a counsellor checks their work list and keeps the open tasks to complete later.
func workList(ctx context.Context, w *load.Worker) error {
	s := st(w)
	var out taskList
	if err := s.api(ctx, w, s.coun, "GET", "/tasks", nil, &out); err != nil {
		return err
	}
	if out.Tasks == nil {
		return fmt.Errorf("work_list: no tasks member")
	}
	s.tasks = s.tasks[:0]
	for _, t := range out.Tasks {
		if len(t.Outcomes) == 0 { // a routine's decision task needs a judgement, not a click
			s.tasks = append(s.tasks, t.ID)
		}
	}
	w.Rand.Shuffle(len(s.tasks), func(i, j int) { s.tasks[i], s.tasks[j] = s.tasks[j], s.tasks[i] })
	return nil
}

// inquiry: the front desk registers a walk-in for a person with a case in the counsellor's
// unit, so that the follow-up tasks land on work lists that the clients work off.
func inquiry(ctx context.Context, w *load.Worker) error {
	s := st(w)
	p := pick(w, s.samples)
	if len(s.unit) > 0 {
		p = pick(w, s.unit)
	}
	unit := p.UnitID
	if s.desk.Role != "frontdesk" {
		unit = s.desk.UnitID // a counsellor at the desk registers for their own unit
	}
	in := map[string]any{"kind": "walk_in", "person_id": p.PersonID, "unit_id": unit, "from": "citizen",
		"summary": "Wants an appointment about their case."}
	var out inquiryOut
	if err := s.api(ctx, w, s.desk, "POST", "/inquiries", in, &out); err != nil {
		return err
	}
	if out.ID == 0 || out.PersonID != p.PersonID || out.TaskID == 0 {
		return fmt.Errorf("inquiry: got inquiry %d for person %d with task %d", out.ID, out.PersonID, out.TaskID)
	}
	if s.coun.Role == "leader" && unit == s.coun.UnitID && len(s.tasks) < 50 {
		s.tasks = append(s.tasks, out.TaskID) // a leader may complete any task of their unit
	}
	return nil
}

// note: a counsellor writes a journal note in a case they may open.
func note(ctx context.Context, w *load.Worker) error {
	s := st(w)
	id := s.openableCase(w)
	var out noteOut
	in := map[string]any{"body": "Called the citizen; the documentation comes by post."}
	if err := s.api(ctx, w, s.coun, "POST", "/cases/"+strconv.FormatInt(id, 10)+"/notes", in, &out); err != nil {
		return err
	}
	if out.ID == 0 || out.CaseID != id {
		return fmt.Errorf("note: got note %d in case %d, want one in case %d", out.ID, out.CaseID, id)
	}
	return nil
}

// openableCase returns a case the counsellor may open: one of theirs from the manifest, or
// a case of their unit they are cleared for.
func (s *state) openableCase(w *load.Worker) int64 {
	if len(s.coun.CaseIDs) > 0 {
		return pick(w, s.coun.CaseIDs)
	}
	return pick(w, s.open)
}

// completeTask: a counsellor completes a task from their work list, fetching the list first
// when they have none left, and then opening a few cases of their unit to find tasks they
// may complete; a leader, who may complete any task of their unit, may register a walk-in
// for one. If there are none, they complete again a task they completed before, which torg answers as the first time (204) after the same checks and
// audit; the report shows how often that happened as complete_task/again.
func completeTask(ctx context.Context, w *load.Worker) error {
	s := st(w)
	if len(s.tasks) == 0 {
		t0 := time.Now()
		err := workList(ctx, w)
		w.Observe("complete_task/work_list", time.Since(t0), err)
		if err != nil {
			return err
		}
	}
	for i := 0; len(s.tasks) == 0 && len(s.done) == 0 && i < 5; i++ {
		t0 := time.Now()
		err := s.harvestCase(ctx, w)
		w.Observe("complete_task/case", time.Since(t0), err)
		if err != nil {
			return err
		}
	}
	if len(s.tasks) == 0 && len(s.done) == 0 && s.coun.Role == "leader" {
		t0 := time.Now()
		err := inquiry(ctx, w)
		w.Observe("complete_task/inquiry", time.Since(t0), err)
		if err != nil {
			return err
		}
	}
	if len(s.tasks) == 0 {
		if len(s.done) == 0 {
			return fmt.Errorf("complete_task: %s has no open task", s.coun.Username)
		}
		t0 := time.Now()
		err := s.complete(ctx, w, pick(w, s.done))
		w.Observe("complete_task/again", time.Since(t0), err)
		return err
	}
	id := s.tasks[len(s.tasks)-1]
	s.tasks = s.tasks[:len(s.tasks)-1]
	if err := s.complete(ctx, w, id); err != nil {
		return err
	}
	if len(s.done) < 100 {
		s.done = append(s.done, id)
	} else {
		s.done[w.Rand.IntN(len(s.done))] = id
	}
	return nil
}

// harvestCase opens a case the counsellor may open and keeps its tasks they may complete.
func (s *state) harvestCase(ctx context.Context, w *load.Worker) error {
	var out caseOut
	id := s.openableCase(w)
	if err := s.api(ctx, w, s.coun, "GET", "/cases/"+strconv.FormatInt(id, 10), nil, &out); err != nil {
		return err
	}
	s.harvest(out.Tasks)
	return nil
}

func (s *state) complete(ctx context.Context, w *load.Worker, id int64) error {
	return s.api(ctx, w, s.coun, "POST", "/tasks/"+strconv.FormatInt(id, 10)+"/complete", nil, nil)
}
