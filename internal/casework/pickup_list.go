package casework

import (
	"context"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// PickupView is a letter held at the desk as an employee may see it. A
// strictly protected person (kode 6) is not named to staff without
// clearance: the desk's list is seen by everyone at the desk, as a unit's
// shared work list is (DC1.3). Such a letter is handed over against the
// national ID number on the ID document shown. No address is ever part of
// a letter's view.
type PickupView struct {
	*torg.Pickup
	NameHidden bool // PersonName and CollectorName are blanked
	Overdue    bool // still waiting after the agreed pickup time
	Mine       bool // the viewer is the responsible employee
}

// PickupList is the desk's list of letters (FD3.2): those waiting, overdue
// first, and those handed over or taken back in the last RecentDays days.
type PickupList struct {
	Waiting    []*PickupView
	Overdue    int // how many of Waiting are overdue
	Recent     []*PickupView
	RecentDays int
	Person     *PersonView // set when the list is one person's
}

// pickupRecentDays is how far back the list shows closed letters.
const pickupRecentDays = 14

// canSeePickup: the front desk sees every letter of the municipality; the
// counsellors and leaders of the letter's service, and its responsible
// employee, see it too.
func canSeePickup(a *torg.Employee, k *torg.Pickup) error {
	switch {
	case a.MunicipalityID != k.MunicipalityID:
		return notFound()
	case a.Has(torg.RoleFrontDesk), k.ResponsibleID == a.ID:
		return nil
	case a.InUnit(k.UnitID) && (a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader)):
		return nil
	}
	return notFound()
}

// pickupScope limits the lists of staff outside the desk to their own
// services' letters and the letters they are responsible for.
func pickupScope(a *torg.Employee) *store.PickupScope {
	if a.Has(torg.RoleFrontDesk) {
		return nil
	}
	sc := &store.PickupScope{ResponsibleID: a.ID}
	if a.Has(torg.RoleCounsellor) || a.Has(torg.RoleLeader) {
		sc.Units = a.Units
	}
	return sc
}

func (s *Service) pickupView(a *torg.Employee, k *torg.Pickup) *PickupView {
	v := &PickupView{Pickup: k, Overdue: k.Overdue(s.now()), Mine: k.ResponsibleID == a.ID}
	if k.Protection == torg.ProtectionStrict && a.Clearance < torg.ProtectionStrict {
		c := *k
		c.PersonName, c.CollectorName, v.Pickup, v.NameHidden = "", "", &c, true
		if k.Collector == torg.FromAgency {
			v.CollectorName = k.CollectorName // the agency's representative, not the person
		}
	}
	return v
}

// Pickups returns the desk's list of letters (FD3.2), or one person's
// letters when personID is not 0. The read is audited for every person on
// the list.
func (s *Service) Pickups(ctx context.Context, a *torg.Employee, personID int64) (*PickupList, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	l := &PickupList{RecentDays: pickupRecentDays}
	if personID != 0 {
		p, err := s.Person(ctx, a, personID)
		if err != nil {
			return nil, err
		}
		l.Person = p
	}
	r, sc := s.db.R(), pickupScope(a)
	waiting, err := r.PickupList(ctx, a.MunicipalityID, store.PickupFilter{State: torg.PickupWaiting, PersonID: personID, Scope: sc})
	if err != nil {
		return nil, err
	}
	recent, err := r.PickupList(ctx, a.MunicipalityID, store.PickupFilter{PersonID: personID, Scope: sc, Limit: 100,
		ClosedAfter: s.now().Add(-pickupRecentDays * 24 * time.Hour)})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, k := range waiting {
		v := s.pickupView(a, k)
		l.Waiting = append(l.Waiting, v)
		if v.Overdue {
			l.Overdue++
		}
		ids = append(ids, k.PersonID)
	}
	for _, k := range recent {
		l.Recent = append(l.Recent, s.pickupView(a, k))
		ids = append(ids, k.PersonID)
	}
	return l, s.auditRead(ctx, a, "pickup.list", "pickup:*", unique(ids)...)
}

func unique(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// Pickup returns one letter; the read is audited.
func (s *Service) Pickup(ctx context.Context, a *torg.Employee, id int64) (*PickupView, error) {
	k, err := s.db.R().Pickup(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	if err := canSeePickup(a, k); err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, a, "pickup.read", obj("pickup", k.ID), k.PersonID); err != nil {
		return nil, err
	}
	return s.pickupView(a, k), nil
}

// PickupForm is what registering a letter for a person offers: the
// person's cases the actor may file in, and the employees who may be
// responsible, by service.
type PickupForm struct {
	Person       *PersonView
	Cases        []*torg.Case
	Responsibles []*ResponsibleGroup
}

// ResponsibleGroup is a service and its counsellors and leaders.
type ResponsibleGroup struct {
	Unit      *torg.Unit
	Employees []*torg.Employee
}

// NewPickupForm returns what the registration form of a letter for a
// person offers (FD3.3).
func (s *Service) NewPickupForm(ctx context.Context, a *torg.Employee, personID int64) (*PickupForm, error) {
	p, err := s.Person(ctx, a, personID)
	if err != nil {
		return nil, err
	}
	f := &PickupForm{Person: p}
	r := s.db.R()
	cases, err := r.PersonCases(ctx, a.MunicipalityID, personID)
	if err == nil {
		err = s.withParties(ctx, cases)
	}
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if c.Type != torg.CaseTypeGeneral && canRegisterInquiry(a, c.UnitID) == nil && clearedFor(a, c) {
			f.Cases = append(f.Cases, c)
		}
	}
	f.Responsibles, err = s.responsibleGroups(ctx, a)
	return f, err
}

// responsibleGroups lists, per service the actor may register letters
// for, its active counsellors and leaders.
func (s *Service) responsibleGroups(ctx context.Context, a *torg.Employee) ([]*ResponsibleGroup, error) {
	r := s.db.R()
	units, err := r.Units(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	var out []*ResponsibleGroup
	for _, u := range units {
		if canRegisterInquiry(a, u.ID) != nil {
			continue
		}
		g := &ResponsibleGroup{Unit: u}
		seen := map[int64]bool{}
		for _, role := range []torg.Role{torg.RoleCounsellor, torg.RoleLeader} {
			es, err := r.UnitEmployees(ctx, u.ID, role)
			if err != nil {
				return nil, err
			}
			for _, e := range es {
				if !seen[e.ID] {
					seen[e.ID] = true
					g.Employees = append(g.Employees, e)
				}
			}
		}
		if len(g.Employees) > 0 {
			out = append(out, g)
		}
	}
	return out, nil
}
