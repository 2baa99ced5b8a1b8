package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestChecklist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		other := &torg.Case{MunicipalityID: f.m.ID, UnitID: f.u.ID, Type: torg.CaseTypeDebt, Title: "Gjeld 2"}
		rec := &torg.Record{MunicipalityID: f.m.ID, CaseID: f.c.ID, Type: torg.RecordIncoming, Status: torg.RecordJournalled,
			Title: "Dokumentasjon levert i skranken", CreatedBy: f.e.ID}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.CreateCase(ctx, other, now); err != nil {
				return err
			}
			return q.CreateRecord(ctx, rec, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		set := func(es ...*store.ChecklistEntry) {
			t.Helper()
			err := db.Write(ctx, func(q *store.Q) error {
				for _, e := range es {
					if err := q.SetChecklistEntry(ctx, e); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		list := func(caseID int64) []*store.ChecklistEntry {
			t.Helper()
			got, err := db.R().CaseChecklist(ctx, caseID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		if got := list(f.c.ID); len(got) != 0 {
			t.Fatalf("a new case's checklist = %+v, want no entries (all missing)", got)
		}

		later := now.Add(2 * time.Hour)
		fullmakt := &store.ChecklistEntry{CaseID: f.c.ID, Item: "Fullmakt", State: store.ChecklistReceived, Received: now,
			RecordID: rec.ID, ChangedBy: f.e.ID, ChangedAt: now}
		skatt := &store.ChecklistEntry{CaseID: f.c.ID, Item: "Skattemelding", State: store.ChecklistNotRelevant,
			Reason: "Ingen inntekt i fjor", ChangedBy: f.e.ID, ChangedAt: now}
		elsewhere := &store.ChecklistEntry{CaseID: other.ID, Item: "Fullmakt", State: store.ChecklistMissing,
			ChangedBy: f.e.ID, ChangedAt: now}
		set(skatt, fullmakt, elsewhere)
		fullmakt.ChangedByName, fullmakt.RecordNumber, fullmakt.RecordTitle = f.e.Name, rec.Number, rec.Title
		skatt.ChangedByName = f.e.Name
		opts := cmpopts.EquateApproxTime(0)
		if diff := cmp.Diff([]*store.ChecklistEntry{fullmakt, skatt}, list(f.c.ID), opts); diff != "" {
			t.Errorf("checklist (-want +got):\n%s", diff)
		}

		t.Run("a new state replaces the old, record and reason too", func(t *testing.T) {
			again := &store.ChecklistEntry{CaseID: f.c.ID, Item: "Fullmakt", State: store.ChecklistMissing,
				Reason: "Ikke signert", ChangedBy: f.e.ID, ChangedAt: later}
			set(again)
			again.ChangedByName = f.e.Name
			if diff := cmp.Diff([]*store.ChecklistEntry{again, skatt}, list(f.c.ID), opts); diff != "" {
				t.Errorf("checklist after the change (-want +got):\n%s", diff)
			}
			if got := list(other.ID); len(got) != 1 || got[0].State != store.ChecklistMissing {
				t.Errorf("the other case's checklist changed: %+v", got)
			}
		})
		t.Run("the schema refuses an unknown state", func(t *testing.T) {
			err := db.Write(ctx, func(q *store.Q) error {
				return q.SetChecklistEntry(ctx, &store.ChecklistEntry{CaseID: f.c.ID, Item: "Kontoutskrifter", State: "maybe",
					ChangedBy: f.e.ID, ChangedAt: now})
			})
			if err == nil {
				t.Errorf("state %q was stored", "maybe")
			}
		})
	})
}
