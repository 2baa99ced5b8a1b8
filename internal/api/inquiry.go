package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

// maxIdempotencyKey is the longest Idempotency-Key accepted: with its
// namespace it must fit the 100 characters of a request key.
const maxIdempotencyKey = 64

// inquiryInput is the body of POST /inquiries: a walk-in (FD1) or a
// drop-off of documentation for an ongoing case (FD2).
type inquiryInput struct {
	Kind       string   `json:"kind"`
	PersonID   int64    `json:"person_id"`
	UnitID     int64    `json:"unit_id"` // walk-in
	CaseID     int64    `json:"case_id"` // drop-off
	From       string   `json:"from"`
	AgencyName string   `json:"agency_name"`
	Summary    string   `json:"summary"` // walk-in
	Note       string   `json:"note"`
	Delivered  []string `json:"delivered"` // drop-off, and the rest below
	Other      string   `json:"other"`
	POA        string   `json:"poa"`
	Shelf      string   `json:"shelf"`
}

// misplaced returns the first member that does not belong to the kind of
// inquiry, so that a client never believes a value was used that was not.
func (in *inquiryInput) misplaced() string {
	type member struct {
		name string
		set  bool
	}
	var others []member
	switch in.Kind {
	case torg.InquiryWalkIn:
		others = []member{{"case_id", in.CaseID != 0}, {"delivered", len(in.Delivered) > 0}, {"other", in.Other != ""},
			{"poa", in.POA != ""}, {"shelf", in.Shelf != ""}}
	case torg.InquiryDropOff:
		others = []member{{"unit_id", in.UnitID != 0}, {"summary", in.Summary != ""}}
	}
	for _, m := range others {
		if m.set {
			return m.name
		}
	}
	return ""
}

// createInquiry registers a walk-in (FD1.2) or a drop-off (FD2.2–FD2.4).
// The Idempotency-Key header makes a repeat return the first inquiry with
// 200 instead of registering a second one.
func (a *api) createInquiry(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	var in inquiryInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	key, err := requestKey(r, actor)
	if err != nil {
		return err
	}
	if f := in.misplaced(); f != "" {
		return torg.FieldError(f, "api.inquiry_member_kind", "member", f, "kind", in.Kind)
	}
	var q *torg.Inquiry
	var dup bool
	switch in.Kind {
	case torg.InquiryWalkIn:
		q, dup, err = a.svc.RegisterWalkIn(r.Context(), actor, casework.WalkIn{RequestKey: key, PersonID: in.PersonID,
			UnitID: in.UnitID, From: in.From, AgencyName: in.AgencyName, Summary: in.Summary, Note: in.Note})
	case torg.InquiryDropOff:
		q, dup, err = a.svc.RegisterDropOff(r.Context(), actor, casework.DropOff{RequestKey: key, PersonID: in.PersonID,
			CaseID: in.CaseID, From: in.From, AgencyName: in.AgencyName, Delivered: in.Delivered, Other: in.Other,
			POA: in.POA, Shelf: in.Shelf, Note: in.Note})
	default:
		return torg.FieldError("kind", "inquiry.kind_invalid")
	}
	if err != nil {
		return err
	}
	w.Header().Set("Location", location("/inquiries/%d", q.ID))
	status := http.StatusCreated
	if dup {
		status = http.StatusOK
	}
	return writeJSON(w, status, inquiryOut(q))
}

// requestKey returns the request key of the Idempotency-Key header, or ""
// if there is none. The key is put in a namespace of the caller's own, so
// that two clients choosing the same key, or a client and a web form, never
// meet.
func requestKey(r *http.Request, actor *torg.Employee) (string, error) {
	key := r.Header.Get("Idempotency-Key")
	switch {
	case key == "":
		return "", nil
	case len(key) > maxIdempotencyKey:
		return "", malformed("Idempotency-Key", "api.idempotency_key_too_long", "max", maxIdempotencyKey)
	}
	return fmt.Sprintf("api:%d:%s", actor.ID, key), nil
}

// inquiryDTO is a contact at the front desk and where it was filed.
type inquiryDTO struct {
	ID         int64     `json:"id"`
	Kind       string    `json:"kind"`
	PersonID   int64     `json:"person_id"`
	UnitID     int64     `json:"unit_id"`
	CaseID     int64     `json:"case_id"`
	RecordID   int64     `json:"record_id"`
	TaskID     *int64    `json:"task_id"`
	From       string    `json:"from"`
	AgencyName string    `json:"agency_name"`
	Summary    string    `json:"summary"`
	Delivered  []string  `json:"delivered"`
	Other      string    `json:"other"`
	Missing    []string  `json:"missing"`
	POA        *string   `json:"poa"`
	Shelf      string    `json:"shelf"`
	CreatedBy  int64     `json:"created_by"`
	Created    time.Time `json:"created"`
}

func inquiryOut(q *torg.Inquiry) inquiryDTO {
	out := inquiryDTO{ID: q.ID, Kind: q.Kind, PersonID: q.PersonID, UnitID: q.UnitID, CaseID: q.CaseID,
		RecordID: q.RecordID, TaskID: optID(q.TaskID), From: q.From, AgencyName: q.AgencyName, Summary: q.Summary,
		Delivered: q.Delivered, Other: q.Other, Missing: q.Missing, POA: optString(q.POA), Shelf: q.Shelf,
		CreatedBy: q.CreatedBy, Created: q.Created.UTC()}
	if out.Delivered == nil {
		out.Delivered = []string{}
	}
	if out.Missing == nil {
		out.Missing = []string{}
	}
	return out
}

// receiptDTO is an inquiry with what the desk tells the person: the case it
// was filed in, who follows it up and the secure channel for digital
// delivery (FD2.3, FD2.5). It never holds a counsellor's e-mail address.
type receiptDTO struct {
	inquiryDTO
	Person         personDTO `json:"person"`
	CaseNumber     string    `json:"case_number"`
	UnitName       string    `json:"unit_name"`
	AssigneeName   *string   `json:"assignee_name"`
	MessageChannel string    `json:"message_channel"`
}

// inquiry returns an inquiry's receipt to the employee who registered it
// or to the staff of its unit.
func (a *api) inquiry(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rc, err := a.svc.Receipt(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, receiptDTO{inquiryDTO: inquiryOut(rc.Inquiry), Person: personOut(rc.Person),
		CaseNumber: rc.CaseNumber, UnitName: rc.UnitName, AssigneeName: optString(rc.AssigneeName),
		MessageChannel: rc.MessageChannel})
}
