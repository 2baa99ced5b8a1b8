package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestErrands(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		d := func(s string) torg.Date { x, _ := torg.ParseDate(s); return x }

		t.Run("the default catalogue round-trips and a code is replaced, not doubled", func(t *testing.T) {
			mustWrite(t, db, func(q *store.Q) error {
				for _, e := range torg.DefaultErrands() {
					e.MunicipalityID, e.Active = f.m.ID, true
					if err := q.PutErrand(ctx, e); err != nil {
						return err
					}
				}
				return nil
			})
			got, err := db.R().Errand(ctx, f.m.ID, torg.ErrandPassportChild)
			if err != nil || got.Titles["da"] != "Pas til barn" || got.ServiceCode != torg.ServicePassport ||
				len(got.Checklist["da"]) != 5 || got.Channels[0] != torg.ChannelCounter || !got.Active {
				t.Fatalf("errand = %+v, %v", got, err)
			}
			e := *got
			e.Active, e.Phone = false, ""
			mustWrite(t, db, func(q *store.Q) error { return q.PutErrand(ctx, &e) })
			all, _ := db.R().Errands(ctx, f.m.ID, false)
			active, _ := db.R().Errands(ctx, f.m.ID, true)
			if len(all) != len(torg.DefaultErrands()) || len(active) != len(all)-1 {
				t.Errorf("all %d, active %d", len(all), len(active))
			}
			if _, err := db.R().Errand(ctx, f.m.ID+1, "passport"); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("another municipality: %v", err)
			}
		})
		t.Run("CG10 a new fee ends the one before it the day before", func(t *testing.T) {
			mustWrite(t, db, func(q *store.Q) error {
				if err := q.AddFee(ctx, f.m.ID, torg.Fee{ErrandCode: "doctor", Amount: 22500, ValidFrom: d("2024-01-01")}); err != nil {
					return err
				}
				return q.AddFee(ctx, f.m.ID, torg.Fee{ErrandCode: "doctor", Amount: 24000, ValidFrom: d("2027-01-01")})
			})
			fees, err := db.R().Fees(ctx, f.m.ID)
			if err != nil || len(fees) != 2 || fees[0].ValidTo != d("2026-12-31") || !fees[1].ValidTo.IsZero() {
				t.Fatalf("fees = %+v, %v", fees, err)
			}
			if fee, ok := torg.FeeOn(fees, "doctor", d("2026-12-31")); !ok || fee.Amount != 22500 {
				t.Errorf("2026: %v %v", fee, ok)
			}
			if fee, ok := torg.FeeOn(fees, "doctor", d("2027-01-01")); !ok || fee.Amount != 24000 {
				t.Errorf("2027: %v %v", fee, ok)
			}
		})
		t.Run("CG1 a guidance is recorded once per request key", func(t *testing.T) {
			g := &torg.Guidance{MunicipalityID: f.m.ID, Errand: "udk_housing", Outcome: torg.ChannelPhoneAuthority,
				Exemption: torg.ExemptSelfService, PersonID: f.p.ID, GuideID: f.e.ID, At: now, RequestKey: "k1", Next: "70 12 80 63"}
			mustWrite(t, db, func(q *store.Q) error { return q.CreateGuidance(ctx, g) })
			dup := *g
			if err := db.Write(ctx, func(q *store.Q) error { return q.CreateGuidance(ctx, &dup) }); torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("same key: %v", err)
			}
			other := &torg.Guidance{MunicipalityID: f.m.ID, Errand: "moving", Digital: true, Outcome: torg.ChannelSelfService,
				GoalReached: true, GuideID: f.e.ID, At: now.Add(time.Minute)}
			mustWrite(t, db, func(q *store.Q) error { return q.CreateGuidance(ctx, other) })
			list, err := db.R().Guidances(ctx, f.m.ID, now, now.Add(time.Hour))
			if err != nil || len(list) != 2 || list[0].ID != g.ID || !list[1].Digital || !list[1].GoalReached ||
				list[0].PersonID != f.p.ID || !list[0].At.Equal(now) {
				t.Fatalf("list = %+v, %v", list, err)
			}
			if got, err := db.R().GuidanceByKey(ctx, f.m.ID, "k1"); err != nil || got.ID != g.ID {
				t.Errorf("by key = %v, %v", got, err)
			}
			ex, err := db.R().PersonExemptions(ctx, f.m.ID, f.p.ID)
			if err != nil || len(ex) != 1 || ex[0].Exemption != torg.ExemptSelfService {
				t.Errorf("exemptions = %v, %v", ex, err)
			}
		})
	})
}
