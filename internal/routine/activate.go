package routine

import (
	"slices"
	"time"

	"github.com/torg-kommune/torg"
)

// start runs step s, caused by ev: a running step (a wait restarted) first
// loses its timers. Steps that finish at once finish here.
func (e *engine) start(s *Step, ev Event) {
	e.started++
	ss := e.state(s.ID)
	what := "started"
	if ss.Status == StepActive {
		e.dropTimers(s.ID)
		what = "restarted"
	}
	*ss = StepState{Status: StepActive, Runs: ss.Runs + 1, Since: ev.At}
	if !s.instant() {
		e.log(Entry{At: ev.At, What: what, Step: s.ID, Cause: ev.String()})
	}
	switch s.Kind {
	case KindTask, KindContact, KindDecision:
		e.work(s, ss, ev, Action{Step: s.ID, Title: s.Title})
	case KindWait:
		e.wait(s, ev)
	default:
		if a := e.send(s, ev); a.Kind != "" { // a hand-built routine may have an unknown kind
			e.emit(a)
		}
	}
	if s.instant() {
		outcome := s.PossibleOutcomes()[0]
		e.finish(s, outcome, ev)
		if s.Kind == KindClose {
			e.close(ev)
		}
	}
}

// send returns the action of a letter, SMS, notify, status, mark or close
// step.
func (e *engine) send(s *Step, ev Event) Action {
	a := Action{Step: s.ID, Title: s.Title}
	switch s.Kind {
	case KindLetter:
		a.Kind, a.Key, a.Template, a.Attachments = ActSendLetter, e.key(s.ID, "letter"), s.Template, s.Attachments
		a.To, a.Channel, a.Editable = s.To, s.channel(), s.Editable
		if s.Editable {
			a.Assignee = s.who()
		}
	case KindSMS:
		a.Kind, a.Key, a.Template, a.To = ActSendSMS, e.key(s.ID, "sms"), s.Template, s.recipients()
	case KindNotify:
		a.Kind, a.Key, a.Assignee = ActNotify, e.key(s.ID, "notify"), s.who()
	case KindStatus:
		a.Kind, a.Key, a.Status = ActSetStatus, e.key(s.ID, "status"), s.Status
	case KindMark:
		a.Kind, a.Key, a.Marker = ActSetMarker, e.key(s.ID, "marker"), s.Marker
	case KindClose:
		a.Kind, a.Key, a.Reason = ActCloseCase, e.key(s.ID, "close"), s.closeReason(ev)
	}
	return a
}

// work asks a person to do a task, make contact or decide.
func (e *engine) work(s *Step, ss *StepState, ev Event, a Action) {
	a.Kind, a.Assignee = ActCreateTask, s.who()
	switch {
	case s.Due != nil && s.Due.Unit == UnitWorkingHours:
		ss.DueAt = e.env.hoursAt(*s.Due, ev.At)
		ss.Due, a.Due, a.At = e.env.date(ss.DueAt), e.env.date(ss.DueAt), ss.DueAt
	case s.Due != nil:
		_, ss.Due = e.dates(*s.Due, ev)
		a.Due = ss.Due
	}
	switch s.Kind {
	case KindContact:
		a.Attempts = max(s.AtLeast, 1)
		a.Outcomes = s.PossibleOutcomes()
	case KindDecision:
		a.Kind, a.Outcomes = ActAskDecision, s.PossibleOutcomes()
	}
	a.Key = e.key(s.ID, a.Kind)
	e.emit(a)
}

// wait sets a wait's timers: for a range, a reminder at the early end; and
// the act timer at the (late) end. Dates count from ev's date; working
// hours from ev's time, to the exact time they end.
func (e *engine) wait(s *Step, ev Event) {
	if s.Duration == nil { // only a routine built without Parse can lack it
		e.setTimer(s, TimerAct, e.env.date(ev.At), ev.At)
		return
	}
	if s.Duration.Unit == UnitWorkingHours { // never a range: ParseDuration refuses one
		t := e.env.hoursAt(*s.Duration, ev.At)
		e.addTimer(s, TimerAct, t, e.env.date(t))
		return
	}
	early, late := e.dates(*s.Duration, ev)
	if s.Duration.IsRange() {
		e.setTimer(s, TimerRemind, early, ev.At)
	}
	e.setTimer(s, TimerAct, late, ev.At)
}

// dates returns the ends of d counted from ev's date, or back from its
// reference time (the event's own time if it has none).
func (e *engine) dates(d Duration, ev Event) (early, late torg.Date) {
	ref := ev.Ref
	if ref.IsZero() {
		ref = ev.At
	}
	return d.Dates(e.env.Calendar, e.env.date(ev.At), e.env.date(ref))
}

// setTimer sets one timer of step s for date d, never before now.
func (e *engine) setTimer(s *Step, role string, d torg.Date, now time.Time) {
	e.addTimer(s, role, e.env.fireAt(d, now), d)
}

// addTimer sets one timer of step s firing at at, due on date d.
func (e *engine) addTimer(s *Step, role string, at time.Time, d torg.Date) {
	t := Timer{Key: e.key(s.ID, role), Step: s.ID, Role: role, At: at}
	e.st.Timers = append(e.st.Timers, t)
	e.emit(Action{Kind: ActSetTimer, Step: s.ID, Key: t.Key, At: t.At, Due: d, Role: role})
}

// dropTimers cancels the pending timers of step id.
func (e *engine) dropTimers(id string) {
	e.st.Timers = slices.DeleteFunc(e.st.Timers, func(t Timer) bool {
		if t.Step == id {
			e.emit(Action{Kind: ActCancelTimer, Step: id, Key: t.Key})
			return true
		}
		return false
	})
}

// fire handles a due timer. A key that is not pending is ignored. A
// remind timer tells the step's assignee; an act timer ends the wait. The
// timer counts as firing at its own time, however late it is delivered,
// so that what follows is dated the same on every delivery.
func (e *engine) fire(ev Event) {
	i := slices.IndexFunc(e.st.Timers, func(t Timer) bool { return t.Key == ev.Key })
	if i < 0 {
		return
	}
	t := e.st.Timers[i]
	e.st.Timers = slices.Delete(e.st.Timers, i, i+1)
	s := e.r.Step(t.Step)
	at := ev.At
	if t.At.Before(at) {
		at = t.At
	}
	cause := Event{Kind: EventTimer, Step: t.Step, Key: t.Key, Outcome: t.Role, At: at}
	if s == nil {
		e.log(Entry{At: at, What: "dropped", Step: t.Step, Cause: "timer of a step this version lacks"})
		return
	}
	if t.Role == TimerRemind {
		e.log(Entry{At: at, What: "reminded", Step: s.ID, Cause: cause.String()})
		a := Action{Kind: ActNotify, Step: s.ID, Key: e.key(s.ID, "reminder"), Title: s.Title,
			Assignee: &Assignee{Kind: AssignResponsible}, Remind: true}
		if j := slices.IndexFunc(e.st.Timers, func(o Timer) bool { return o.Step == s.ID }); j >= 0 {
			a.At = e.st.Timers[j].At // when the wait will act unless someone does first
		}
		e.emit(a)
		return
	}
	e.finish(s, OutcomeElapsed, cause)
}

// who returns the step's assignee, the case's responsible by default.
func (s *Step) who() *Assignee {
	a := s.Who
	if a.Kind == "" {
		a.Kind = AssignResponsible
	}
	return &a
}

// channel returns the letter's channel, by_reservation by default.
func (s *Step) channel() string {
	if s.Channel == "" {
		return "by_reservation"
	}
	return s.Channel
}

// recipients returns an SMS's recipients, the applicant by default.
func (s *Step) recipients() []string {
	if len(s.To) == 0 {
		return []string{"applicant"}
	}
	return s.To
}

// closeReason returns the reason the event gives if the step allows it,
// else the step's first reason.
func (s *Step) closeReason(ev Event) string {
	for _, c := range s.Reasons {
		if c.Name == ev.Reason || c.Name == ev.Outcome {
			return c.Name
		}
	}
	if len(s.Reasons) == 0 {
		return ""
	}
	return s.Reasons[0].Name
}
