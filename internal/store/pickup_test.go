package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestPickups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		mk := func(key string, by time.Duration, caseID int64) *torg.Pickup {
			t.Helper()
			k := &torg.Pickup{MunicipalityID: f.m.ID, UnitID: f.u.ID, PersonID: f.p.ID, CaseID: caseID,
				ResponsibleID: f.e.ID, Recipient: torg.FromCitizen, Location: "Hovedskranken, hylle B",
				PickupBy: now.Add(by), CreatedBy: f.e.ID, RequestKey: key}
			mustWrite(t, db, func(q *store.Q) error { return q.CreatePickup(ctx, k, now) })
			return k
		}
		late := mk("a", 48*time.Hour, f.c.ID)
		early := mk("b", 2*time.Hour, 0)

		t.Run("FD3.3 a letter keeps its date, time, responsible, recipient and pickup time", func(t *testing.T) {
			got, err := db.R().Pickup(ctx, f.m.ID, late.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Created.Equal(now) || !got.PickupBy.Equal(now.Add(48*time.Hour)) || got.ResponsibleName != "Tor Mo" ||
				got.PersonName != "Kari Nordmann" || got.State != torg.PickupWaiting || got.CaseNumber == "" ||
				got.Location != "Hovedskranken, hylle B" || got.UnitName != "Gjeld" {
				t.Errorf("pickup = %+v", got)
			}
			if _, err := db.R().Pickup(ctx, f.m.ID+1, late.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("another municipality's letter: %v, want not found", err)
			}
			if got, err := db.R().PickupByKey(ctx, "b"); err != nil || got.ID != early.ID || got.CaseNumber != "" {
				t.Errorf("by key = %+v, %v", got, err)
			}
		})
		t.Run("the same request key twice is a conflict", func(t *testing.T) {
			k := &torg.Pickup{MunicipalityID: f.m.ID, UnitID: f.u.ID, PersonID: f.p.ID, ResponsibleID: f.e.ID,
				Recipient: torg.FromCitizen, Location: "Skranken", PickupBy: now.Add(time.Hour), CreatedBy: f.e.ID, RequestKey: "a"}
			err := db.Write(ctx, func(q *store.Q) error { return q.CreatePickup(ctx, k, now) })
			if torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("err = %v, want conflict", err)
			}
		})
		t.Run("waiting letters come earliest pickup first", func(t *testing.T) {
			list, err := db.R().PickupList(ctx, f.m.ID, store.PickupFilter{State: torg.PickupWaiting})
			if err != nil || len(list) != 2 || list[0].ID != early.ID || list[1].ID != late.ID {
				t.Fatalf("list = %v, %v", list, err)
			}
		})
		t.Run("a letter is handed over once", func(t *testing.T) {
			early.Collector, early.CollectorName, early.IDDocument, early.ClosedBy = torg.FromCitizen, "Kari Nordmann", torg.IDPassport, f.e.ID
			mustWrite(t, db, func(q *store.Q) error { return q.HandOverPickup(ctx, early, now.Add(time.Hour)) })
			err := db.Write(ctx, func(q *store.Q) error { return q.HandOverPickup(ctx, early, now.Add(2*time.Hour)) })
			if torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("second handover: %v, want conflict", err)
			}
			err = db.Write(ctx, func(q *store.Q) error { return q.ReturnPickup(ctx, early, now.Add(2*time.Hour)) })
			if torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("return after handover: %v, want conflict", err)
			}
			got, _ := db.R().Pickup(ctx, f.m.ID, early.ID)
			if got.State != torg.PickupHandedOver || !got.Closed.Equal(now.Add(time.Hour)) || got.ClosedByName != "Tor Mo" ||
				got.IDDocument != torg.IDPassport {
				t.Errorf("handed over = %+v", got)
			}
		})
		t.Run("scope, person and closed filters", func(t *testing.T) {
			list, _ := db.R().PickupList(ctx, f.m.ID, store.PickupFilter{})
			if len(list) != 2 || list[0].ID != late.ID {
				t.Errorf("all: waiting first, got %v", list)
			}
			list, _ = db.R().PickupList(ctx, f.m.ID, store.PickupFilter{Scope: &store.PickupScope{ResponsibleID: -1, Units: []int64{-1}}})
			if len(list) != 0 {
				t.Errorf("out of scope: %v", list)
			}
			list, _ = db.R().PickupList(ctx, f.m.ID, store.PickupFilter{Scope: &store.PickupScope{ResponsibleID: f.e.ID}})
			if len(list) != 2 {
				t.Errorf("responsible's scope: %v", list)
			}
			list, _ = db.R().PickupList(ctx, f.m.ID, store.PickupFilter{ClosedAfter: now, PersonID: f.p.ID})
			if len(list) != 1 || list[0].ID != early.ID {
				t.Errorf("closed after: %v", list)
			}
		})
		t.Run("reschedule and return a waiting letter", func(t *testing.T) {
			mustWrite(t, db, func(q *store.Q) error { return q.ReschedulePickup(ctx, late.ID, now.Add(72*time.Hour)) })
			late.ClosedBy, late.CloseNote = f.e.ID, "Sendes i posten"
			mustWrite(t, db, func(q *store.Q) error { return q.ReturnPickup(ctx, late, now.Add(time.Hour)) })
			got, _ := db.R().Pickup(ctx, f.m.ID, late.ID)
			if got.State != torg.PickupReturned || !got.PickupBy.Equal(now.Add(72*time.Hour)) || got.CloseNote != "Sendes i posten" {
				t.Errorf("returned = %+v", got)
			}
			err := db.Write(ctx, func(q *store.Q) error { return q.ReschedulePickup(ctx, late.ID, now) })
			if torg.ErrorCode(err) != torg.ECONFLICT {
				t.Errorf("reschedule a returned letter: %v, want conflict", err)
			}
		})
	})
}
