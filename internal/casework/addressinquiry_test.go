package casework_test

import (
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/registry"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestAddressInquiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		file := registry.File{Municipality: f.Muni.Code, Persons: []registry.FilePerson{
			{NIN: casetest.KariNIN, GivenName: "Kari", FamilyName: "Nordmann", Address: "Nygata 5", Postcode: "4610", City: "Torgvik"},
			{NIN: casetest.ProtectedNIN, GivenName: "Sara", FamilyName: "Skjult", Address: "Hemmelig vei 9",
				Postcode: "4630", City: "Torgvik", Protection: "strict"},
			{NIN: casetest.ConfidentialNIN, GivenName: "Tore", FamilyName: "Tausen", Address: "Hemmeligveien 7",
				Postcode: "4631", City: "Torgvik", Protection: "confidential"},
		}}
		if _, err := registry.Import(ctx, db, file, casetest.Now); err != nil {
			t.Fatal(err)
		}
		err := db.Write(ctx, func(q *store.Q) error {
			return q.AddFee(ctx, f.Muni.ID, torg.Fee{ErrandCode: casework.ErrandAddressInquiry, Amount: 9500, ValidFrom: torg.Date{Year: 2024, Month: 1, Day: 1}})
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("CG11 the register's address of an unprotected person, for the fee of the day", func(t *testing.T) {
			a, err := f.Svc.AddressInquiry(ctx, f.FrontDesk, casetest.KariNIN)
			if err != nil {
				t.Fatal(err)
			}
			if !a.Given || a.Name != "Kari Nordmann" || a.Address != "Nygata 5, 4610 Torgvik" || !a.HasFee || a.Fee != 9500 {
				t.Errorf("answer %+v", a)
			}
		})
		t.Run("CG11 a protected address is never given, and the answer is that of an unknown number", func(t *testing.T) {
			unknown, err := f.Svc.AddressInquiry(ctx, f.FrontDesk, "15507600333")
			if err != nil {
				t.Fatal(err)
			}
			for _, nin := range []string{casetest.ProtectedNIN, casetest.ConfidentialNIN} {
				for _, who := range []*torg.Employee{f.FrontDesk, f.Leader} {
					a, err := f.Svc.AddressInquiry(ctx, who, nin)
					if err != nil {
						t.Fatal(err)
					}
					if a.Given || a.Name != "" || a.Address != "" || *a != *unknown {
						t.Errorf("%s asking about %s: %+v, want the same answer as for an unknown number %+v", who.Username, nin, a, unknown)
					}
				}
			}
		})
		t.Run("CG11 a wrong number is refused at its field; the admin may not ask", func(t *testing.T) {
			if _, err := f.Svc.AddressInquiry(ctx, f.FrontDesk, "12345"); torg.AsError(err) == nil || torg.AsError(err).Field != "nin" {
				t.Errorf("a short number: %v", err)
			}
			if _, err := f.Svc.AddressInquiry(ctx, f.Admin, casetest.KariNIN); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("admin: %v, want EFORBIDDEN", err)
			}
		})
		t.Run("CG11 every inquiry is audited, without the number", func(t *testing.T) {
			n := 0
			err := db.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
				if e.Action == "address.inquiry" {
					n++
					if strings.Contains(e.Detail+e.Object, casetest.KariNIN) {
						t.Errorf("the audit event carries the national ID: %+v", e)
					}
				}
				return nil
			})
			if err != nil || n != 6 {
				t.Errorf("%d address inquiries audited (%v), want 6", n, err)
			}
		})
	})
}
