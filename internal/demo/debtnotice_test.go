package demo

import (
	"context"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/nin"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestDemoDebtNotices checks what the demo gives debt notices (DN): the
// financial-assistance and child, youth and family units with one
// employee each, and Swedish persons in the register, one of them living
// with a minor child at the same address (DN4) and one alone (DN5).
func TestDemoDebtNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Load(ctx, db, testNow); err != nil {
			t.Fatal(err)
		}
		m, err := db.R().MunicipalityByCode(ctx, MunicipalityCode)
		if err != nil {
			t.Fatal(err)
		}
		for code, user := range map[string]string{UnitFinancialAssistance: "eb", UnitChildYouthFamily: "bf"} {
			u, err := db.R().UnitByCode(ctx, m.ID, code)
			if err != nil {
				t.Fatalf("unit %s: %v", code, err)
			}
			e, _, err := db.R().EmployeeLogin(ctx, user)
			if err != nil {
				t.Fatalf("%s: %v", user, err)
			}
			if len(e.Units) != 1 || e.Units[0] != u.ID {
				t.Errorf("%s: units %v, want [%d] (%s)", user, e.Units, u.ID, code)
			}
		}
		reg := registry.Local{DB: db}
		parent, err := reg.Lookup(ctx, m.ID, SwedishParentNIN)
		if err != nil {
			t.Fatal(err)
		}
		child, err := reg.Lookup(ctx, m.ID, SwedishChildNIN)
		if err != nil {
			t.Fatal(err)
		}
		alone, err := reg.Lookup(ctx, m.ID, SwedishNoChildrenNIN)
		if err != nil {
			t.Fatal(err)
		}
		if parent.Address != child.Address || parent.Postcode != child.Postcode || child.BirthDate.Year <= testNow.Year()-18 {
			t.Errorf("parent %+v and child %+v: not a household with a minor", parent, child)
		}
		if alone.Address == parent.Address {
			t.Errorf("the person living alone shares the household's address %q", alone.Address)
		}
	})
}

// TestDemoSwedishNumbers checks the demo's Swedish register persons (DN4):
// every number is a personnummer (no samordningsnummer), its birth date is
// the register's, and the child is a minor by the number itself, not only
// by the register's date.
func TestDemoSwedishNumbers(t *testing.T) {
	t.Run("DN4 the demo's Swedish persons have valid personnummer matching their birth dates", func(t *testing.T) {
		for _, rp := range swedishRegister() {
			n, err := nin.Parse(rp.NIN, nin.Sweden, testNow)
			if err != nil {
				t.Errorf("%s: %v", rp.GivenName, err)
				continue
			}
			if n.Kind != nin.KindPersonnummer || torg.DateOf(n.BirthDate) != rp.BirthDate {
				t.Errorf("%s: %s born %s, register says %s", rp.GivenName, n.Kind, n.BirthDate.Format(time.DateOnly), rp.BirthDate)
			}
		}
	})
	t.Run("DN4 the demo child is under 18 by its personnummer", func(t *testing.T) {
		n, err := nin.Parse(SwedishChildNIN, nin.Sweden, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if adult := n.BirthDate.AddDate(18, 0, 0); !testNow.Before(adult) {
			t.Errorf("the child, born %s, is an adult on %s", n.BirthDate.Format(time.DateOnly), testNow.Format(time.DateOnly))
		}
	})
}
