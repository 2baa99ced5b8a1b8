package casework

import (
	"context"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
)

// Registers are what the case data is filled in from (DC1.5).
type Registers struct {
	Population  registry.Population
	Property    registry.Property
	Reservation registry.Reservation
}

// registers returns the embedded default: the register copy in torg's
// own database.
func (s *Service) registers() Registers {
	l := registry.Local{DB: s.db}
	return Registers{Population: l, Property: l, Reservation: l}
}

// FillIn is a person's last fill-in from the registers as an employee may
// see it (DC1.5): when, by whom, and the properties the property register
// listed then.
type FillIn struct {
	At         time.Time
	ByName     string
	Properties []store.FilledProperty
	// Withheld: the person's address is protected from this employee, and
	// a property's address and number would tell it, so they are blank.
	Withheld bool
}

// FillFromRegisters updates a person's name, address, protection and
// digital post reservation from the population and reservation registers,
// keeps the properties the person holds with the date, and returns both
// (DC1.5). A strictly protected person's real address is never stored:
// the register's forwarding address is, and their properties are kept
// without address or number. A person the register does not know is
// ENOTFOUND with key registry.not_found, and nothing changes.
func (s *Service) FillFromRegisters(ctx context.Context, a *torg.Employee, personID int64) (*PersonView, *FillIn, error) {
	if err := canFillFromRegisters(a); err != nil {
		return nil, nil, err
	}
	p, err := s.db.R().Person(ctx, a.MunicipalityID, personID)
	if err != nil {
		return nil, nil, err
	}
	reg := s.registers()
	e, err := reg.Population.Lookup(ctx, a.MunicipalityID, p.NIN)
	if err != nil {
		return nil, nil, err
	}
	reserved, err := reg.Reservation.Reserved(ctx, a.MunicipalityID, p.NIN)
	if err != nil {
		return nil, nil, err
	}
	holdings, err := reg.Property.Holdings(ctx, a.MunicipalityID, p.NIN)
	if err != nil {
		return nil, nil, err
	}
	fillPerson(p, e, reserved)
	f := &store.FillIn{PersonID: p.ID, By: a.ID, At: s.now(), Properties: filledProperties(holdings, p.Protection)}
	err = s.db.Write(ctx, func(q *store.Q) error {
		if err := q.UpdatePerson(ctx, p, s.now()); err != nil {
			return err
		}
		if err := q.SaveFillIn(ctx, f); err != nil {
			return err
		}
		return s.audit(ctx, q, a, "person.fill_in", obj("person", p.ID), p.ID, "")
	})
	if err != nil {
		return nil, nil, err
	}
	f.ByName = a.Name
	return s.view(a, p), fillInView(a, p, f), nil
}

// LastFillIn returns a person's last fill-in from the registers, or nil if
// there was none: then the person's data is as the desk or the applicant
// gave it (DC1.5).
func (s *Service) LastFillIn(ctx context.Context, a *torg.Employee, personID int64) (*FillIn, error) {
	if err := canFillFromRegisters(a); err != nil {
		return nil, err
	}
	p, err := s.db.R().Person(ctx, a.MunicipalityID, personID)
	if err != nil {
		return nil, err
	}
	f, err := s.db.R().LastFillIn(ctx, p.ID)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return fillInView(a, p, f), nil
}

// filledProperties is what a fill-in keeps of the holdings: for a strictly
// protected person neither address nor property number, which would tell
// where they live.
func filledProperties(hs []registry.Holding, p torg.Protection) []store.FilledProperty {
	out := make([]store.FilledProperty, len(hs))
	for i, h := range hs {
		out[i] = store.FilledProperty{PropertyID: h.PropertyID, Address: h.Address, Share: h.Share, Kind: h.Kind}
		if p == torg.ProtectionStrict {
			out[i].PropertyID, out[i].Address = "", ""
		}
	}
	return out
}

// fillInView shows a fill-in to a; without clearance for the person's
// protection the properties' addresses and numbers are blanked.
func fillInView(a *torg.Employee, p *torg.Person, f *store.FillIn) *FillIn {
	v := &FillIn{At: f.At, ByName: f.ByName, Properties: f.Properties}
	if p.Protection == torg.ProtectionStrict || !canSeeAddress(a, p.Protection) {
		v.Withheld = true
		for i := range v.Properties {
			v.Properties[i].PropertyID, v.Properties[i].Address = "", ""
		}
	}
	return v
}

// fillPerson copies a register entry onto p.
func fillPerson(p *torg.Person, e registry.Entry, reserved bool) {
	p.GivenName, p.FamilyName = e.GivenName, e.FamilyName
	p.Address, p.Postcode, p.City = e.Address, e.Postcode, e.City
	if e.Protection == torg.ProtectionStrict {
		p.Address, p.Postcode, p.City = e.Forward, "", ""
	}
	p.Protection, p.DigitalReserved = e.Protection, reserved
}
