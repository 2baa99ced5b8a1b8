package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

const personCols = `id, municipality_id, nin, nin_country, nin_kind, given_name, family_name, birth_date,
	address, postcode, city, protection, digital_reserved, phone, email, language, interpreter`

func scanPerson(s interface{ Scan(...any) error }) (*torg.Person, error) {
	var p torg.Person
	var birth string
	var prot int
	err := s.Scan(&p.ID, &p.MunicipalityID, &p.NIN, &p.NINCountry, &p.NINKind, &p.GivenName, &p.FamilyName, &birth,
		&p.Address, &p.Postcode, &p.City, &prot, &p.DigitalReserved, &p.Phone, &p.Email, &p.Language, &p.Interpreter)
	p.BirthDate = parseDate(birth)
	p.Protection = torg.Protection(prot)
	return &p, err
}

// CreatePerson inserts p, sealed (torg.Person.Seal), and sets its ID. A
// second person with the same national ID in the municipality is ECONFLICT.
func (q *Q) CreatePerson(ctx context.Context, p *torg.Person, now time.Time) error {
	p.Seal()
	id, err := q.insert(ctx, `INSERT INTO persons (municipality_id, nin, nin_country, nin_kind, given_name, family_name,
		search_name, search_family, birth_date, address, postcode, city, protection, digital_reserved, phone, email,
		language, interpreter, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
		p.MunicipalityID, p.NIN, p.NINCountry, p.NINKind, p.GivenName, p.FamilyName, p.SearchName(),
		strings.ToLower(p.FamilyName), p.BirthDate.String(), p.Address, p.Postcode, p.City, int(p.Protection),
		p.DigitalReserved, p.Phone, p.Email, p.Language, p.Interpreter, micros(now))
	if err != nil {
		return fmt.Errorf("store: create person: %w", err)
	}
	p.ID = id
	return nil
}

// Person returns person id in a municipality.
func (q *Q) Person(ctx context.Context, municipalityID, id int64) (*torg.Person, error) {
	p, err := scanPerson(q.ex.QueryRowContext(ctx, `SELECT `+personCols+` FROM persons
		WHERE id = $1 AND municipality_id = $2`, id, municipalityID))
	if err != nil {
		return nil, fmt.Errorf("store: person %d: %w", id, mapError(err))
	}
	return p, nil
}

// PersonByNIN returns the person with a national ID (canonical digits).
func (q *Q) PersonByNIN(ctx context.Context, municipalityID int64, nin string) (*torg.Person, error) {
	p, err := scanPerson(q.ex.QueryRowContext(ctx, `SELECT `+personCols+` FROM persons
		WHERE municipality_id = $1 AND nin = $2`, municipalityID, nin))
	if err != nil {
		return nil, fmt.Errorf("store: person by national ID: %w", mapError(err))
	}
	return p, nil
}

// SearchPersons finds persons whose full name or family name starts with
// the query, case-insensitively, at most limit of them, by name.
func (q *Q) SearchPersons(ctx context.Context, municipalityID int64, query string, limit int) ([]*torg.Person, error) {
	pat := escapeLike(strings.ToLower(strings.TrimSpace(query))) + "%"
	rows, err := q.query(ctx, `SELECT `+personCols+` FROM persons WHERE municipality_id = $1
		AND (search_name LIKE $2 ESCAPE '\' OR search_family LIKE $2 ESCAPE '\')
		ORDER BY family_name, given_name, id LIMIT $3`, municipalityID, pat, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search persons: %w", err)
	}
	return collect(rows, scanPerson)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UpdatePerson saves p's contact details and register data, sealed
// (torg.Person.Seal).
func (q *Q) UpdatePerson(ctx context.Context, p *torg.Person, now time.Time) error {
	p.Seal()
	_, err := q.exec(ctx, `UPDATE persons SET given_name = $1, family_name = $2, search_name = $3, search_family = $4,
		address = $5, postcode = $6, city = $7, protection = $8, digital_reserved = $9, phone = $10, email = $11,
		language = $12, interpreter = $13, updated_at = $14 WHERE id = $15 AND municipality_id = $16`,
		p.GivenName, p.FamilyName, p.SearchName(), strings.ToLower(p.FamilyName), p.Address, p.Postcode, p.City,
		int(p.Protection), p.DigitalReserved, p.Phone, p.Email, p.Language, p.Interpreter, micros(now), p.ID, p.MunicipalityID)
	if err != nil {
		return fmt.Errorf("store: update person %d: %w", p.ID, err)
	}
	return nil
}

// CountPersons returns how many persons a municipality has.
func (q *Q) CountPersons(ctx context.Context, municipalityID int64) (int, error) {
	var n int
	err := q.ex.QueryRowContext(ctx, `SELECT count(*) FROM persons WHERE municipality_id = $1`, municipalityID).Scan(&n)
	return n, mapError(err)
}
