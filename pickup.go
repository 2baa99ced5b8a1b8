package torg

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Pickup states.
const (
	PickupWaiting    = "waiting"     // at the desk, not yet collected
	PickupHandedOver = "handed_over" // collected, identity checked
	PickupReturned   = "returned"    // taken back by the service, for instance to be posted
)

// ID documents the desk accepts when it hands a letter over (FD3).
const (
	IDPassport       = "passport"
	IDNationalIDCard = "national_id_card"
	IDDrivingLicence = "driving_licence"
	IDBankCard       = "bank_card" // a bank card with a photo
	IDOther          = "other"     // described in IDDetail
)

// IDDocuments lists the ID documents in the order the desk is offered them.
var IDDocuments = []string{IDPassport, IDNationalIDCard, IDDrivingLicence, IDBankCard, IDOther}

// MaxPickupAhead is how far ahead a pickup may be agreed: a letter that
// waits longer belongs in the post.
const MaxPickupAhead = 90 * 24 * time.Hour

// Pickup is a letter held at the front desk for a citizen or, by
// agreement, a partner agency to pick up (FD3.1). It is kept at the main
// desk (FD3.2) and marked with the date and time it was left there, the
// responsible employee, the recipient and the agreed pickup time (FD3.3).
type Pickup struct {
	ID             int64
	MunicipalityID int64
	UnitID         int64 // the service the letter is from
	PersonID       int64 // the citizen the letter is for
	CaseID         int64 // 0: the letter belongs to no case
	ResponsibleID  int64 // the employee who follows the letter up
	Recipient      string
	AgencyName     string    // the partner agency that may pick up
	Agreement      string    // the agency's agreement: what it is and where it is kept
	Description    string    // what the letter is
	Location       string    // where it is kept (FD3.2)
	PickupBy       time.Time // the agreed pickup time
	State          string
	CreatedBy      int64
	Created        time.Time // the date and time the letter was left at the desk
	RequestKey     string    // makes a double submit register one letter

	// The handover, or the return to the service.
	Collector     string // FromCitizen or FromAgency: who collected
	CollectorName string // the name of the person who collected
	IDDocument    string // the ID document they showed
	IDDetail      string // which one, for IDOther
	ClosedBy      int64  // the employee who checked the ID, or took the letter back
	Closed        time.Time
	CloseNote     string
	RecordID      int64 // the record of the handover, filed on the case
	TaskID        int64 // the task given when the letter was not collected in time

	// Filled in by queries.
	PersonName      string
	Protection      Protection
	UnitName        string
	ResponsibleName string
	CaseNumber      string
	ClosedByName    string
	CreatedByName   string
}

// Number is the letter's number at the desk, written on the envelope.
func (p *Pickup) Number() string { return "H-" + strconv.FormatInt(p.ID, 10) }

// Overdue reports whether the letter is still waiting after its agreed
// pickup time.
func (p *Pickup) Overdue(now time.Time) bool {
	return p.State == PickupWaiting && now.After(p.PickupBy)
}

// Validate checks a new pickup at time now.
func (p *Pickup) Validate(now time.Time) error {
	switch {
	case p.PersonID == 0:
		return FieldError("person", "pickup.person_required")
	case p.UnitID == 0 || p.ResponsibleID == 0:
		return FieldError("responsible", "pickup.responsible_required")
	case p.Recipient != FromCitizen && p.Recipient != FromAgency:
		return FieldError("recipient", "pickup.recipient_invalid")
	case p.Recipient == FromAgency && strings.TrimSpace(p.AgencyName) == "":
		return FieldError("agency_name", "inquiry.agency_required")
	case p.Recipient == FromAgency && strings.TrimSpace(p.Agreement) == "":
		return FieldError("agreement", "pickup.agreement_required")
	case utf8.RuneCountInString(p.AgencyName) > 200:
		return FieldError("agency_name", "pickup.too_long", "max", 200)
	case utf8.RuneCountInString(p.Agreement) > 1000:
		return FieldError("agreement", "pickup.too_long", "max", 1000)
	case utf8.RuneCountInString(p.Description) > 500:
		return FieldError("description", "pickup.too_long", "max", 500)
	case strings.TrimSpace(p.Location) == "":
		return FieldError("location", "pickup.location_required")
	case utf8.RuneCountInString(p.Location) > 200:
		return FieldError("location", "pickup.too_long", "max", 200)
	case p.PickupBy.IsZero():
		return FieldError("pickup_date", "pickup.time_required")
	case !p.PickupBy.After(now):
		return FieldError("pickup_date", "pickup.time_past")
	case p.PickupBy.After(now.Add(MaxPickupAhead)):
		return FieldError("pickup_date", "pickup.time_too_far", "days", int(MaxPickupAhead.Hours()/24))
	}
	return nil
}

// Handover is what the desk records when it hands a letter over: who
// collected it and the ID document they showed.
type Handover struct {
	Collector     string // FromCitizen or FromAgency
	CollectorName string // required for an agency's representative
	IDDocument    string
	IDDetail      string // required for IDOther
	IDChecked     bool   // the employee confirms the document shows the person collecting
}

// CheckHandover checks h against the letter: it must still be waiting, the
// identity must be checked with an accepted document, and a partner agency
// may collect only a letter registered with its agreement (FD3.1). The
// citizen may always collect their own letter.
func (p *Pickup) CheckHandover(h *Handover) error {
	switch {
	case p.State == PickupHandedOver:
		return Errorf(ECONFLICT, "pickup.already_handed_over")
	case p.State != PickupWaiting:
		return Errorf(ECONFLICT, "pickup.not_waiting")
	case h.Collector != FromCitizen && h.Collector != FromAgency:
		return FieldError("collector", "pickup.collector_invalid")
	case h.Collector == FromAgency && p.Recipient != FromAgency:
		return FieldError("collector", "pickup.agency_no_agreement")
	case h.Collector == FromAgency && strings.TrimSpace(h.CollectorName) == "":
		return FieldError("collector_name", "pickup.collector_name_required")
	case utf8.RuneCountInString(h.CollectorName) > 200:
		return FieldError("collector_name", "pickup.too_long", "max", 200)
	case !slices.Contains(IDDocuments, h.IDDocument):
		return FieldError("id_document", "pickup.id_document_required")
	case h.IDDocument == IDOther && strings.TrimSpace(h.IDDetail) == "":
		return FieldError("id_detail", "pickup.id_detail_required")
	case utf8.RuneCountInString(h.IDDetail) > 200:
		return FieldError("id_detail", "pickup.too_long", "max", 200)
	case !h.IDChecked:
		return FieldError("id_checked", "pickup.id_not_checked")
	}
	return nil
}
