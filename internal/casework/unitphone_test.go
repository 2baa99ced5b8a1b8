package casework_test

import (
	"context"
	"strings"
	"testing"

	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestImportOrgUnitPhone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		phone := func() string {
			t.Helper()
			s := mustOrgState(t, db, "4204")
			for _, u := range s.Units {
				if u.Code == "debt" {
					return u.Phone
				}
			}
			t.Fatal("no debt unit")
			return ""
		}
		f := testOrg()
		f.Units[1].Phone = " 38 07 52 90 "
		mustImport(t, db, f)
		if got := phone(); got != "38 07 52 90" {
			t.Errorf("imported phone %q, want 38 07 52 90", got)
		}
		f.Units[1].Phone = "38 07 52 91"
		if res := mustImport(t, db, f); res.Units != (casework.OrgCounts{Updated: 1, Unchanged: 1}) {
			t.Errorf("a changed phone: units %+v, want 1 updated", res.Units)
		}
		if got := phone(); got != "38 07 52 91" {
			t.Errorf("updated phone %q, want 38 07 52 91", got)
		}
		f.Units[1].Phone = ""
		mustImport(t, db, f)
		if got := phone(); got != "" {
			t.Errorf("phone left out of the file: %q, want none", got)
		}
	})
}

func TestParseOrgUnitPhone(t *testing.T) {
	f, err := casework.ParseOrg(strings.NewReader(`{"municipality": {"code": "4204"},
		"units": [{"code": "debt", "name": "Gjeldsrådgivning", "phone": "38 07 52 90"}]}`))
	if err != nil || len(f.Units) != 1 || f.Units[0].Phone != "38 07 52 90" {
		t.Fatalf("ParseOrg = %+v, %v", f.Units, err)
	}
}

// TestLetterCarriesUnitPhone checks that a letter composed for a case gives
// the phone number of the case's unit, and reads well for a unit without one.
func TestLetterCarriesUnitPhone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, oslo(t, "2026-12-21 09:00"))
		f.Clock.T = oslo(t, "2026-12-21 10:00")
		if err := f.Svc.CompleteStep(ctx, f.EG, c.ID, "debt_counselling", "DC3.4", "missing", "Mangler lønnsslipper"); err != nil {
			t.Fatal(err)
		}
		draft := func() string {
			t.Helper()
			drafts, err := f.Svc.Drafts(ctx, f.EG, c.ID)
			if err != nil || len(drafts) != 1 {
				t.Fatalf("drafts = %+v, %v", drafts, err)
			}
			return drafts[0].Body
		}
		t.Run("DC3.5 the missing-documentation letter gives the unit's phone", func(t *testing.T) {
			if body := draft(); !strings.Contains(body, "ringe oss på telefon 38 00 12 34.") {
				t.Errorf("the letter lacks the unit's phone:\n%s", body)
			}
		})
		t.Run("DC3.5 a unit without a phone points to the message channel only", func(t *testing.T) {
			u := *f.Debt
			u.Phone = ""
			if err := db.Write(context.Background(), func(q *store.Q) error { return q.UpdateUnit(ctx, &u) }); err != nil {
				t.Fatal(err)
			}
			body := draft()
			if strings.Contains(body, "telefon") || !strings.Contains(body, "sende oss en melding via eDialog.") {
				t.Errorf("without a phone the letter reads:\n%s", body)
			}
		})
	})
}
