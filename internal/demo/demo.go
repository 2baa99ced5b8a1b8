// Package demo loads Torgvik kommune, a synthetic Norwegian municipality
// for demonstrations, documentation and browser tests: a front desk, a
// debt-counselling service with its staff, some 300 persons and 40 debt
// cases. Every person is made up and carries a Test-Norge (Tenor)
// synthetic national ID, which no real person has.
//
// The package also generates large synthetic populations for benchmarks
// (GeneratePersons).
package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// personBatch is how many demo persons go in one transaction.
const personBatch = 100

// Load loads the demo municipality into db unless it is there already,
// and reports whether it did. It writes in a few transactions: the
// organisation, the persons in batches, the register copy they are filled
// in from (DC1.5), then the cases. If a load was cut
// short, Load says so rather than add to the half-loaded data.
func Load(ctx context.Context, db *store.DB, now time.Time) (created bool, err error) {
	if done, err := loaded(ctx, db); done || err != nil {
		return false, err
	}
	o, err := createOrg(ctx, db, now)
	if err != nil {
		return false, raced(ctx, db, err)
	}
	persons := population(o.municipality.ID)
	if err := insertPersons(ctx, db, persons, personBatch, now); err != nil {
		return false, err
	}
	if err := insertRegister(ctx, db, o.municipality.ID, persons, now); err != nil {
		return false, err
	}
	if err := createCases(ctx, db, o, planCases(o, persons, now), len(persons), now); err != nil {
		return false, err
	}
	return true, nil
}

// raced returns nil if err is a conflict because another Load created the
// municipality meanwhile, and err otherwise.
func raced(ctx context.Context, db *store.DB, err error) error {
	if torg.ErrorCode(err) == torg.ECONFLICT {
		if _, e := db.R().MunicipalityByCode(ctx, MunicipalityCode); e == nil {
			return nil
		}
	}
	return err
}

// loaded reports whether the demo municipality exists. It is an error if
// it exists without Kari Nordmann's case, which is written last: an
// earlier load did not finish.
func loaded(ctx context.Context, db *store.DB) (bool, error) {
	m, err := db.R().MunicipalityByCode(ctx, MunicipalityCode)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	complete, err := hasDemoCase(ctx, db, m.ID)
	if err == nil && !complete {
		err = fmt.Errorf("demo: municipality %s exists but its demo data is incomplete; load the demo into an empty database", MunicipalityCode)
	}
	return true, err
}

// hasDemoCase reports whether Kari Nordmann exists and has a case.
func hasDemoCase(ctx context.Context, db *store.DB, municipalityID int64) (bool, error) {
	p, err := db.R().PersonByNIN(ctx, municipalityID, DemoNIN)
	if torg.ErrorCode(err) == torg.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	cases, err := db.R().PersonCases(ctx, municipalityID, p.ID)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return len(cases) > 0, nil
}

// location returns the municipality's time zone, or UTC if the zone
// database lacks it.
func (o *org) location() *time.Location {
	loc, err := time.LoadLocation(o.municipality.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}
