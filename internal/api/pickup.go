package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
)

func (a *api) pickupRoutes() []route {
	return []route{
		{"GET", "/pickups", false, a.pickups},
		{"POST", "/pickups", false, a.createPickup},
		{"GET", "/pickups/{id}", false, a.pickup},
		{"POST", "/pickups/{id}/handover", false, a.handOverPickup},
		{"POST", "/pickups/{id}/return", false, a.returnPickup},
	}
}

// pickupInput is the body of POST /pickups: a letter left at the desk (FD3).
type pickupInput struct {
	PersonID      int64     `json:"person_id"`
	CaseID        int64     `json:"case_id"`
	UnitID        int64     `json:"unit_id"`
	ResponsibleID int64     `json:"responsible_id"`
	Recipient     string    `json:"recipient"`
	AgencyName    string    `json:"agency_name"`
	Agreement     string    `json:"agreement"`
	Description   string    `json:"description"`
	Location      string    `json:"location"`
	PickupBy      time.Time `json:"pickup_by"`
}

// pickupDTO is a letter held at the desk and, once closed, its handover or
// return. A strictly protected person's name is null for a caller without
// clearance, as it is at the desk.
type pickupDTO struct {
	ID              int64      `json:"id"`
	Number          string     `json:"number"`
	State           string     `json:"state"`
	PersonID        int64      `json:"person_id"`
	PersonName      *string    `json:"person_name"`
	NameHidden      bool       `json:"name_hidden"`
	CaseID          *int64     `json:"case_id"`
	CaseNumber      *string    `json:"case_number"`
	UnitID          int64      `json:"unit_id"`
	UnitName        string     `json:"unit_name"`
	ResponsibleID   int64      `json:"responsible_id"`
	ResponsibleName string     `json:"responsible_name"`
	Recipient       string     `json:"recipient"`
	AgencyName      *string    `json:"agency_name"`
	Agreement       *string    `json:"agreement"`
	Description     string     `json:"description"`
	Location        string     `json:"location"`
	PickupBy        time.Time  `json:"pickup_by"`
	Overdue         bool       `json:"overdue"`
	Created         time.Time  `json:"created"`
	CreatedBy       int64      `json:"created_by"`
	Closed          *time.Time `json:"closed"`
	ClosedBy        *int64     `json:"closed_by"`
	Collector       *string    `json:"collector"`
	CollectorName   *string    `json:"collector_name"`
	IDDocument      *string    `json:"id_document"`
	IDDetail        *string    `json:"id_detail"`
	CloseNote       *string    `json:"close_note"`
	RecordID        *int64     `json:"record_id"`
	TaskID          *int64     `json:"task_id"`
}

func pickupOut(v *casework.PickupView) pickupDTO {
	k := v.Pickup
	return pickupDTO{ID: k.ID, Number: k.Number(), State: k.State, PersonID: k.PersonID, PersonName: optString(k.PersonName),
		NameHidden: v.NameHidden,
		CaseID:     optID(k.CaseID), CaseNumber: optString(k.CaseNumber), UnitID: k.UnitID, UnitName: k.UnitName,
		ResponsibleID: k.ResponsibleID, ResponsibleName: k.ResponsibleName, Recipient: k.Recipient,
		AgencyName: optString(k.AgencyName), Agreement: optString(k.Agreement), Description: k.Description,
		Location: k.Location, PickupBy: k.PickupBy.UTC(), Overdue: v.Overdue, Created: k.Created.UTC(),
		CreatedBy: k.CreatedBy, Closed: optTime(k.Closed), ClosedBy: optID(k.ClosedBy), Collector: optString(k.Collector),
		CollectorName: optString(k.CollectorName), IDDocument: optString(k.IDDocument), IDDetail: optString(k.IDDetail),
		CloseNote: optString(k.CloseNote), RecordID: optID(k.RecordID), TaskID: optID(k.TaskID)}
}

// pickupList is the desk's list: the letters waiting, the earliest agreed
// pickup time (the overdue) first, and those closed in the last days.
type pickupList struct {
	Waiting []pickupDTO `json:"waiting"`
	Overdue int         `json:"overdue"`
	Recent  []pickupDTO `json:"recent"`
}

// pickups returns the desk's list of letters (FD3.2), or one person's with
// ?person_id=.
func (a *api) pickups(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	var person int64
	if v := r.URL.Query().Get("person_id"); v != "" {
		var err error
		if person, err = strconv.ParseInt(v, 10, 64); err != nil || person <= 0 {
			return malformed("person_id", "pickup.query_person_id")
		}
	}
	l, err := a.svc.Pickups(r.Context(), actor, person)
	if err != nil {
		return err
	}
	out := pickupList{Waiting: []pickupDTO{}, Overdue: l.Overdue, Recent: []pickupDTO{}}
	for _, v := range l.Waiting {
		out.Waiting = append(out.Waiting, pickupOut(v))
	}
	for _, v := range l.Recent {
		out.Recent = append(out.Recent, pickupOut(v))
	}
	return writeJSON(w, http.StatusOK, out)
}

// createPickup registers a letter left at the desk (FD3.1–FD3.3). The
// Idempotency-Key header makes a repeat return the first letter with 200.
func (a *api) createPickup(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	var in pickupInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	key, err := requestKey(r, actor)
	if err != nil {
		return err
	}
	if in.PickupBy.IsZero() {
		return torg.FieldError("pickup_by", "pickup.time_required")
	}
	k, dup, err := a.svc.RegisterPickup(r.Context(), actor, casework.PickupInput{RequestKey: key, PersonID: in.PersonID,
		CaseID: in.CaseID, UnitID: in.UnitID, ResponsibleID: in.ResponsibleID, Recipient: in.Recipient,
		AgencyName: in.AgencyName, Agreement: in.Agreement, Description: in.Description, Location: in.Location,
		At: in.PickupBy})
	if err != nil {
		return pickupField(err)
	}
	v, err := a.svc.Pickup(r.Context(), actor, k.ID)
	if err != nil {
		return err
	}
	w.Header().Set("Location", location("/pickups/%d", k.ID))
	status := http.StatusCreated
	if dup {
		status = http.StatusOK
	}
	return writeJSON(w, status, pickupOut(v))
}

// pickupField names the field of an error as the API's body does.
func pickupField(err error) error {
	e := torg.AsError(err)
	if e == nil {
		return err
	}
	names := map[string]string{"person": "person_id", "case": "case_id", "responsible": "responsible_id",
		"pickup_date": "pickup_by", "pickup_time": "pickup_by"}
	if n, ok := names[e.Field]; ok {
		c := *e
		c.Field = n
		return &c
	}
	return err
}

// pickup returns one letter.
func (a *api) pickup(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := a.svc.Pickup(r.Context(), actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, pickupOut(v))
}

// handoverInput is the body of POST /pickups/{id}/handover.
type handoverInput struct {
	Collector     string `json:"collector"`
	CollectorName string `json:"collector_name"`
	IDDocument    string `json:"id_document"`
	IDDetail      string `json:"id_detail"`
	IDChecked     bool   `json:"id_checked"`
	NIN           string `json:"nin"`
}

// handOverPickup hands a letter over with the identity checked (FD3.1) and
// files the record of it on the case. A letter no longer waiting is 409.
func (a *api) handOverPickup(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in handoverInput
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if _, err := a.svc.HandOver(r.Context(), actor, id, casework.HandoverInput{Handover: torg.Handover{
		Collector: in.Collector, CollectorName: in.CollectorName, IDDocument: in.IDDocument, IDDetail: in.IDDetail,
		IDChecked: in.IDChecked}, NIN: in.NIN}); err != nil {
		return err
	}
	return a.pickup(w, r, actor)
}

// pickupReturn is the body of POST /pickups/{id}/return.
type pickupReturn struct {
	Reason string `json:"reason"`
}

// returnPickup records that the service took a waiting letter back.
func (a *api) returnPickup(w http.ResponseWriter, r *http.Request, actor *torg.Employee) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in pickupReturn
	if r.ContentLength != 0 {
		if err := decode(w, r, &in); err != nil {
			return err
		}
	}
	if _, err := a.svc.ReturnPickup(r.Context(), actor, id, in.Reason); err != nil {
		return err
	}
	return a.pickup(w, r, actor)
}
