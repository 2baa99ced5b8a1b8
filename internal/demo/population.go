package demo

import (
	"github.com/torg-kommune/torg"
)

// DemoNIN is the national ID of Kari Nordmann, the well-known demo person
// that documentation and browser tests use: 12838540056, a Test-Norge
// (Tenor) synthetic fødselsnummer for a woman born 12 March 1985 (month
// 03 + 80 = 83, individnummer 400). It belongs to no real person. She is
// unprotected and has an active debt-counselling case for which Eva Gran
// (eg) is responsible, by the day-of-month table (DC1.4: EG 1–12).
const DemoNIN = "12838540056"

// Kari Nordmann's name.
const (
	DemoGivenName  = "Kari"
	DemoFamilyName = "Nordmann"
)

// demoBirth is Kari Nordmann's birth date, as encoded in DemoNIN.
var demoBirth = torg.Date{Year: 1985, Month: 3, Day: 12}

// demoPersons is the size of the demo population, Kari Nordmann included.
const demoPersons = 300

// population returns the demo persons: Kari Nordmann first, then the
// others, drawn from a fixed seed. Every national ID is a synthetic one in
// the demo's individnummer band, and none repeats.
func population(municipalityID int64) []*torg.Person {
	kari := &torg.Person{MunicipalityID: municipalityID, NIN: DemoNIN, NINCountry: "NO", NINKind: "fnr",
		GivenName: DemoGivenName, FamilyName: DemoFamilyName, BirthDate: demoBirth, Language: "nb",
		Address: "Storgata 12", Postcode: "9901", City: townName, Email: "kari.nordmann@example.com"}
	out := []*torg.Person{kari}
	seen := map[string]bool{DemoNIN: true}
	g := newPersonGen(municipalityID, 9901, 1)
	for i := 0; len(out) < demoPersons; i++ {
		birth, ind := randomBirth(g)
		nin, ok := tenorNIN(birth, ind)
		if !ok || seen[nin] {
			continue
		}
		seen[nin] = true
		out = append(out, g.person(len(out)-1, nin, birth, ind))
	}
	return out
}

// randomBirth draws a birth date between 1935 and 2007 and an individnummer
// from the demo band of its century.
func randomBirth(g *personGen) (torg.Date, int) {
	first := torg.Date{Year: 1935, Month: 1, Day: 1}
	birth := first.AddDays(g.r.IntN(73 * 365))
	return birth, firstInd(birth.Year, true) + g.r.IntN(bandSize)
}
