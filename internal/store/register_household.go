package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/torg-kommune/torg"
)

// RegisterHousehold returns the persons a municipality's register copy has
// at an address (street and postcode, compared without regard to case or
// surrounding spaces), in national ID order (DN4: minor children at the
// same address). A strictly protected person has no address in the copy and
// so is never part of a household here; an empty address gives nobody.
func (q *Q) RegisterHousehold(ctx context.Context, municipalityID int64, address, postcode string) ([]RegisterPerson, error) {
	address, postcode = strings.TrimSpace(address), strings.TrimSpace(postcode)
	if address == "" {
		return nil, nil
	}
	rows, err := q.query(ctx, `SELECT `+registerPersonCols+` FROM register_persons
		WHERE municipality_id = $1 AND LOWER(TRIM(address)) = LOWER($2) AND TRIM(postcode) = $3
		ORDER BY nin`, municipalityID, address, postcode)
	if err != nil {
		return nil, fmt.Errorf("store: register household: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (RegisterPerson, error) {
		var p RegisterPerson
		var birth string
		var prot int
		err := s.Scan(&p.NIN, &p.NINCountry, &p.GivenName, &p.FamilyName, &birth, &p.Address, &p.Postcode,
			&p.City, &p.Forward, &prot, &p.Deceased, &p.Reserved)
		p.BirthDate = parseDate(birth)
		p.Protection = torg.Protection(prot)
		return p, err
	})
}
