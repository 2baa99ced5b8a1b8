package routine

import (
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
)

// State is where one run of a routine on one case stands: which steps are
// active, the timers it has set, and what happened so far. It is a plain
// value that round-trips through JSON, so a store can keep it in one
// column; the engine changes it only through Start and Handle.
type State struct {
	Routine string                `json:"routine"`
	Version int                   `json:"version"`
	Run     string                `json:"run"` // prefix of timer keys: unique per case and routine
	Started time.Time             `json:"started"`
	Closed  time.Time             `json:"closed,omitzero"`
	Steps   map[string]*StepState `json:"steps"`
	Timers  []Timer               `json:"timers"` // pending, in the order they were set
	History []Entry               `json:"history"`
}

// Step states.
const (
	StepActive    = "active"
	StepDone      = "done"
	StepCancelled = "cancelled"
)

// StepState is where one step stands. Runs counts the times the step has
// started; timer keys carry it, so that every start has keys of its own.
type StepState struct {
	Status   string    `json:"status"`
	Runs     int       `json:"runs"`
	Since    time.Time `json:"since"`
	Due      torg.Date `json:"due,omitzero"`
	DueAt    time.Time `json:"due_at,omitzero"` // the exact due time of a due in working hours
	Attempts int       `json:"attempts,omitempty"`
	Outcome  string    `json:"outcome,omitempty"`
}

// Timer is a pending timer: when At comes, the caller hands the engine
// Event{Kind: "timer", Key: Key, At: At}.
type Timer struct {
	Key  string    `json:"key"`
	Step string    `json:"step"`
	Role string    `json:"role"` // TimerRemind or TimerAct
	At   time.Time `json:"at"`
}

// Timer roles: a range wait reminds at its early end and acts at its late
// end; any other wait only acts.
const (
	TimerRemind = "remind"
	TimerAct    = "act"
)

// Entry is one line of a run's history.
type Entry struct {
	At      time.Time `json:"at"`
	What    string    `json:"what"` // started, restarted, done, cancelled, superseded, attempt, reminded, closed
	Step    string    `json:"step,omitempty"`
	Outcome string    `json:"outcome,omitempty"`
	By      string    `json:"by,omitempty"` // who, when a person acted
	Reason  string    `json:"reason,omitempty"`
	Cause   string    `json:"cause,omitempty"` // the event that led to it
}

// Event is something that happened to the case, handed to Handle. Kind is
// one of the Event constants. Step names a step for step_done,
// step_cancelled and letter_sent (optional for contact_logged). Outcome
// qualifies the event: answered or not_answered for contact_logged, a
// decision's outcome for step_done, the new status for status_changed.
// By and Reason say who acted and why, when a person did. Key is the
// timer's key for a timer event. Ref is the time the event is about, such
// as an appointment's start for appointment_booked.
type Event struct {
	Kind    string    `json:"kind"`
	Step    string    `json:"step,omitempty"`
	Outcome string    `json:"outcome,omitempty"`
	At      time.Time `json:"at"`
	By      string    `json:"by,omitempty"`
	Reason  string    `json:"reason,omitempty"`
	Key     string    `json:"key,omitempty"`
	Ref     time.Time `json:"ref,omitzero"`
}

// String returns the event as a trigger would name it, as in
// "step_done DC2.2 not_answered".
func (ev Event) String() string {
	s := ev.Kind
	for _, p := range []string{ev.Step, ev.Outcome} {
		if p != "" {
			s += " " + p
		}
	}
	return s
}

// Env is the municipality a routine runs in: its calendar of working days,
// its time zone and opening hours. Dates are taken in Location (UTC if
// nil), and timers fire at DayStart (08:00 if zero) local time on their
// date. Durations in working hours count the open time of Hours (if zero,
// the calendar's, calendar.DefaultHours unless it was given others) and
// end at an exact time, not at DayStart.
type Env struct {
	Calendar *calendar.Calendar
	Location *time.Location
	DayStart time.Duration
	Hours    calendar.Hours
}

// hoursAt returns when d, in working hours, ends after t.
func (env Env) hoursAt(d Duration, t time.Time) time.Time {
	cal := env.Calendar
	if env.Hours != (calendar.Hours{}) {
		cal = cal.WithHours(env.Hours)
	}
	return d.Time(cal, t, env.loc())
}

// loc returns the time zone, UTC by default.
func (env Env) loc() *time.Location {
	if env.Location == nil {
		return time.UTC
	}
	return env.Location
}

// date returns the civil date of t in the municipality.
func (env Env) date(t time.Time) torg.Date { return torg.DateOf(t.In(env.loc())) }

// fireAt returns when a timer due on d fires, never before not.
func (env Env) fireAt(d torg.Date, not time.Time) time.Time {
	start := env.DayStart
	if start == 0 {
		start = 8 * time.Hour
	}
	t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, env.loc()).Add(start)
	if t.Before(not) {
		return not.In(env.loc())
	}
	return t
}
