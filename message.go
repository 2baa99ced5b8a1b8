package torg

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Message kinds (DM1–DM9): what a citizen's message is about. A citizen
// picks one of CitizenKinds when writing; staff may reclassify a thread to
// any of MessageKinds.
const (
	MsgInquiry           = "inquiry"            // DM1 (DM2 is an inquiry forwarded to another employee)
	MsgAppointmentChange = "appointment_change" // DM3
	MsgApplication       = "application"        // DM4
	MsgInvoice           = "invoice"            // DM5
	MsgComplaint         = "complaint"          // DM6
	MsgImproper          = "improper"           // DM7 (staff only)
	MsgSeveralServices   = "several_services"   // DM8 (staff only)
	MsgWrongRecipient    = "wrong_recipient"    // DM9 (staff only)
)

// CitizenKinds are the kinds a citizen chooses among, in the order the
// portal offers them.
var CitizenKinds = []string{MsgInquiry, MsgAppointmentChange, MsgApplication, MsgInvoice, MsgComplaint}

// MessageKinds are all kinds, in the order of the routine.
var MessageKinds = []string{MsgInquiry, MsgAppointmentChange, MsgApplication, MsgInvoice, MsgComplaint,
	MsgImproper, MsgSeveralServices, MsgWrongRecipient}

// ValidMessageKind reports whether k is one of MessageKinds.
func ValidMessageKind(k string) bool { return slices.Contains(MessageKinds, k) }

// Thread statuses. The staff wording is the routine's (i18n "msg.status_<s>":
// nb "ulest", "under behandling", "under saksbehandling", "ferdig
// behandlet"); citizens read their own wording ("msg.citizen_status_<s>").
const (
	ThreadNew          = "unread"
	ThreadInProgress   = "in_progress"
	ThreadCaseHandling = "in_case_handling"
	ThreadWaiting      = "waiting" // waiting for the citizen: the answer clock is paused
	ThreadDone         = "done"
)

// ThreadStatuses lists the statuses in the order of a thread's life.
var ThreadStatuses = []string{ThreadNew, ThreadInProgress, ThreadCaseHandling, ThreadWaiting, ThreadDone}

// ValidThreadStatus reports whether s is one of ThreadStatuses.
func ValidThreadStatus(s string) bool { return slices.Contains(ThreadStatuses, s) }

// Message limits.
const (
	MaxMessageBody    = 10_000 // characters, after trimming
	MaxMessageFiles   = 10
	MaxMessageSubject = 200 // characters
)

// Thread is a conversation between a citizen and one service of the
// municipality, about one matter. The DM routine runs on it.
type Thread struct {
	ID             int64
	MunicipalityID int64
	UnitID         int64 // the service it is addressed to
	PersonID       int64 // the citizen
	CaseID         int64 // 0 until linked to a case; messages are then journaled on the case
	ParentID       int64 // the thread it was split from (DM8), or the done thread a citizen's reply continued
	AppointmentID  int64 // the appointment a DM3 message is about; 0 if none
	Kind           string
	Subject        string
	Status         string
	ResponsibleID  int64     // 0: the unit's shared inbox
	Due            time.Time // the answer is due; moves on by the paused working time when waiting ends
	WaitingSince   time.Time // non-zero while ThreadWaiting
	FirstAnswer    time.Time // the first full (not interim) answer
	Created        time.Time
	Updated        time.Time
	Done           time.Time
	RequestKey     string // the one-time key of the form that opened it: a double submit opens one thread

	// Filled in by queries.
	PersonName      string
	UnitName        string
	ResponsibleName string
	Unread          bool // for staff: a citizen's message the employee has not opened
	Protection      Protection
	LastMessage     time.Time
}

// Open reports whether the thread is not done.
func (t *Thread) Open() bool { return t.Status != ThreadDone }

// Overdue reports whether the thread's answer is late at now: it is open,
// not waiting for the citizen, and past its due time.
func (t *Thread) Overdue(now time.Time) bool {
	return t.Open() && t.Status != ThreadWaiting && !t.Due.IsZero() && now.After(t.Due)
}

// AnsweredInTime reports whether the first full answer came by the due
// time; false while there is none.
func (t *Thread) AnsweredInTime() bool {
	return !t.FirstAnswer.IsZero() && (t.Due.IsZero() || !t.FirstAnswer.After(t.Due))
}

// Validate checks a new thread.
func (t *Thread) Validate() error {
	t.Subject = strings.TrimSpace(t.Subject)
	switch {
	case t.UnitID == 0:
		return FieldError("unit", "msg.unit_required")
	case !ValidMessageKind(t.Kind):
		return FieldError("kind", "msg.kind_invalid")
	case t.Subject == "":
		return FieldError("subject", "msg.subject_required")
	case utf8.RuneCountInString(t.Subject) > MaxMessageSubject:
		return FieldError("subject", "msg.subject_too_long", "max", MaxMessageSubject)
	}
	return nil
}

// Message is one message in a thread, from the citizen or from an employee.
type Message struct {
	ID            int64
	ThreadID      int64
	FromCitizen   bool
	AuthorID      int64 // employee; 0 for the citizen
	Body          string
	Interim       bool // an interim reply (DM2, DM4)
	Documents     []Document
	Created       time.Time
	ReadByCitizen time.Time
	RecordID      int64 // the journal record on the thread's case, once journaled

	AuthorName string // filled in by queries
}

// Validate trims the body and checks it: 1 to MaxMessageBody characters.
// Markup in the text is kept as text; pages escape it.
func (m *Message) Validate() error {
	m.Body = strings.TrimSpace(m.Body)
	switch {
	case m.Body == "":
		return FieldError("body", "msg.body_required")
	case utf8.RuneCountInString(m.Body) > MaxMessageBody:
		return FieldError("body", "msg.body_too_long", "max", MaxMessageBody)
	case len(m.Documents) > MaxMessageFiles:
		return FieldError("files", "msg.too_many_files", "max", MaxMessageFiles)
	}
	return nil
}
