package store

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// RegisterPerson is a row of the local copy of the population register.
// Address, Postcode and City are empty for a strictly protected person;
// Forward then holds the forwarding address post goes to.
type RegisterPerson struct {
	NIN        string // canonical digits
	NINCountry string // "NO", "SE" or "DK"
	GivenName  string
	FamilyName string
	BirthDate  torg.Date
	Address    string
	Postcode   string
	City       string
	Forward    string
	Protection torg.Protection
	Deceased   bool
	Reserved   bool // reserved against digital post
}

// RegisterProperty is a row of the local copy of the property register: a
// property a person in the population register holds a share of.
type RegisterProperty struct {
	NIN        string
	PropertyID string // e.g. "4204-12/345" (municipality-gnr/bnr)
	Address    string
	Share      string // e.g. "1/2"
	Kind       string
}

// RegisterCounts says how many rows a municipality's register copy holds.
type RegisterCounts struct {
	Persons, Properties int
}

const registerPersonCols = `nin, nin_country, given_name, family_name, birth_date, address, postcode, city,
	forward, protection, deceased, reserved`

// RegisterPerson returns the register entry of a national ID (canonical
// digits) in a municipality; ENOTFOUND if there is none.
func (q *Q) RegisterPerson(ctx context.Context, municipalityID int64, nin string) (*RegisterPerson, error) {
	var p RegisterPerson
	var birth string
	var prot int
	err := q.ex.QueryRowContext(ctx, `SELECT `+registerPersonCols+` FROM register_persons
		WHERE municipality_id = $1 AND nin = $2`, municipalityID, nin).Scan(&p.NIN, &p.NINCountry,
		&p.GivenName, &p.FamilyName, &birth, &p.Address, &p.Postcode, &p.City, &p.Forward, &prot,
		&p.Deceased, &p.Reserved)
	if err != nil {
		return nil, fmt.Errorf("store: register person: %w", mapError(err))
	}
	p.BirthDate = parseDate(birth)
	p.Protection = torg.Protection(prot)
	return &p, nil
}

// RegisterProperties returns the properties a national ID holds shares of
// in a municipality's register copy, in the order they were imported.
func (q *Q) RegisterProperties(ctx context.Context, municipalityID int64, nin string) ([]RegisterProperty, error) {
	rows, err := q.query(ctx, `SELECT nin, property_id, address, share, kind FROM register_properties
		WHERE municipality_id = $1 AND nin = $2 ORDER BY position`, municipalityID, nin)
	if err != nil {
		return nil, fmt.Errorf("store: register properties: %w", err)
	}
	return collect(rows, func(s interface{ Scan(...any) error }) (RegisterProperty, error) {
		var p RegisterProperty
		err := s.Scan(&p.NIN, &p.PropertyID, &p.Address, &p.Share, &p.Kind)
		return p, err
	})
}

// CountRegister counts a municipality's register rows.
func (q *Q) CountRegister(ctx context.Context, municipalityID int64) (RegisterCounts, error) {
	var c RegisterCounts
	err := q.ex.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM register_persons WHERE municipality_id = $1),
		(SELECT count(*) FROM register_properties WHERE municipality_id = $1)`,
		municipalityID).Scan(&c.Persons, &c.Properties)
	if err != nil {
		return c, fmt.Errorf("store: count register: %w", mapError(err))
	}
	return c, nil
}

// ReplaceRegister deletes a municipality's register rows and inserts
// persons and properties in their place. Run it inside Write, so that
// readers see the old register or the new one, never a mix.
func (q *Q) ReplaceRegister(ctx context.Context, municipalityID int64, persons []RegisterPerson,
	props []RegisterProperty, now time.Time) error {
	for _, table := range []string{"register_properties", "register_persons"} {
		if _, err := q.exec(ctx, `DELETE FROM `+table+` WHERE municipality_id = $1`, municipalityID); err != nil {
			return fmt.Errorf("store: clear %s: %w", table, err)
		}
	}
	for _, p := range persons {
		if err := q.insertRegisterPerson(ctx, municipalityID, p, now); err != nil {
			return err
		}
	}
	for i, p := range props {
		if _, err := q.exec(ctx, `INSERT INTO register_properties (municipality_id, nin, property_id, address,
			share, kind, position) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			municipalityID, p.NIN, p.PropertyID, p.Address, p.Share, p.Kind, i); err != nil {
			return fmt.Errorf("store: insert register property %s: %w", p.PropertyID, err)
		}
	}
	return nil
}

func (q *Q) insertRegisterPerson(ctx context.Context, municipalityID int64, p RegisterPerson, now time.Time) error {
	_, err := q.exec(ctx, `INSERT INTO register_persons (municipality_id, `+registerPersonCols+`, imported_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		municipalityID, p.NIN, p.NINCountry, p.GivenName, p.FamilyName, p.BirthDate.String(), p.Address,
		p.Postcode, p.City, p.Forward, int(p.Protection), p.Deceased, p.Reserved, micros(now))
	if err != nil {
		return fmt.Errorf("store: insert register person: %w", err)
	}
	return nil
}
