package store_test

import (
	"context"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestRoutineVersionsAndCaseState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, u, _ := mustMunicipality(t, db)
		c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Title: "x"}
		err := db.Write(ctx, func(q *store.Q) error {
			for _, v := range []store.RoutineVersion{
				{RoutineID: "dc", Version: 1, Source: "v1", Published: now},
				{RoutineID: "dc", Version: 2, Source: "v2", Published: now},
				{RoutineID: "dc", Version: 1, Source: "changed", Published: now},
			} {
				if err := q.PublishRoutine(ctx, v); err != nil {
					return err
				}
			}
			if err := q.CreateCase(ctx, c, now); err != nil {
				return err
			}
			for _, s := range []string{`{"a":1}`, `{"a":2}`} {
				if err := q.SaveCaseRoutine(ctx, &store.CaseRoutine{CaseID: c.ID, RoutineID: "dc", Version: 1, State: []byte(s), Updated: now}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		vs, err := db.R().RoutineVersions(ctx, "dc")
		if err != nil || len(vs) != 2 || vs[0].Version != 2 || vs[1].Source != "v1" {
			t.Errorf("versions = %+v, %v; a published version must never change", vs, err)
		}
		crs, err := db.R().CaseRoutines(ctx, c.ID)
		if err != nil || len(crs) != 1 || string(crs[0].State) != `{"a":2}` || crs[0].Version != 1 {
			t.Errorf("case routines = %+v, %v", crs, err)
		}
		if crs, err := db.R().CaseRoutines(ctx, c.ID+1); err != nil || len(crs) != 0 {
			t.Errorf("case without routines: %v, %v", crs, err)
		}
	})
}
