package demo

import (
	"context"
	"testing"

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
