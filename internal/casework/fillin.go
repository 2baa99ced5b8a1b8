package casework

import (
	"context"

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

// FillFromRegisters updates a person's name, address, protection and
// digital post reservation from the population and reservation registers
// and returns the properties the person holds (DC1.5). A strictly
// protected person's real address is never stored: the register's
// forwarding address is. A person the register does not know is ENOTFOUND
// with key registry.not_found, and nothing changes.
func (s *Service) FillFromRegisters(ctx context.Context, a *torg.Employee, personID int64) (*PersonView, []registry.Holding, error) {
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
	err = s.db.Write(ctx, func(q *store.Q) error {
		if err := q.UpdatePerson(ctx, p, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, "person.fill_in", obj("person", p.ID), p.ID, "")
	})
	if err != nil {
		return nil, nil, err
	}
	return s.view(a, p), holdings, nil
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
