package casework_test

import (
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// A drop-off on a protected person's case is refused to staff without
// the clearance, as the desk's list of cases to file in (DeskCases) leaves
// the case out: a crafted form or API call must not file in it, nor tell
// that it exists (DC1.3). With the clearance it is filed.
func TestDropOffOnProtectedCaseNeedsClearance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := &torg.Case{MunicipalityID: f.Muni.ID, UnitID: f.Debt.ID, Type: torg.CaseTypeDebt,
			Title: "Gjeldsrådgivning – Sara Skjult", ResponsibleID: f.Leader.ID, Status: torg.CaseOpen}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.CreateCase(ctx, c, casetest.Now); err != nil {
				return err
			}
			return q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: f.Protected.ID, Role: torg.PartyApplicant})
		})
		if err != nil {
			t.Fatal(err)
		}
		in := func(key string) casework.DropOff {
			return casework.DropOff{RequestKey: key, PersonID: f.Protected.ID, CaseID: c.ID, From: torg.FromCitizen,
				Other: "Lønnsslipper", POA: torg.POANone}
		}
		for _, a := range []*torg.Employee{f.FrontDesk, f.EG} {
			if cs, err := f.Svc.DeskCases(ctx, a, f.Protected.ID); err != nil || len(cs) != 0 {
				t.Fatalf("%s is offered %d cases of the kode 6 person (%v)", a.Username, len(cs), err)
			}
			_, _, err := f.Svc.RegisterDropOff(ctx, a, in("drop-"+a.Username))
			missing := in("drop-missing-" + a.Username)
			missing.CaseID = c.ID + 1000
			_, _, errMissing := f.Svc.RegisterDropOff(ctx, a, missing)
			if err == nil || err.Error() != errMissing.Error() {
				t.Errorf("%s files a drop-off on a kode 6 case without clearance: %v (a missing case: %v)", a.Username, err, errMissing)
			}
		}
		if _, _, err := f.Svc.RegisterDropOff(ctx, f.Leader, in("drop-leader")); err != nil {
			t.Errorf("the cleared leader: %v", err)
		}
	})
}
