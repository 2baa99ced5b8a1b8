package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestCasesByID checks that the batched read returns what Case returns for
// each ID, parties included, across more IDs than one IN list holds, and
// leaves out IDs of another municipality or of no case.
func TestCasesByID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		var ids []int64
		mustWrite(t, db, func(q *store.Q) error {
			for i := range 300 {
				c := &torg.Case{MunicipalityID: f.m.ID, UnitID: f.u.ID, Type: torg.CaseTypeDebt, Title: fmt.Sprint("Gjeld ", i)}
				if err := q.CreateCase(ctx, c, now); err != nil {
					return err
				}
				if i%2 == 0 {
					if err := q.AddParty(ctx, &torg.Party{CaseID: c.ID, PersonID: f.p.ID, Role: torg.PartyApplicant}); err != nil {
						return err
					}
				}
				ids = append(ids, c.ID)
			}
			return nil
		})
		got, err := db.R().CasesByID(ctx, f.m.ID, append(ids, 0, -5, ids[0]))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(ids) {
			t.Fatalf("got %d cases, want %d", len(got), len(ids))
		}
		for _, id := range []int64{ids[0], ids[1], ids[256], ids[299]} {
			one, err := db.R().Case(ctx, f.m.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			c := got[id]
			if c == nil || c.Title != one.Title || c.UnitID != one.UnitID || len(c.Parties) != len(one.Parties) {
				t.Fatalf("case %d: batched %+v, one by one %+v", id, c, one)
			}
			for i := range one.Parties {
				if c.Parties[i] != one.Parties[i] {
					t.Fatalf("case %d party %d: %+v, want %+v", id, i, c.Parties[i], one.Parties[i])
				}
			}
		}
		other, err := db.R().CasesByID(ctx, f.m.ID+1000, ids[:3])
		if err != nil || len(other) != 0 {
			t.Fatalf("another municipality's view: %v, %v", other, err)
		}
	})
}
