package routine

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// Action kinds: what the caller must do for the routine.
const (
	ActCreateTask  = "create_task"  // a task for Assignee, due on Due, at At if due in working hours (contact steps: Attempts calls)
	ActSetTimer    = "set_timer"    // store a timer Key for At; hand it back as a timer event then
	ActCancelTimer = "cancel_timer" // drop the timer Key
	ActSendLetter  = "send_letter"  // Template (+ Attachments) to To by Channel; Editable: a person finishes it
	ActSendSMS     = "send_sms"     // Template to To
	ActAskDecision = "ask_decision" // ask Assignee to choose one of Outcomes, with a reason (due as create_task)
	ActCloseCase   = "close_case"   // close the case with Reason
	ActNotify      = "notify"       // tell Assignee about Step (also the reminder of a range wait)
	ActSetStatus   = "set_status"   // set the case's or message's status to Status
	ActSetMarker   = "set_marker"   // put Marker on the case
)

// Action is one thing the caller must do. Which fields are set depends on
// Kind; Step and Title (per language) say which step it comes from. Key
// identifies the action uniquely and deterministically, so that a store
// can use it as an idempotency key (for timers it is the timer's key).
type Action struct {
	Kind        string    `json:"kind"`
	Step        string    `json:"step,omitempty"`
	Key         string    `json:"key,omitempty"`
	Title       Text      `json:"title,omitempty"`
	Assignee    *Assignee `json:"assignee,omitempty"`
	Due         torg.Date `json:"due,omitzero"`
	At          time.Time `json:"at,omitzero"`
	Role        string    `json:"role,omitempty"` // set_timer: remind or act
	Template    string    `json:"template,omitempty"`
	Attachments []string  `json:"attachments,omitempty"`
	To          []string  `json:"to,omitempty"`
	Channel     string    `json:"channel,omitempty"`
	Editable    bool      `json:"editable,omitempty"`
	Attempts    int       `json:"attempts,omitempty"`
	Outcomes    []string  `json:"outcomes,omitempty"`
	Reason      string    `json:"reason,omitempty"`
	Status      string    `json:"status,omitempty"`
	Marker      string    `json:"marker,omitempty"`
	Remind      bool      `json:"remind,omitempty"` // notify: a reminder at the early end of a wait
}

// String returns a one-line English summary of the action.
func (a Action) String() string {
	return strings.Join(slices.DeleteFunc([]string{a.Kind, a.Step, a.Detail()}, func(s string) bool { return s == "" }), " ")
}

// Detail returns the action's fields other than kind and step, as
// label=value pairs.
func (a Action) Detail() string {
	var parts []string
	add := func(label, v string) {
		if v != "" {
			parts = append(parts, label+"="+v)
		}
	}
	add("template", a.Template)
	add("attachments", strings.Join(a.Attachments, ","))
	add("to", strings.Join(a.To, ","))
	add("channel", a.Channel)
	if a.Assignee != nil {
		add("who", a.Assignee.String())
	}
	add("due", a.Due.String())
	if !a.At.IsZero() {
		add("at", a.At.Format("2006-01-02 15:04"))
	}
	add("role", a.Role)
	if a.Attempts > 0 {
		add("attempts", strconv.Itoa(a.Attempts))
	}
	if a.Editable {
		add("editable", "true")
	}
	if a.Remind {
		add("remind", "true")
	}
	add("outcomes", strings.Join(a.Outcomes, ","))
	add("reason", a.Reason)
	add("status", a.Status)
	add("marker", a.Marker)
	add("key", a.Key)
	return strings.Join(parts, " ")
}

// String returns the assignee as a file writes it: responsible, role:x,
// unit:y.
func (a Assignee) String() string {
	if a.Kind == AssignResponsible || a.Kind == "" {
		return AssignResponsible
	}
	return a.Kind + ":" + a.Name
}
