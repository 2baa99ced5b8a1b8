package gen

import (
	"context"
	"fmt"
	mrand "math/rand/v2"
	"strings"

	"github.com/torg-kommune/torg"
)

// household is the one being filled while persons are written.
type household struct {
	n, adults, left         int
	family, address, postal string
	protection              torg.Protection
	adultBirth              torg.Date
}

// Household shapes, in percent of households: a single adult, a couple,
// a single parent, a couple with children; parents have 1–3 children.
const (
	pctSingle       = 38
	pctCouple       = 28
	pctSingleParent = 8
)

var personCols = []string{"id", "municipality_id", "nin", "nin_country", "nin_kind", "given_name", "family_name",
	"search_name", "search_family", "birth_date", "address", "postcode", "city", "protection", "digital_reserved",
	"phone", "email", "language", "interpreter", "created_at", "updated_at"}

// writePersons writes the population, household by household: the adults
// first, then the children (under 18), all at the household's address and
// with its protection.
func (g *generator) writePersons(ctx context.Context) error {
	r := g.rng(1)
	nins := newNINMaker(g.cfg.Country)
	g.persons = make([]person, g.cfg.Persons)
	g.adults = make([]int32, 0, g.cfg.Persons*3/4)
	var h household
	households := 0
	today := torg.DateOf(g.now)
	created := micros(g.now)
	var failed error
	err := g.load(ctx, "persons", personCols, g.cfg.Persons, func(i int, row []any) {
		if h.left == 0 {
			h = g.household(r, households)
			households++
		}
		adult := h.n-h.left < h.adults
		h.left--
		draw := func() torg.Date {
			switch {
			case adult && h.adultBirth.IsZero():
				return today.AddDays(-(19*365 + r.IntN(71*365)))
			case adult:
				return h.adultBirth.AddDays(r.IntN(8*365) - 4*365)
			}
			return today.AddDays(-(1 + r.IntN(17*365)))
		}
		birth := draw()
		nin, female, ok := nins.make(birth)
		for try := 0; !ok && try < 1000; try++ {
			birth = draw()
			nin, female, ok = nins.make(birth)
		}
		if adult && h.adultBirth.IsZero() {
			h.adultBirth = birth
		}
		if !ok && failed == nil {
			failed = fmt.Errorf("bench gen: no synthetic %s national IDs left for births near %s: ask for fewer persons",
				g.cfg.Country, birth)
		}
		given := pick(r, g.mat.male)
		if female {
			given = pick(r, g.mat.female)
		}
		p := torg.Person{NIN: nin, NINCountry: g.cfg.Country, GivenName: given, FamilyName: h.family,
			Address: h.address, Postcode: h.postal, City: g.mat.town, Protection: h.protection}
		if h.address == "" {
			p.Postcode, p.City = "", ""
		}
		p.Seal()
		email := ""
		if p.Protection == torg.ProtectionNone && adult && r.IntN(2) == 0 {
			email = fmt.Sprintf("%s.%d@example.com", strings.ToLower(asciiName(given)), i)
		}
		interpreter := ""
		if adult && r.IntN(100) < 3 {
			interpreter = "ar"
		}
		g.persons[i] = person{nin: nin, protection: p.Protection}
		if adult {
			g.adults = append(g.adults, int32(i))
		}
		fill(row, g.personBase+int64(i)+1, g.mid, nin, g.cfg.Country, ninKind(g.cfg.Country), p.GivenName,
			p.FamilyName, p.SearchName(), strings.ToLower(p.FamilyName), birth.String(), p.Address, p.Postcode,
			p.City, int(p.Protection), i%20 == 7, "", email, g.mat.language, interpreter, created, created)
	})
	if failed != nil {
		return failed // the load failed on the missing numbers, if at all
	}
	return err
}

// household draws the shape and address of the h-th household. Addresses
// are unique per household: street, number and flat follow from h.
func (g *generator) household(r *mrand.Rand, h int) household {
	var x household
	switch k := r.IntN(100); {
	case k < pctSingle:
		x.adults, x.n = 1, 1
	case k < pctSingle+pctCouple:
		x.adults, x.n = 2, 2
	case k < pctSingle+pctCouple+pctSingleParent:
		x.adults, x.n = 1, 2+r.IntN(3)
	default:
		x.adults, x.n = 2, 3+r.IntN(3)
	}
	x.left = x.n
	x.family = pick(r, g.mat.family)
	switch {
	case h%strictEvery == strictEvery/2-279:
		x.protection = torg.ProtectionStrict
	case h%confidentialEvery == confidentialEvery/2+17:
		x.protection = torg.ProtectionConfidential
	}
	ns := len(g.mat.streets)
	x.address = fmt.Sprintf("%s %d, "+g.mat.flat, g.mat.streets[h%ns], 1+h/ns%300, 101+h/(ns*300))
	x.postal = g.mat.postcodes[h%len(g.mat.postcodes)]
	if x.protection == torg.ProtectionStrict && g.cfg.Country != Norway {
		// Sweden and Denmark: the real address is kept out of torg, and no
		// forwarding address is made up (Norway's is SOT6, set by Seal).
		x.address = ""
	}
	return x
}

func pick(r *mrand.Rand, s []string) string { return s[r.IntN(len(s))] }

// asciiName spells a name's Nordic letters in ASCII, for e-mail addresses.
func asciiName(s string) string {
	return strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "ä", "a", "ö", "o", "Æ", "Ae", "Ø", "O", "Å", "A",
		"Ä", "A", "Ö", "O").Replace(s)
}

// fill copies values into row.
func fill(row []any, values ...any) { copy(row, values) }
