package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
)

// Bulk writes prepare their INSERT once and run it for every row, which
// saves parsing the statement again for each row, for imports, demo data
// and benchmark databases. They do what their one-row counterparts do.
// (A multi-row INSERT is no faster on SQLite: its $n parameters are
// looked up by name, at a cost that grows with their number.)

type preparer interface {
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// insertEach runs query, an INSERT, for rows 0 to n-1 with the arguments
// args returns, and hands each row's new ID to setID.
func (q *Q) insertEach(ctx context.Context, query string, n int, args func(i int) []any, setID func(i int, id int64)) error {
	if n == 0 {
		return nil
	}
	p, ok := q.ex.(preparer)
	if !ok {
		return fmt.Errorf("store: %T cannot prepare statements", q.ex)
	}
	stmt, err := p.PrepareContext(ctx, query+" RETURNING id")
	if err != nil {
		return mapError(err)
	}
	defer stmt.Close()
	for i := range n {
		var id int64
		if err := stmt.QueryRowContext(ctx, args(i)...).Scan(&id); err != nil {
			return mapError(err)
		}
		setID(i, id)
	}
	return nil
}

// CreatePersons inserts persons and sets their IDs, as CreatePerson does
// for one. A national ID that is taken in the municipality is ECONFLICT.
func (q *Q) CreatePersons(ctx context.Context, ps []*torg.Person, now time.Time) error {
	err := q.insertEach(ctx, `INSERT INTO persons (municipality_id, nin, nin_country, nin_kind, given_name, family_name,
		search_name, search_family, birth_date, address, postcode, city, protection, digital_reserved, phone, email,
		language, interpreter, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19)`,
		len(ps), func(i int) []any {
			p := ps[i]
			return []any{p.MunicipalityID, p.NIN, p.NINCountry, p.NINKind, p.GivenName, p.FamilyName, p.SearchName(),
				strings.ToLower(p.FamilyName), p.BirthDate.String(), p.Address, p.Postcode, p.City, int(p.Protection),
				p.DigitalReserved, p.Phone, p.Email, p.Language, p.Interpreter, micros(now)}
		}, func(i int, id int64) { ps[i].ID = id })
	if err != nil {
		return fmt.Errorf("store: create persons: %w", err)
	}
	return nil
}

// CreateCases inserts cases numbered in their order, as CreateCase does
// for one, and sets their ID, Year and Seq. Each municipality's numbers
// are taken from the year's sequence in one step.
func (q *Q) CreateCases(ctx context.Context, cs []*torg.Case, now time.Time) error {
	if err := q.numberCases(ctx, cs, now.Year()); err != nil {
		return err
	}
	err := q.insertEach(ctx, `INSERT INTO cases (municipality_id, unit_id, type, title, year, seq, responsible_id,
		status, markers, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
		len(cs), func(i int) []any {
			c := cs[i]
			if c.Status == "" {
				c.Status = torg.CaseCreated
			}
			c.Created, c.Updated = now, now
			return []any{c.MunicipalityID, c.UnitID, c.Type, c.Title, c.Year, c.Seq, nullID(c.ResponsibleID), c.Status,
				toJSON(c.Markers), micros(now)}
		}, func(i int, id int64) { cs[i].ID = id })
	if err != nil {
		return fmt.Errorf("store: create cases: %w", err)
	}
	return nil
}

// numberCases gives cases the next sequence numbers of a year, reserving
// each municipality's block with one update of case_seq.
func (q *Q) numberCases(ctx context.Context, cs []*torg.Case, year int) error {
	count := map[int64]int{}
	for _, c := range cs {
		count[c.MunicipalityID]++
	}
	next := make(map[int64]int, len(count))
	for m, n := range count {
		var last int
		err := q.ex.QueryRowContext(ctx, `INSERT INTO case_seq (municipality_id, year, last) VALUES ($1, $2, $3)
			ON CONFLICT (municipality_id, year) DO UPDATE SET last = case_seq.last + $3 RETURNING last`,
			m, year, n).Scan(&last)
		if err != nil {
			return fmt.Errorf("store: case numbers: %w", mapError(err))
		}
		next[m] = last - n + 1
	}
	for _, c := range cs {
		c.Year, c.Seq = year, next[c.MunicipalityID]
		next[c.MunicipalityID]++
	}
	return nil
}

// AddParties adds parties to cases and sets their IDs, as AddParty does
// for one.
func (q *Q) AddParties(ctx context.Context, ps []*torg.Party) error {
	err := q.insertEach(ctx, `INSERT INTO parties (case_id, person_id, org_name, role) VALUES ($1, $2, $3, $4)`,
		len(ps), func(i int) []any {
			p := ps[i]
			return []any{p.CaseID, nullID(p.PersonID), p.OrgName, p.Role}
		}, func(i int, id int64) { ps[i].ID = id })
	if err != nil {
		return fmt.Errorf("store: add parties: %w", err)
	}
	return nil
}

// PersonsAfter lists up to limit persons of a municipality whose IDs are
// above after, by ID: a scan of the register in pages, for bulk work.
func (q *Q) PersonsAfter(ctx context.Context, municipalityID, after int64, limit int) ([]*torg.Person, error) {
	rows, err := q.query(ctx, `SELECT `+personCols+` FROM persons WHERE municipality_id = $1 AND id > $2
		ORDER BY id LIMIT $3`, municipalityID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: persons after %d: %w", after, err)
	}
	return collect(rows, scanPerson)
}
