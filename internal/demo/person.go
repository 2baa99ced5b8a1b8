package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// personGen makes synthetic persons from a seeded random source, so that
// the same seed gives the same population.
type personGen struct {
	r              *rand.Rand
	municipalityID int64
}

func newPersonGen(municipalityID int64, seed1, seed2 uint64) *personGen {
	return &personGen{r: rand.New(rand.NewPCG(seed1, seed2)), municipalityID: municipalityID}
}

// person returns the i-th synthetic person with a national ID. The index
// fixes the share of protected (3% kode 7, 1% kode 6) and digitally
// reserved (5%) persons exactly; names and addresses are drawn at random.
func (g *personGen) person(i int, nin string, birth torg.Date, ind int) *torg.Person {
	p := &torg.Person{MunicipalityID: g.municipalityID, NIN: nin, NINCountry: "NO", NINKind: "fnr",
		BirthDate: birth, Language: "nb", City: townName}
	p.GivenName = pick(g.r, maleNames)
	if female(ind) {
		p.GivenName = pick(g.r, femaleNames)
	}
	p.FamilyName = pick(g.r, familyNames)
	p.Address = fmt.Sprintf("%s %d", pick(g.r, streets), 1+g.r.IntN(120))
	p.Postcode = pick(g.r, postcodes)
	p.DigitalReserved = i%20 == 7
	if g.r.IntN(100) < 4 {
		p.Interpreter = pick(g.r, interpreterLanguages)
	}
	protect(p, i)
	if p.Protection == torg.ProtectionNone && g.r.IntN(2) == 0 {
		p.Email = mailbox(p.GivenName, p.FamilyName, g.r.IntN(100)) + "@example.com"
	}
	return p
}

// protect grades the i-th person. A strictly protected person's real
// address is never stored: the SOT6 postbox takes its place.
func protect(p *torg.Person, i int) {
	switch i % 100 {
	case 35:
		p.Protection = torg.ProtectionStrict
		p.Address, p.Postcode, p.City = torg.SOT6Street, torg.SOT6Postcode, torg.SOT6City
	case 14, 50, 83:
		p.Protection = torg.ProtectionConfidential
	}
}

// mailbox returns an ASCII mailbox name such as "asa.hansen12".
func mailbox(given, family string, n int) string {
	return fmt.Sprintf("%s.%s%d", asciiLower(given), asciiLower(family), n)
}

// asciiLower lower-cases s and spells æ, ø and å in ASCII.
func asciiLower(s string) string {
	return strings.NewReplacer("æ", "ae", "ø", "o", "å", "a").Replace(strings.ToLower(s))
}

func pick(r *rand.Rand, s []string) string { return s[r.IntN(len(s))] }

// insertPersons writes persons in transactions of batch persons each.
func insertPersons(ctx context.Context, db *store.DB, persons []*torg.Person, batch int, now time.Time) error {
	for len(persons) > 0 {
		n := min(batch, len(persons))
		chunk := persons[:n]
		err := db.Write(ctx, func(q *store.Q) error { return q.CreatePersons(ctx, chunk, now) })
		if err != nil {
			return fmt.Errorf("demo: persons: %w", err)
		}
		persons = persons[n:]
	}
	return nil
}
