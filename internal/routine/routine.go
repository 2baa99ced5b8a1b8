// Package routine makes the municipalities' written routines executable:
// a routine is a versioned YAML file of steps (tasks, contact attempts,
// waits, letters, SMS, decisions, closing) with the step IDs of
// seeds/ROUTINES.md, and this package parses and lints such files and runs
// them.
//
// The engine is pure: it keeps a case's progress in a State, a plain struct
// that serialises to JSON, and answers each Event with the Actions the
// caller must carry out (create a task, set a timer, send a letter …). It
// reads no clock and touches no database; time comes in on the events, and
// working days come from the municipality's calendar in the Env. The
// format is documented in docs/routines.md.
package routine

import (
	"slices"

	"github.com/torg-kommune/torg/internal/i18n"
)

// Step kinds.
const (
	KindTask     = "task"     // a piece of work for a person
	KindContact  = "contact"  // phone the citizen, at least N attempts
	KindWait     = "wait"     // let time pass, unless something happens
	KindLetter   = "letter"   // send a letter from a template
	KindSMS      = "sms"      // send an SMS from a template
	KindDecision = "decision" // a person chooses one of named outcomes
	KindClose    = "close"    // close the case with a reason
	KindNotify   = "notify"   // tell a role or a unit
	KindStatus   = "status"   // set the status of the case or message
	KindMark     = "mark"     // put a marker on the case
)

// Kinds lists the step kinds in the order the documentation gives them.
var Kinds = []string{KindTask, KindContact, KindWait, KindLetter, KindSMS, KindDecision,
	KindClose, KindNotify, KindStatus, KindMark}

// Event kinds: what happens to a case, as triggers (on:), as cancelled_by
// and restarted_by conditions, and as the Kind of an Event.
const (
	EventCaseCreated          = "case_created"
	EventRecordAdded          = "record_added"
	EventContactLogged        = "contact_logged"
	EventDocumentReceived     = "document_received"
	EventAppointmentBooked    = "appointment_booked"
	EventAppointmentHeld      = "appointment_held"
	EventAppointmentMissed    = "appointment_missed"
	EventAppointmentCancelled = "appointment_cancelled" // cancelled, or moved (then booked again at the new time)
	EventLetterSent           = "letter_sent"
	EventMessageReceived      = "message_received"
	EventStatusChanged        = "status_changed"
	EventCreditorsAnswered    = "creditors_answered" // every creditor asked for figures has answered (DC6.4)
	EventStepDone             = "step_done"          // a step finished, with its outcome
	EventStepCancelled        = "step_cancelled"     // a step was stopped before it finished
	EventTimer                = "timer"              // a timer set by the engine is due; never a trigger
)

// Events lists the event kinds a routine file may name in on:,
// cancelled_by: and restarted_by:.
var Events = []string{EventCaseCreated, EventRecordAdded, EventContactLogged, EventDocumentReceived,
	EventAppointmentBooked, EventAppointmentHeld, EventAppointmentMissed, EventAppointmentCancelled, EventLetterSent,
	EventMessageReceived, EventStatusChanged, EventCreditorsAnswered, EventStepDone, EventStepCancelled}

// Outcomes that the engine gives steps by itself.
const (
	OutcomeDone        = "done"         // a task, notify, status or mark step
	OutcomeSent        = "sent"         // a letter or SMS step
	OutcomeElapsed     = "elapsed"      // a wait whose time is up
	OutcomeAnswered    = "answered"     // a contact step, and contact_logged
	OutcomeNotAnswered = "not_answered" // a contact step, and contact_logged
	OutcomeClosed      = "closed"       // a close step
	OutcomeManual      = "manual"       // a step a person cancelled (step_cancelled)
)

// Languages are the language codes a title must have, in file order.
var Languages = []string{string(i18n.NB), string(i18n.DA), string(i18n.SV), string(i18n.EN)}

// Text is a text in several languages, keyed by language code.
type Text map[string]string

// In returns the text in lang, falling back to English, then bokmål.
func (t Text) In(lang string) string {
	for _, l := range []string{lang, string(i18n.EN), string(i18n.NB)} {
		if s := t[l]; s != "" {
			return s
		}
	}
	return ""
}

// Routine is one routine file: what it is, whose it is, which cases it
// applies to and its steps, in file order. A routine from Parse is never
// changed by the engine and is safe for concurrent use.
type Routine struct {
	ID        string
	Version   int
	Owner     string
	Title     Text
	AppliesTo []string
	Steps     []*Step
	File      string // the name Parse was given, for messages

	lines map[string]int // field → line, for lint messages
	byID  map[string]*Step
}

// Step is one step of a routine. Which fields are used depends on Kind;
// docs/routines.md lists them.
type Step struct {
	ID          string
	Kind        string
	Title       Text
	On          []Trigger // events that start the step
	CancelledBy []Trigger // events that stop the step while it is active
	RestartedBy []Trigger // events that start a running wait afresh
	Once        bool      // the step runs at most once per case

	Who         Assignee  // task, contact, decision, notify; editable letters
	Due         *Duration // task, contact, decision: when it is due
	AtLeast     int       // contact: attempts before giving up (default 1)
	Duration    *Duration // wait
	Template    string    // letter, sms
	Attachments []string  // letter: more templates sent with it
	To          []string  // letter, sms: recipients by party role
	Channel     string    // letter: by_reservation, digital, paper
	Editable    bool      // letter: a person edits and sends it
	Outcomes    []Choice  // decision
	Reasons     []Choice  // close
	Status      string    // status
	Marker      string    // mark

	Line  int            // the line the step starts on, 0 if unknown
	lines map[string]int // field → line
}

// Choice is a named outcome of a decision or a reason to close, with its
// label in each language.
type Choice struct {
	Name  string
	Title Text
	Line  int
}

// Assignee says who does a step: the case's responsible employee, anyone
// with a role, or a unit. Kind is "responsible", "role" or "unit".
type Assignee struct {
	Kind string `json:"kind"`
	Name string `json:"name,omitempty"`
}

// Assignee kinds.
const (
	AssignResponsible = "responsible"
	AssignRole        = "role"
	AssignUnit        = "unit"
)

// Trigger is an event that starts, cancels or restarts a step: an event
// kind with an optional qualifier. For step_done and step_cancelled the
// qualifier names a step and optionally its outcome ("DC2.2 not_answered");
// for other events it must equal the event's outcome ("contact_logged:
// answered", "status_changed: F").
type Trigger struct {
	Event   string
	Step    string
	Outcome string
	Line    int
}

// String returns the trigger as it is written in a routine file.
func (t Trigger) String() string {
	s := t.Event
	if t.Step != "" || t.Outcome != "" {
		s += ":"
	}
	for _, p := range []string{t.Step, t.Outcome} {
		if p != "" {
			s += " " + p
		}
	}
	return s
}

// Step returns the step with the given ID, or nil.
func (r *Routine) Step(id string) *Step {
	if r.byID == nil {
		r.index()
	}
	return r.byID[id]
}

// index builds the step lookup; the first of duplicate IDs wins.
func (r *Routine) index() {
	r.byID = make(map[string]*Step, len(r.Steps))
	for _, s := range r.Steps {
		if _, ok := r.byID[s.ID]; !ok {
			r.byID[s.ID] = s
		}
	}
}

// Generated are the attachments the case system makes from the case's own
// data rather than from a letter template: debt_schedule is the case's debt
// schedule as PDF (DC6.6). A letter step may name them in attachments.
var Generated = []string{"debt_schedule"}

// Templates returns the letter and SMS templates the routine uses, sorted,
// each once; generated attachments are not templates.
func (r *Routine) Templates() []string {
	var names []string
	for _, s := range r.Steps {
		if s.Template != "" {
			names = append(names, s.Template)
		}
		for _, a := range s.Attachments {
			if !slices.Contains(Generated, a) {
				names = append(names, a)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// PossibleOutcomes returns the outcomes a step can finish with.
func (s *Step) PossibleOutcomes() []string {
	switch s.Kind {
	case KindContact:
		return []string{OutcomeAnswered, OutcomeNotAnswered}
	case KindWait:
		return []string{OutcomeElapsed}
	case KindLetter, KindSMS:
		return []string{OutcomeSent}
	case KindClose:
		return []string{OutcomeClosed}
	case KindDecision:
		names := make([]string, len(s.Outcomes))
		for i, c := range s.Outcomes {
			names[i] = c.Name
		}
		return names
	}
	return []string{OutcomeDone}
}

// CancelOutcomes returns the outcomes a step can be cancelled with: the
// event kinds of its cancelled_by triggers, and manual.
func (s *Step) CancelOutcomes() []string {
	out := []string{OutcomeManual}
	for _, t := range s.CancelledBy {
		out = append(out, t.Event)
	}
	return out
}

// instant reports whether the step finishes as soon as it starts. A letter
// to the creditors is not: the case system can send it only when the debt
// schedule has every creditor's address, else a person must, so the step
// finishes when the letters have gone (letter_sent) and what waits for
// them (DC6.2-wait) counts from then.
func (s *Step) instant() bool {
	switch s.Kind {
	case KindSMS, KindClose, KindNotify, KindStatus, KindMark:
		return true
	case KindLetter:
		return !s.Editable && !slices.Contains(s.To, "creditors")
	}
	return false
}

// line returns the line of a field of the step, or the step's own line.
func (s *Step) line(field string) int {
	if l := s.lines[field]; l > 0 {
		return l
	}
	return s.Line
}
