package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// registerCopy returns the demo's copy of the population and property
// registers (DC1.5): every demo person as the register has them, and a
// home for every fifth unprotected person, so that filling a person in
// from the registers works in the demo as it does with an imported
// register. A strictly protected person's register entry has no address,
// only the forwarding address (domain reference §2.1).
func registerCopy(persons []*torg.Person) ([]store.RegisterPerson, []store.RegisterProperty) {
	rps := make([]store.RegisterPerson, 0, len(persons))
	var props []store.RegisterProperty
	for i, p := range persons {
		rp := store.RegisterPerson{NIN: p.NIN, NINCountry: p.NINCountry, GivenName: p.GivenName,
			FamilyName: p.FamilyName, BirthDate: p.BirthDate, Address: p.Address, Postcode: p.Postcode,
			City: p.City, Protection: p.Protection, Reserved: p.DigitalReserved}
		if p.Protection == torg.ProtectionStrict {
			rp.Address, rp.Postcode, rp.City = "", "", ""
			rp.Forward = torg.SOT6Street + ", " + torg.SOT6Postcode + " " + torg.SOT6City
		}
		rps = append(rps, rp)
		if i%5 == 0 && p.Protection == torg.ProtectionNone {
			share := "1/1"
			if i%10 == 5 {
				share = "1/2"
			}
			props = append(props, store.RegisterProperty{NIN: p.NIN,
				PropertyID: fmt.Sprintf("%s-%d/%d", MunicipalityCode, 10+i%40, 100+i),
				Address:    p.Address + ", " + p.Postcode + " " + p.City, Share: share, Kind: "bolig"})
		}
	}
	return rps, props
}

// insertRegister writes the demo's register copy in one transaction.
func insertRegister(ctx context.Context, db *store.DB, municipalityID int64, persons []*torg.Person, now time.Time) error {
	rps, props := registerCopy(persons)
	err := db.Write(ctx, func(q *store.Q) error { return q.ReplaceRegister(ctx, municipalityID, rps, props, now) })
	if err != nil {
		return fmt.Errorf("demo: register: %w", err)
	}
	return nil
}
