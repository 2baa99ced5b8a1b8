package torg

import (
	"strings"
	"time"
)

// Inquiry kinds at the front desk.
const (
	InquiryWalkIn  = "walk_in"  // FD1: asks for a counsellor without appointment
	InquiryDropOff = "drop_off" // FD2: delivers documentation for an ongoing case
)

// Who made contact at the desk.
const (
	FromCitizen = "citizen"
	FromAgency  = "partner_agency"
)

// POA states of a power of attorney seen at the desk (FD2.3).
const (
	POANone       = "none"
	POAComplete   = "complete"
	POAIncomplete = "incomplete"
)

// Inquiry is a contact at the front desk, filed as a record in a case.
type Inquiry struct {
	ID             int64
	MunicipalityID int64
	UnitID         int64
	PersonID       int64
	Kind           string
	From           string // citizen or partner agency
	AgencyName     string
	Summary        string
	CaseID         int64
	RecordID       int64
	TaskID         int64
	CreatedBy      int64
	Created        time.Time
	RequestKey     string // makes a double submit create one inquiry

	// Drop-off details (FD2).
	Delivered []string // checklist items delivered
	Other     string   // other documents, free text
	Missing   []string // checklist items not delivered: what the desk tells the person
	POA       string
	Shelf     string
}

// Validate checks a new inquiry.
func (q *Inquiry) Validate() error {
	switch {
	case q.PersonID == 0:
		return FieldError("person", "inquiry.person_required")
	case q.UnitID == 0:
		return FieldError("unit", "inquiry.unit_required")
	case q.From != FromCitizen && q.From != FromAgency:
		return FieldError("from", "inquiry.from_invalid")
	case q.From == FromAgency && strings.TrimSpace(q.AgencyName) == "":
		return FieldError("agency_name", "inquiry.agency_required")
	case len(q.Summary) > 20000:
		return FieldError("summary", "inquiry.summary_too_long")
	case q.Kind == InquiryWalkIn && strings.TrimSpace(q.Summary) == "":
		return FieldError("summary", "inquiry.summary_required")
	case q.Kind == InquiryDropOff && q.CaseID == 0:
		return FieldError("case", "inquiry.case_required")
	case q.Kind == InquiryDropOff && q.POA != POANone && q.POA != POAComplete && q.POA != POAIncomplete:
		return FieldError("poa", "inquiry.poa_invalid")
	case q.Kind != InquiryWalkIn && q.Kind != InquiryDropOff:
		return FieldError("kind", "inquiry.kind_invalid")
	}
	return nil
}
