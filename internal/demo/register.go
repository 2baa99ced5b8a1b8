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
	return append(rps, swedishRegister()...), props
}

// swedishRegister is a few Swedish persons in the register copy only, for
// debt notices (DN): Skatteverket test personnummer (domain reference
// §1.2), and one household with a minor child at the same address (DN4,
// DN6). None of them is a person in Torg until a notice registers them.
func swedishRegister() []store.RegisterPerson {
	se := func(nin, given, family string, birth torg.Date, address string) store.RegisterPerson {
		return store.RegisterPerson{NIN: nin, NINCountry: "SE", GivenName: given, FamilyName: family,
			BirthDate: birth, Address: address, Postcode: "9901", City: townName}
	}
	return []store.RegisterPerson{
		// The household: Tolvan Tolvansson and his son (under 18).
		se(SwedishParentNIN, "Tolvan", "Tolvansson", torg.Date{Year: 1912, Month: 12, Day: 12}, "Storgata 40"),
		se(SwedishChildNIN, "Tage", "Tolvansson", torg.Date{Year: 2017, Month: 1, Day: 1}, "Storgata 40"),
		// Alone: the no-children path (DN5).
		se(SwedishNoChildrenNIN, "Sven", "Svensson", torg.Date{Year: 1950, Month: 5, Day: 5}, "Fjordveien 7"),
		se("190301249801", "Greta", "Gustafsson", torg.Date{Year: 1903, Month: 1, Day: 24}, "Kirkegata 3"),
		se("194408139089", "Astrid", "Lind", torg.Date{Year: 1944, Month: 8, Day: 13}, "Havnegata 18"),
		se("200001052380", "Maja", "Andersson", torg.Date{Year: 2000, Month: 1, Day: 5}, "Skolegata 9"),
	}
}

// Swedish personnummer in the demo register (DN), all from Skatteverket's
// open list of test personnummer (domain reference §1.2).
//
// SwedishChildNIN (born 2017-01-01, a minor until 2035) is on that list as
// published on dataportal.se (https://www.dataportal.se/sv/datasets/6_67959/testpersonnummer),
// the source that public test suites cite for it, for example a
// Länsförsäkringar client's tests ("201701012393 # …/6_67959/testpersonnummer")
// and Skolplattformen's. Its ninth digit is odd: the list has it as a man's
// number, so the demo child is a boy.
const (
	SwedishParentNIN     = "191212121212" // lives with a minor child
	SwedishChildNIN      = "201701012393" // a minor: born 2017-01-01
	SwedishNoChildrenNIN = "195005050512" // lives alone
)

// insertRegister writes the demo's register copy in one transaction.
func insertRegister(ctx context.Context, db *store.DB, municipalityID int64, persons []*torg.Person, now time.Time) error {
	rps, props := registerCopy(persons)
	err := db.Write(ctx, func(q *store.Q) error { return q.ReplaceRegister(ctx, municipalityID, rps, props, now) })
	if err != nil {
		return fmt.Errorf("demo: register: %w", err)
	}
	return nil
}
