package casework_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// National IDs the fixture's municipality does not know.
const (
	strictNewNIN       = "31129956715"
	confidentialNewNIN = "15507600333"
)

func TestProtectedPersonAtTheDesk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		file := registry.File{Municipality: f.Muni.Code, Persons: []registry.FilePerson{
			{NIN: strictNewNIN, GivenName: "Siri", FamilyName: "Skjerming", Address: "Hemmeligveien 66", Postcode: "4699",
				City: "Skjultby", Protection: "strengt_fortrolig"},
			{NIN: confidentialNewNIN, GivenName: "Tor", FamilyName: "Tausheim", Address: "Fortrolighagen 77", Postcode: "4788",
				City: "Lukketby", Protection: "fortrolig"},
		}}
		if _, err := registry.Import(ctx, db, file, casetest.Now); err != nil {
			t.Fatal(err)
		}
		t.Run("DC1.3 the desk registers a strictly protected person: the address told is not kept", func(t *testing.T) {
			v, err := f.Svc.CreatePerson(ctx, f.FrontDesk, casework.PersonInput{NIN: strictNewNIN, GivenName: "Siri",
				FamilyName: "Skjerming", Address: "Hemmeligveien 66", Postcode: "4699", City: "Skjultby"})
			if err != nil {
				t.Fatal(err)
			}
			if !v.AddressHidden || v.Address != "" {
				t.Errorf("the desk sees the address %q (hidden %v)", v.Address, v.AddressHidden)
			}
			p, err := db.R().Person(ctx, f.Muni.ID, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p.Protection != torg.ProtectionStrict || p.Address != torg.SOT6Street || p.City != torg.SOT6City ||
				strings.Contains(p.Address+p.Postcode+p.City, "Hemmelig") || strings.Contains(p.City, "Skjultby") {
				t.Errorf("stored protection %d, address %q %q %q; want kode 6 and the forwarding address only",
					p.Protection, p.Address, p.Postcode, p.City)
			}
		})
		t.Run("DC1.3 the desk registers a confidential person: the address is kept, for cleared staff", func(t *testing.T) {
			v, err := f.Svc.CreatePerson(ctx, f.FrontDesk, casework.PersonInput{NIN: confidentialNewNIN, GivenName: "Tor",
				FamilyName: "Tausheim", Address: "Fortrolighagen 77", Postcode: "4788", City: "Lukketby"})
			if err != nil {
				t.Fatal(err)
			}
			if !v.AddressHidden || v.Address != "" {
				t.Errorf("the desk sees the address %q (hidden %v)", v.Address, v.AddressHidden)
			}
			l, err := f.Svc.Person(ctx, f.Leader, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			if l.Protection != torg.ProtectionConfidential || l.Address != "Fortrolighagen 77" {
				t.Errorf("the cleared leader sees protection %d, address %q", l.Protection, l.Address)
			}
		})
	})
}

func TestProtectedReadsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := protectedCase(t, f, f.Protected)
		reads := map[string]func() error{
			"person.cases": func() error { _, err := f.Svc.PersonCases(ctx, f.Leader, f.Protected.ID); return err },
			"draft.read":   func() error { _, err := f.Svc.Drafts(ctx, f.Leader, c.ID); return err },
			"closing.read": func() error { _, err := f.Svc.CloseForm(ctx, f.Leader, c.ID); return err },
		}
		for action, read := range reads {
			t.Run("DC1.3 "+action+" of a protected person is audited", func(t *testing.T) {
				if err := read(); err != nil {
					t.Fatal(err)
				}
				es, err := db.R().PersonAudit(ctx, f.Protected.ID, 100)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(es, func(e *torg.AuditEvent) bool { return e.Action == action && e.ActorID == f.Leader.ID }) {
					t.Errorf("no %s by the leader in the person's audit log", action)
				}
			})
		}
	})
}
