package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// Routines run on citizens' message threads as they run on cases: the
// routines whose applies_to names "message" (the DM routine) start when a
// thread is opened, with message_received:<kind>, and every later event is
// handed to them. A thread's run has its own state (thread_routines) and
// its tasks carry the thread's ID. A thread is not a case: the routine may
// create tasks, notify, and set the thread's status; letters, SMS, timers,
// markers and closing are case actions and are refused on a thread.

// AppliesToMessage is the applies_to value of routines that run on threads.
const AppliesToMessage = "message"

// startThreadRoutines starts, inside tx, the newest version of every
// routine that runs on threads, with message_received:<th.Kind>.
func (s *Service) startThreadRoutines(ctx context.Context, tx *store.Q, th *torg.Thread) error {
	ev := routine.Event{Kind: routine.EventMessageReceived, Outcome: th.Kind, At: s.now()}
	for _, r := range s.Routines() {
		if !slices.Contains(r.AppliesTo, AppliesToMessage) {
			continue
		}
		st := &routine.State{Run: fmt.Sprintf("thread/%d/%s", th.ID, r.ID)}
		if err := s.threadStep(ctx, tx, th, r, st, ev); err != nil {
			return err
		}
	}
	return nil
}

// threadEvent hands an event about a thread to every routine it runs,
// inside tx, and carries out what they answer. th is updated and stored.
func (s *Service) threadEvent(ctx context.Context, tx *store.Q, th *torg.Thread, ev routine.Event) error {
	trs, err := tx.ThreadRoutines(ctx, th.ID)
	if err != nil {
		return err
	}
	for _, tr := range trs {
		r, st, err := s.threadRun(tr)
		if err != nil {
			return err
		}
		if err := s.threadStep(ctx, tx, th, r, st, ev); err != nil {
			return err
		}
	}
	return nil
}

// threadRun loads the routine version and state of a thread's run.
func (s *Service) threadRun(tr *store.ThreadRoutine) (*routine.Routine, *routine.State, error) {
	r, ok := s.Routine(tr.RoutineID, tr.Version)
	if !ok {
		return nil, nil, fmt.Errorf("casework: thread %d runs %s v%d, which is not loaded", tr.ThreadID, tr.RoutineID, tr.Version)
	}
	st := &routine.State{}
	if err := json.Unmarshal(tr.State, st); err != nil {
		return nil, nil, fmt.Errorf("casework: routine state of thread %d: %w", tr.ThreadID, err)
	}
	return r, st, nil
}

// threadStep runs one event through one routine of a thread, carries out
// the actions, completes the tasks of the steps that ended, and stores the
// state and the thread.
func (s *Service) threadStep(ctx context.Context, tx *store.Q, th *torg.Thread, r *routine.Routine, st *routine.State,
	ev routine.Event) error {
	m, err := s.municipality(ctx, th.MunicipalityID)
	if err != nil {
		return err
	}
	env, err := s.env(ctx, m)
	if err != nil {
		return err
	}
	active := activeSteps(st)
	actions, err := r.Handle(st, ev, env)
	for round := 0; err == nil && len(actions) > 0 && round < 20; round++ {
		var follow []routine.Event
		for _, a := range actions {
			var fe *routine.Event
			if fe, err = s.applyThread(ctx, tx, th, r, m, env, a); err != nil {
				err = fmt.Errorf("casework: %s of %s on thread %d: %w", a.Kind, a.Step, th.ID, err)
				break
			}
			if fe != nil {
				follow = append(follow, *fe)
			}
		}
		actions = nil
		for _, fe := range follow {
			if err != nil {
				break
			}
			var more []routine.Action
			more, err = r.Handle(st, fe, env)
			actions = append(actions, more...)
		}
	}
	if err != nil {
		return err
	}
	for _, id := range active {
		if ss := st.Steps[id]; ss == nil || ss.Status != routine.StepActive {
			if err := tx.CompleteThreadStepTasks(ctx, th.ID, r.ID, id, s.now()); err != nil {
				return err
			}
		}
	}
	state, err := json.Marshal(st)
	if err != nil {
		return err
	}
	if err := tx.SaveThreadRoutine(ctx, &store.ThreadRoutine{ThreadID: th.ID, RoutineID: r.ID, Version: r.Version,
		State: state, Updated: s.now()}); err != nil {
		return err
	}
	return tx.UpdateThread(ctx, th, s.now())
}

// applyThread carries out one routine action on a thread.
func (s *Service) applyThread(ctx context.Context, tx *store.Q, th *torg.Thread, r *routine.Routine, m *torg.Municipality,
	env routine.Env, a routine.Action) (*routine.Event, error) {
	switch a.Kind {
	case routine.ActCreateTask, routine.ActAskDecision, routine.ActNotify:
		if th.Due.IsZero() && a.Kind != routine.ActNotify {
			th.Due = s.actionDue(env, a)
		}
		return nil, s.threadTask(ctx, tx, th, m, r.ID, a)
	case routine.ActSetStatus:
		if !torg.ValidThreadStatus(a.Status) {
			return nil, fmt.Errorf("status %q is not a message status", a.Status)
		}
		s.setThreadStatus(th, a.Status)
		return &routine.Event{Kind: routine.EventStatusChanged, Outcome: a.Status, At: s.now()}, nil
	}
	return nil, fmt.Errorf("%s is a case action; a message thread has no case to do it on", a.Kind)
}

// actionDue is the exact time a task action is due: its time for a due in
// working hours, the closing time of its due date for a due in days, zero
// for none.
func (s *Service) actionDue(env routine.Env, a routine.Action) time.Time {
	switch {
	case !a.At.IsZero():
		return a.At.UTC()
	case a.Due.IsZero():
		return time.Time{}
	}
	loc := env.Location
	if loc == nil {
		loc = time.UTC
	}
	h := env.Calendar.Hours()
	return time.Date(a.Due.Year, a.Due.Month, a.Due.Day, 0, 0, 0, int(h.Close), loc).UTC()
}

// threadTask puts a routine step of a thread on a work list: the thread's
// responsible, the employee due on the home visit a DM3 message is about,
// or the unit's shared list (a role's step, or nobody responsible yet).
func (s *Service) threadTask(ctx context.Context, tx *store.Q, th *torg.Thread, m *torg.Municipality, routineID string,
	a routine.Action) error {
	title := a.Title.In(m.Language)
	t := &torg.Task{MunicipalityID: th.MunicipalityID, UnitID: th.UnitID, ThreadID: th.ID, Title: title, Due: a.Due,
		Detail: th.Subject, RoutineID: routineID, Step: a.Step, Outcomes: a.Outcomes}
	switch {
	case a.Assignee == nil || a.Assignee.Kind == routine.AssignResponsible || a.Assignee.Kind == "",
		a.Assignee.Kind == routine.AssignRole && a.Assignee.Name == "case_handler":
		// The case handler of a forwarded application (DM4.3) is the
		// employee it was forwarded to: the thread's responsible.
		t.AssigneeID = th.ResponsibleID
	case a.Assignee.Kind == routine.AssignRole && a.Assignee.Name == "home_visit_employee" && th.AppointmentID != 0:
		if ap, err := tx.Appointment(ctx, th.MunicipalityID, th.AppointmentID); err == nil {
			t.AssigneeID = ap.CounsellorID
		}
	case a.Assignee.Kind == routine.AssignUnit:
		if u, err := tx.UnitByCode(ctx, th.MunicipalityID, a.Assignee.Name); err == nil {
			t.UnitID = u.ID
		}
	}
	if a.Kind == routine.ActNotify && a.Remind {
		t.Title = i18n.New(i18n.Lang(m.Language)).T("routine.reminder", "step", title)
	}
	if th.Protection != torg.ProtectionNone {
		t.Detail = "" // the work list is the whole unit's; a protected citizen's words stay in the thread (DC1.3)
	}
	return tx.CreateTask(ctx, t, s.now())
}

// setThreadStatus sets a thread's status and what goes with it: a done
// thread has its done time; a thread waiting for the citizen keeps its
// status until the citizen answers (resumeClock).
func (s *Service) setThreadStatus(th *torg.Thread, status string) {
	now := s.now()
	if th.Status == torg.ThreadWaiting && status != torg.ThreadDone && status != torg.ThreadWaiting {
		return // the routine moved on while the clock is paused: the citizen's answer resumes it
	}
	th.Status = status
	switch status {
	case torg.ThreadDone:
		th.Done, th.WaitingSince = now, time.Time{}
	default:
		th.Done = time.Time{}
	}
}

// threadStepDone tells a thread's routines that a person did a step, with
// an outcome for a decision. A step that is not running is left alone:
// the routine has moved on or never came to it.
func (s *Service) threadStepDone(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, step, outcome string) error {
	trs, err := tx.ThreadRoutines(ctx, th.ID)
	if err != nil {
		return err
	}
	for _, tr := range trs {
		r, st, err := s.threadRun(tr)
		if err != nil {
			return err
		}
		if ss := st.Steps[step]; r.Step(step) == nil || ss == nil || ss.Status != routine.StepActive {
			continue
		}
		if outcome == "" && r.Step(step).Kind != routine.KindDecision {
			outcome = r.Step(step).PossibleOutcomes()[0]
		}
		ev := routine.Event{Kind: routine.EventStepDone, Step: step, Outcome: outcome, At: s.now(), By: actorName(a)}
		if err := s.threadStep(ctx, tx, th, r, st, ev); err != nil {
			return err
		}
	}
	return nil
}

func actorName(a *torg.Employee) string {
	if a == nil {
		return ""
	}
	return a.Username
}

// threadActiveSteps lists the running steps of a thread's routines.
func (s *Service) threadActiveSteps(ctx context.Context, q *store.Q, threadID int64) ([]string, error) {
	trs, err := q.ThreadRoutines(ctx, threadID)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, tr := range trs {
		_, st, err := s.threadRun(tr)
		if err != nil {
			return nil, err
		}
		out = append(out, activeSteps(st)...)
	}
	slices.Sort(out)
	return out, nil
}

// threadAnswered moves a thread's routines through a full answer to the
// citizen: the running answer step is done (DM1-answer, DM2.3, DM3.3,
// DM4.3, DM5.3, DM6.3, DM8.3, DM9: the steps the routine's "done" status
// follows), and where none runs yet, the steps that lead to one are done
// first (a DM1 decision with the outcome that leads straight to the answer,
// a DM3.1 or DM6.1 task). The routine then sets the thread done.
func (s *Service) threadAnswered(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread) error {
	trs, err := tx.ThreadRoutines(ctx, th.ID)
	if err != nil {
		return err
	}
	for _, tr := range trs {
		r, _, err := s.threadRun(tr)
		if err != nil {
			return err
		}
		answers := answerSteps(r)
		for range 6 { // each round does one step; the DM paths are at most three long
			trs, err := tx.ThreadRoutines(ctx, th.ID)
			if err != nil {
				return err
			}
			idx := slices.IndexFunc(trs, func(x *store.ThreadRoutine) bool { return x.RoutineID == r.ID })
			_, st, err := s.threadRun(trs[idx])
			if err != nil {
				return err
			}
			step, outcome := nextTowardsAnswer(r, st, answers)
			if step == "" {
				break
			}
			ev := routine.Event{Kind: routine.EventStepDone, Step: step, Outcome: outcome, At: s.now(), By: actorName(a)}
			if err := s.threadStep(ctx, tx, th, r, st, ev); err != nil {
				return err
			}
			if answers[step] {
				break
			}
		}
	}
	return nil
}

// answerSteps are the steps after which a routine sets a thread done.
func answerSteps(r *routine.Routine) map[string]bool {
	out := map[string]bool{}
	for _, s := range r.Steps {
		if s.Kind != routine.KindStatus || s.Status != torg.ThreadDone {
			continue
		}
		for _, t := range s.On {
			if t.Event == routine.EventStepDone && t.Step != "" {
				out[t.Step] = true
			}
		}
	}
	return out
}

// nextTowardsAnswer picks the running step to do next on the way to an
// answer, and its outcome: a running answer step first; else a running
// decision's outcome, or a running task, that starts an answer step, the
// one that starts it directly first; else one that starts a step that does.
func nextTowardsAnswer(r *routine.Routine, st *routine.State, answers map[string]bool) (step, outcome string) {
	running := func(id string) bool { ss := st.Steps[id]; return ss != nil && ss.Status == routine.StepActive }
	leadsTo := func(from, outcome string, target func(string) bool) bool {
		for _, s := range r.Steps {
			for _, t := range s.On {
				if t.Event == routine.EventStepDone && t.Step == from && (t.Outcome == "" || t.Outcome == outcome) && target(s.ID) {
					return true
				}
			}
		}
		return false
	}
	isAnswer := func(id string) bool { return answers[id] }
	leadsToAnswer := func(id string) bool {
		s := r.Step(id)
		for _, o := range s.PossibleOutcomes() {
			if leadsTo(id, o, isAnswer) {
				return true
			}
		}
		return false
	}
	for _, s := range r.Steps {
		if running(s.ID) && answers[s.ID] {
			return s.ID, s.PossibleOutcomes()[0]
		}
	}
	for _, target := range []func(string) bool{isAnswer, leadsToAnswer} {
		for _, s := range r.Steps {
			if !running(s.ID) || (s.Kind != routine.KindDecision && s.Kind != routine.KindTask) {
				continue
			}
			for _, o := range s.PossibleOutcomes() {
				if leadsTo(s.ID, o, target) {
					return s.ID, o
				}
			}
		}
	}
	return "", ""
}

// threadTaskDone moves a thread's routine on when a person completes one
// of its tasks on the work list: the step is done with the chosen outcome.
func (s *Service) threadTaskDone(ctx context.Context, tx *store.Q, a *torg.Employee, t *torg.Task, outcome string) error {
	th, err := tx.Thread(ctx, t.MunicipalityID, t.ThreadID)
	if err != nil {
		return err
	}
	return s.threadStepDone(ctx, tx, a, th, t.Step, outcome)
}
