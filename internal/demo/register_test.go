package demo

import (
	"context"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestLoadRegister checks that the demo's persons can be filled in from
// the registers (DC1.5): each one is in the register copy as torg has
// them, a strictly protected person without an address, and some hold a
// property.
func TestLoadRegister(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Load(ctx, db, testNow); err != nil {
			t.Fatal(err)
		}
		m, err := db.R().MunicipalityByCode(ctx, MunicipalityCode)
		if err != nil {
			t.Fatal(err)
		}
		reg := registry.Local{DB: db}
		holders := 0
		for _, p := range allPersons(t, db, m.ID) {
			e, err := reg.Lookup(ctx, m.ID, p.NIN)
			if err != nil {
				t.Fatalf("%s: %v", p.Name(), err)
			}
			if e.GivenName != p.GivenName || e.FamilyName != p.FamilyName || e.BirthDate != p.BirthDate ||
				e.Protection != p.Protection {
				t.Errorf("%s: register has %+v", p.Name(), e)
			}
			switch strict := p.Protection == torg.ProtectionStrict; {
			case strict && (e.Address != "" || e.Forward != torg.SOT6Street+", "+torg.SOT6Postcode+" "+torg.SOT6City):
				t.Errorf("%s: strictly protected, register address %q, forward %q", p.Name(), e.Address, e.Forward)
			case !strict && (e.Address != p.Address || e.Postcode != p.Postcode || e.City != p.City || e.Forward != ""):
				t.Errorf("%s: register address %q %q %q, forward %q; want the person's", p.Name(), e.Address,
					e.Postcode, e.City, e.Forward)
			}
			if reserved, err := reg.Reserved(ctx, m.ID, p.NIN); err != nil || reserved != p.DigitalReserved {
				t.Errorf("%s: reserved %v, %v; want %v", p.Name(), reserved, err, p.DigitalReserved)
			}
			hs, err := reg.Holdings(ctx, m.ID, p.NIN)
			if err != nil {
				t.Fatal(err)
			}
			if len(hs) > 0 {
				holders++
				if p.Protection != torg.ProtectionNone {
					t.Errorf("%s: a protected person's property in the register copy", p.Name())
				}
			}
		}
		if holders < demoPersons/10 {
			t.Errorf("%d persons hold a property, want at least %d", holders, demoPersons/10)
		}
	})
}
