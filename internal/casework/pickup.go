package casework

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// PickupInput is what the desk or the responsible employee writes down when
// a letter is left at the main desk for pickup (FD3).
type PickupInput struct {
	RequestKey    string // from the form; a second submit with the same key returns the first letter
	PersonID      int64  // the citizen the letter is for
	CaseID        int64  // 0: the letter belongs to no case
	UnitID        int64  // the service of the responsible employee; with a case, the case's
	ResponsibleID int64  // 0 with a case: the case's responsible
	Recipient     string // torg.FromCitizen or torg.FromAgency
	AgencyName    string
	Agreement     string // the agency's agreement: what it is and where it is kept (FD3.1)
	Description   string // what the letter is
	Location      string // where it is kept; the main desk by default (FD3.2)
	Date, Time    string // the agreed pickup time as typed, in the municipality's time zone
	At            time.Time
}

// RegisterPickup registers a letter held at the desk with the date and time,
// the responsible employee, the recipient and the agreed pickup time
// (FD3.1–FD3.3), and sets a timer that gives the responsible employee a
// task if the letter is not collected by then. It reports dup when the same
// form was submitted before.
func (s *Service) RegisterPickup(ctx context.Context, a *torg.Employee, in PickupInput) (*torg.Pickup, bool, error) {
	if err := canSeePersons(a); err != nil {
		return nil, false, err
	}
	if prev := s.previousPickup(ctx, a, in.RequestKey); prev != nil {
		return prev, true, nil
	}
	k, err := s.newPickup(ctx, a, in)
	if err != nil {
		return nil, false, err
	}
	if err := k.Validate(s.now()); err != nil {
		return nil, false, err
	}
	err = s.db.Write(ctx, func(tx *store.Q) error {
		now := s.now()
		if err := tx.CreatePickup(ctx, k, now); err != nil {
			return err
		}
		if err := setPickupTimer(ctx, tx, k, now); err != nil {
			return err
		}
		if err := s.fileHeldLetter(ctx, tx, a, k); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "pickup.register", obj("pickup", k.ID), k.PersonID, "")
	})
	if torg.ErrorCode(err) == torg.ECONFLICT {
		if prev := s.previousPickup(ctx, a, k.RequestKey); prev != nil {
			return prev, true, nil
		}
	}
	if err != nil {
		return nil, false, err
	}
	return k, false, nil
}

// newPickup builds the letter from the input, checking the person, the
// case, the service and the responsible employee.
func (s *Service) newPickup(ctx context.Context, a *torg.Employee, in PickupInput) (*torg.Pickup, error) {
	r := s.db.R()
	person, err := r.Person(ctx, a.MunicipalityID, in.PersonID)
	if err != nil {
		return nil, torg.FieldError("person", "pickup.person_required")
	}
	k := &torg.Pickup{MunicipalityID: a.MunicipalityID, PersonID: person.ID, UnitID: in.UnitID,
		ResponsibleID: in.ResponsibleID, Recipient: in.Recipient, AgencyName: clean(in.AgencyName),
		Agreement: trimText(in.Agreement), Description: trimText(in.Description), Location: clean(in.Location),
		CreatedBy: a.ID, RequestKey: requestKey(in.RequestKey)}
	if in.CaseID != 0 {
		c, err := s.pickupCase(ctx, a, person.ID, in.CaseID)
		if err != nil {
			return nil, err
		}
		k.CaseID, k.UnitID = c.ID, c.UnitID
		if k.ResponsibleID == 0 {
			k.ResponsibleID = c.ResponsibleID
		}
	}
	if err := s.checkResponsible(ctx, a, k); err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	if k.Location == "" {
		k.Location = s.printer(m).T("pickup.default_location")
	}
	if k.PickupBy, err = pickupTime(m, in); err != nil {
		return nil, err
	}
	if k.Recipient == torg.FromCitizen {
		k.AgencyName, k.Agreement = "", ""
	}
	return k, nil
}

// pickupCase returns the case a letter belongs to: a case of the person's
// that the actor may file in. Any other is reported as not there.
func (s *Service) pickupCase(ctx context.Context, a *torg.Employee, personID, caseID int64) (*torg.Case, error) {
	c, err := s.db.R().Case(ctx, a.MunicipalityID, caseID)
	if err == nil {
		err = s.withParties(ctx, []*torg.Case{c})
	}
	if err != nil || c.Type == torg.CaseTypeGeneral || canRegisterInquiry(a, c.UnitID) != nil || !clearedFor(a, c) ||
		!slices.Contains(partyPersons(c), personID) {
		return nil, torg.FieldError("case", "pickup.case_invalid")
	}
	return c, nil
}

// checkResponsible checks that the letter's service is one the actor may
// register letters for, and that its responsible employee is an active
// counsellor or leader there.
func (s *Service) checkResponsible(ctx context.Context, a *torg.Employee, k *torg.Pickup) error {
	if k.UnitID == 0 || k.ResponsibleID == 0 {
		return torg.FieldError("responsible", "pickup.responsible_required")
	}
	u, err := s.db.R().Unit(ctx, k.UnitID)
	if err != nil || u.MunicipalityID != a.MunicipalityID || canRegisterInquiry(a, u.ID) != nil {
		return torg.FieldError("responsible", "pickup.responsible_invalid")
	}
	e, err := s.db.R().Employee(ctx, k.ResponsibleID)
	if err != nil || e.MunicipalityID != a.MunicipalityID || !e.Active || !e.InUnit(u.ID) ||
		!(e.Has(torg.RoleCounsellor) || e.Has(torg.RoleLeader)) {
		return torg.FieldError("responsible", "pickup.responsible_invalid")
	}
	return nil
}

// pickupTime reads the agreed pickup time: an instant, or a date and a time
// of day in the municipality's time zone.
func pickupTime(m *torg.Municipality, in PickupInput) (time.Time, error) {
	if !in.At.IsZero() {
		return in.At.UTC(), nil
	}
	if strings.TrimSpace(in.Date) == "" {
		return time.Time{}, torg.FieldError("pickup_date", "pickup.time_required")
	}
	d, err := torg.ParseFormDate(in.Date)
	if err != nil {
		return time.Time{}, torg.FieldError("pickup_date", "pickup.date_invalid")
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return time.Time{}, err
	}
	t, err := clockOn(d.Time(), in.Time, loc)
	if err != nil {
		return time.Time{}, torg.FieldError("pickup_time", "pickup.clock_invalid")
	}
	return t, nil
}

// previousPickup returns the letter a request key already registered, if
// the same employee did it.
func (s *Service) previousPickup(ctx context.Context, a *torg.Employee, key string) *torg.Pickup {
	if key == "" {
		return nil
	}
	k, err := s.db.R().PickupByKey(ctx, key)
	if err != nil || k.MunicipalityID != a.MunicipalityID || k.CreatedBy != a.ID {
		return nil
	}
	return k
}

// PickupTimerKind is the kind of the timers that fire at a letter's agreed
// pickup time.
const PickupTimerKind = "pickup"

type pickupPayload struct {
	Pickup int64 `json:"pickup"`
}

// pickupTimerKey names the timer of a letter's agreed pickup time: a new
// time is a new timer.
func pickupTimerKey(k *torg.Pickup) string {
	return fmt.Sprintf("pickup/%d/%d", k.ID, k.PickupBy.UnixMicro())
}

// setPickupTimer sets the timer of the letter's agreed pickup time. It is
// tied to no case, so that closing the case does not stop it.
func setPickupTimer(ctx context.Context, tx *store.Q, k *torg.Pickup, now time.Time) error {
	payload, err := json.Marshal(pickupPayload{Pickup: k.ID})
	if err != nil {
		return err
	}
	_, err = tx.SetTimer(ctx, &store.Timer{MunicipalityID: k.MunicipalityID, Key: pickupTimerKey(k),
		Kind: PickupTimerKind, Payload: payload, Due: k.PickupBy}, now)
	return err
}
