package casework_test

import (
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestFillFromRegisters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		importRegisters(t, f)
		t.Run("DC1.5 before the fill-in there is no register data on the person", func(t *testing.T) { testNoFillInYet(t, f) })
		t.Run("DC1.5 the counsellor fills in from the population and property registers", func(t *testing.T) { testFillIn(t, f) })
		t.Run("DC1.5 the fill-in is kept with its date and who did it", func(t *testing.T) { testFillInKept(t, f) })
		t.Run("DC1.5 a strictly protected person gets the forwarding address only", func(t *testing.T) { testFillProtected(t, f) })
		t.Run("DC1.5 a person not in the register is reported and left as is", func(t *testing.T) { testFillNotFound(t, f) })
		t.Run("DC1.5 only counsellors and leaders fill in", func(t *testing.T) { testFillAccess(t, f) })
		// Last: it replaces the register copy.
		t.Run("DC1.5 a protected person's properties show no address to those without clearance", func(t *testing.T) {
			testFillProtectedProperties(t, f)
		})
	})
}

// importRegisters fills the register copy: Kari moved and holds two
// properties; Sara is strictly protected; Tore is not in the register.
func importRegisters(t *testing.T, f *casetest.Fixture) {
	t.Helper()
	file := registry.File{Municipality: f.Muni.Code, Persons: []registry.FilePerson{
		{NIN: casetest.KariNIN, GivenName: "Kari", FamilyName: "Nordmann-Berg", Address: "Nygata 5", Postcode: "4610",
			City: "Torgvik", Reserved: true, Properties: []registry.FileProperty{
				{ID: "9901-12/345", Address: "Nygata 5", Share: "1/2", Kind: "bolig"},
				{ID: "9901-150/7", Address: "Hamresanden 12", Share: "1/1", Kind: "fritidseiendom"}}},
		{NIN: casetest.ProtectedNIN, GivenName: "Sara", FamilyName: "Skjult", Address: "Hemmelig vei 9",
			Postcode: "4630", City: "Torgvik", Protection: "strict"},
	}}
	if _, err := registry.Import(ctx, f.DB, file, casetest.Now); err != nil {
		t.Fatal(err)
	}
}

func testFillIn(t *testing.T, f *casetest.Fixture) {
	v, fill, err := f.Svc.FillFromRegisters(ctx, f.EG, f.Kari.ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.FamilyName != "Nordmann-Berg" || v.Address != "Nygata 5" || v.Postcode != "4610" || !v.DigitalReserved {
		t.Errorf("view = %+v", v.Person)
	}
	p, err := f.DB.R().Person(ctx, f.Muni.ID, f.Kari.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.FamilyName != "Nordmann-Berg" || p.Address != "Nygata 5" || p.City != "Torgvik" || !p.DigitalReserved ||
		p.Protection != torg.ProtectionNone || p.Phone != "+4799999999" {
		t.Errorf("stored = %+v", p)
	}
	if len(fill.Properties) != 2 || fill.Properties[0].Share != "1/2" || fill.Properties[1].Address != "Hamresanden 12" ||
		fill.Withheld || !fill.At.Equal(casetest.Now) || fill.ByName != f.EG.Name {
		t.Errorf("fill-in = %+v", fill)
	}
	if !hasAuditBy(t, f, f.Kari.ID, "person.fill_in", f.EG.ID) {
		t.Error("no person.fill_in audit event")
	}
}

func testNoFillInYet(t *testing.T, f *casetest.Fixture) {
	fill, err := f.Svc.LastFillIn(ctx, f.EG, f.Kari.ID)
	if err != nil || fill != nil {
		t.Errorf("last fill-in = %+v, %v; want none", fill, err)
	}
}

func testFillInKept(t *testing.T, f *casetest.Fixture) {
	fill, err := f.Svc.LastFillIn(ctx, f.KH, f.Kari.ID)
	if err != nil || fill == nil {
		t.Fatalf("last fill-in = %+v, %v", fill, err)
	}
	if !fill.At.Equal(casetest.Now) || fill.ByName != f.EG.Name || len(fill.Properties) != 2 ||
		fill.Properties[0].PropertyID != "9901-12/345" {
		t.Errorf("last fill-in = %+v", fill)
	}
	if _, err := f.Svc.LastFillIn(ctx, f.FrontDesk, f.Kari.ID); torg.ErrorCode(err) != torg.EFORBIDDEN {
		t.Errorf("front desk: err = %v, want EFORBIDDEN", err)
	}
}

func testFillProtected(t *testing.T, f *casetest.Fixture) {
	if _, _, err := f.Svc.FillFromRegisters(ctx, f.Leader, f.Protected.ID); err != nil {
		t.Fatal(err)
	}
	p, err := f.DB.R().Person(ctx, f.Muni.ID, f.Protected.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Address != torg.SOT6Street || p.Postcode != torg.SOT6Postcode || p.City != torg.SOT6City || p.Protection != torg.ProtectionStrict {
		t.Errorf("stored = %q %q %q, protection %d; want the forwarding address only", p.Address, p.Postcode, p.City, p.Protection)
	}
}

func testFillNotFound(t *testing.T, f *casetest.Fixture) {
	_, _, err := f.Svc.FillFromRegisters(ctx, f.EG, f.Confidential.ID)
	if e, ok := err.(*torg.Error); !ok || e.Code != torg.ENOTFOUND || e.Key != registry.KeyNotFound {
		t.Fatalf("err = %v, want %s", err, registry.KeyNotFound)
	}
	p, _ := f.DB.R().Person(ctx, f.Muni.ID, f.Confidential.ID)
	if p.Address != "Hemmeligveien 7" {
		t.Errorf("address changed to %q", p.Address)
	}
}

func testFillAccess(t *testing.T, f *casetest.Fixture) {
	for _, e := range []*torg.Employee{f.FrontDesk, f.Admin} {
		if _, _, err := f.Svc.FillFromRegisters(ctx, e, f.Kari.ID); torg.ErrorCode(err) != torg.EFORBIDDEN {
			t.Errorf("%s: err = %v, want EFORBIDDEN", e.Username, err)
		}
	}
}

func testFillProtectedProperties(t *testing.T, f *casetest.Fixture) {
	file := registry.File{Municipality: f.Muni.Code, Persons: []registry.FilePerson{
		{NIN: casetest.ProtectedNIN, GivenName: "Sara", FamilyName: "Skjult", Address: "Hemmelig vei 9", Protection: "strict",
			Properties: []registry.FileProperty{{ID: "9901-77/1", Address: "Hemmelig vei 9", Share: "1/1", Kind: "bolig"}}},
		{NIN: casetest.ConfidentialNIN, GivenName: "Tore", FamilyName: "Tausen", Address: "Hemmeligveien 7",
			Protection: "confidential", Properties: []registry.FileProperty{{ID: "9901-88/2", Address: "Hemmeligveien 7",
				Share: "1/2", Kind: "bolig"}}},
	}}
	if _, err := registry.Import(ctx, f.DB, file, casetest.Now); err != nil {
		t.Fatal(err)
	}
	// Even the cleared leader gets no address or number of a strictly
	// protected person's home: it is not stored.
	_, fill, err := f.Svc.FillFromRegisters(ctx, f.Leader, f.Protected.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(fill.Properties) != 1 || !fill.Withheld || fill.Properties[0].Address != "" || fill.Properties[0].PropertyID != "" ||
		fill.Properties[0].Kind != "bolig" {
		t.Errorf("strict: fill-in = %+v", fill)
	}
	if _, _, err := f.Svc.FillFromRegisters(ctx, f.Leader, f.Confidential.ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		who      *torg.Employee
		withheld bool
	}{{f.Leader, false}, {f.EG, true}} {
		fill, err := f.Svc.LastFillIn(ctx, tc.who, f.Confidential.ID)
		if err != nil || fill == nil || len(fill.Properties) != 1 {
			t.Fatalf("%s: %+v, %v", tc.who.Username, fill, err)
		}
		p := fill.Properties[0]
		if fill.Withheld != tc.withheld || (p.Address == "") != tc.withheld || (p.PropertyID == "") != tc.withheld {
			t.Errorf("confidential, seen by %s: %+v, withheld %v; want withheld %v", tc.who.Username, p, fill.Withheld, tc.withheld)
		}
	}
}
