package demo

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var testNow = time.Date(2026, 3, 10, 9, 30, 0, 0, time.UTC)

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, want := range []bool{true, false} {
			created, err := Load(ctx, db, testNow)
			if err != nil || created != want {
				t.Fatalf("Load #%d = %v, %v; want %v, nil", i+1, created, err, want)
			}
		}
		m, err := db.R().MunicipalityByCode(ctx, MunicipalityCode)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("persons", func(t *testing.T) { checkPersons(t, db, m.ID) })
		t.Run("staff", func(t *testing.T) { checkStaff(t, db) })
		t.Run("units", func(t *testing.T) { checkUnits(t, db, m.ID) })
		t.Run("cases", func(t *testing.T) { checkCases(t, db, m.ID) })
		t.Run("Kari Nordmann", func(t *testing.T) { checkKari(t, db, m.ID) })
		t.Run("audit", func(t *testing.T) { checkAudit(t, db) })
		t.Run("queue", func(t *testing.T) { checkQueue(t, db, m.ID) })
	})
}

func allPersons(t *testing.T, db *store.DB, municipalityID int64) []*torg.Person {
	t.Helper()
	ps, err := db.R().SearchPersons(context.Background(), municipalityID, "", 100000)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func checkPersons(t *testing.T, db *store.DB, municipalityID int64) {
	ps := allPersons(t, db, municipalityID)
	if len(ps) != demoPersons {
		t.Fatalf("%d persons, want %d", len(ps), demoPersons)
	}
	count := map[string]int{}
	for _, p := range ps {
		checkSynthetic(t, p)
		count[protectionName(p.Protection)]++
		if p.DigitalReserved {
			count["reserved"]++
		}
		if p.Interpreter != "" {
			count["interpreter"]++
		}
		checkAddress(t, p)
	}
	for key, want := range map[string][2]int{"strict": {3, 3}, "confidential": {9, 9}, "reserved": {15, 15}, "interpreter": {3, 30}} {
		if n := count[key]; n < want[0] || n > want[1] {
			t.Errorf("%d persons %s, want %d to %d", n, key, want[0], want[1])
		}
	}
}

func protectionName(p torg.Protection) string {
	return map[torg.Protection]string{torg.ProtectionNone: "none", torg.ProtectionConfidential: "confidential",
		torg.ProtectionStrict: "strict"}[p]
}

// checkSynthetic fails unless p's national ID is a valid synthetic one
// that matches p's birth date.
func checkSynthetic(t *testing.T, p *torg.Person) {
	t.Helper()
	n, err := nin.Parse(p.NIN, nin.Norway, testNow)
	if err != nil || !n.Synthetic || n.Kind != nin.KindFnr {
		t.Fatalf("%s: %+v, %v; want a synthetic fnr", p.NIN, n, err)
	}
	if torg.DateOf(n.BirthDate) != p.BirthDate {
		t.Errorf("%s: birth date %s in the number, %s on the person", p.NIN, n.BirthDate, p.BirthDate)
	}
}

// checkAddress fails if a strictly protected person has any address but
// the SOT6 postbox (domain reference §2.1).
func checkAddress(t *testing.T, p *torg.Person) {
	t.Helper()
	sot6 := p.Address == torg.SOT6Street && p.Postcode == torg.SOT6Postcode && p.City == torg.SOT6City
	if (p.Protection == torg.ProtectionStrict) != sot6 {
		t.Errorf("%s: protection %d with address %q, %q %q", p.Name(), p.Protection, p.Address, p.Postcode, p.City)
	}
	if p.Protection != torg.ProtectionNone && (p.Email != "" || p.Phone != "") {
		t.Errorf("%s: protected person with contact details", p.Name())
	}
}

func checkStaff(t *testing.T, db *store.DB) {
	for _, l := range Logins {
		e, hash, err := db.R().EmployeeLogin(context.Background(), l.Username)
		if err != nil {
			t.Fatalf("%s: %v", l.Username, err)
		}
		if !casework.CheckPassword(hash, l.Password) || e.Name != l.Name || !e.Active {
			t.Errorf("%s: cannot log in with %q, or name %q != %q", l.Username, l.Password, e.Name, l.Name)
		}
	}
	leder, _, _ := db.R().EmployeeLogin(context.Background(), "leder")
	if leder.Clearance != torg.ProtectionStrict || len(leder.Units) != 2 {
		t.Errorf("leder: clearance %d, units %v", leder.Clearance, leder.Units)
	}
	eg, _, _ := db.R().EmployeeLogin(context.Background(), "eg")
	if eg.Initials != "EG" || eg.Email != "eva.gran@torgvik.kommune.example" {
		t.Errorf("eg: initials %q, e-mail %q", eg.Initials, eg.Email)
	}
}

func checkUnits(t *testing.T, db *store.DB, municipalityID int64) {
	debt, err := db.R().UnitByCode(context.Background(), municipalityID, "debt")
	if err != nil {
		t.Fatal(err)
	}
	if len(debt.RequiredDocs) != 7 || debt.Shelf != "Gjeldsrådgivning" || debt.MessageChannel != "eDialog" ||
		debt.InquiryTitle != "Gjeldsrådgivningssak" {
		t.Errorf("debt unit: %+v", debt)
	}
	if _, err := db.R().UnitByCode(context.Background(), municipalityID, "desk"); err != nil {
		t.Error(err)
	}
}

func TestDemoDistributionTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Load(ctx, db, time.Now()); err != nil {
			t.Fatal(err)
		}
		m, err := db.R().MunicipalityByCode(ctx, MunicipalityCode)
		if err != nil {
			t.Fatal(err)
		}
		u, err := db.R().UnitByCode(ctx, m.ID, "debt")
		if err != nil {
			t.Fatal(err)
		}
		rules, err := db.R().DistributionRules(ctx, u.ID)
		var got []string
		for _, r := range rules {
			got = append(got, fmt.Sprintf("%s %d-%d", r.Initials, r.From, r.To))
		}
		if err != nil || strings.Join(got, ", ") != "EG 1-12, KH 13-16, AG 17-31" {
			t.Errorf("DC1.4 demo distribution table: %v, %v", got, err)
		}
	})
}
