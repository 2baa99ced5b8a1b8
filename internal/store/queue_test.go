package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestQueueSequenceAndClaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, _, _ := mustMunicipality(t, db)
		svc := &torg.QueueService{MunicipalityID: m.ID, Code: "passport", Name: "Pas", Prefix: "A", TargetWait: 10 * time.Minute}
		c := &torg.Counter{MunicipalityID: m.ID, Name: "Skranke 1", Open: true}
		mustWrite(t, db, func(q *store.Q) error {
			if err := q.PutQueueService(ctx, svc); err != nil {
				return err
			}
			c.Services = []int64{svc.ID}
			return q.PutCounter(ctx, c)
		})
		got, err := db.R().Counter(ctx, m.ID, c.ID)
		if err != nil || !got.Open || len(got.Services) != 1 || got.Services[0] != svc.ID {
			t.Fatalf("counter = %+v, %v", got, err)
		}
		day := torg.Date{Year: 2026, Month: 11, Day: 23}
		// Tickets issued concurrently each get a number of their own.
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.Write(ctx, func(q *store.Q) error {
					n, err := q.NextTicketSeq(ctx, svc.ID, day)
					if err != nil {
						return err
					}
					return q.CreateTicket(ctx, &torg.Ticket{MunicipalityID: m.ID, ServiceID: svc.ID, Day: day, Seq: n,
						Number: fmt.Sprintf("A%03d", n), Status: torg.TicketWaiting, Issued: now.Add(time.Duration(i) * time.Second),
						Token: fmt.Sprint("tok", i), Priority: i == 7}, fmt.Sprint("key", i))
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		ts, err := db.R().Tickets(ctx, m.ID, store.TicketFilter{Day: day})
		if err != nil || len(ts) != 20 {
			t.Fatalf("tickets = %d, %v", len(ts), err)
		}
		seen := map[int]bool{}
		for _, tk := range ts {
			if seen[tk.Seq] || tk.Seq < 1 || tk.Seq > 20 {
				t.Fatalf("sequence %d given twice or out of range", tk.Seq)
			}
			seen[tk.Seq] = true
		}
		var first *torg.Ticket
		mustWrite(t, db, func(q *store.Q) (err error) {
			first, err = q.ClaimNextTicket(ctx, m.ID, c.ID, c.Services, now.Add(time.Hour))
			return err
		})
		if first.Token != "tok7" || first.Status != torg.TicketCalled || first.CounterName != "Skranke 1" {
			t.Fatalf("first called = %+v, want the priority ticket", first)
		}
		mustWrite(t, db, func(q *store.Q) (err error) {
			first, err = q.ClaimNextTicket(ctx, m.ID, c.ID, c.Services, now.Add(time.Hour))
			return err
		})
		if first.Token != "tok0" {
			t.Fatalf("second called = %s, want the oldest", first.Token)
		}
		byKey, err := db.R().TicketByKey(ctx, m.ID, "key0")
		if err != nil || byKey.ID != first.ID {
			t.Fatalf("by key = %+v, %v", byKey, err)
		}
	})
}

// The daily numbering lives in the database: a server that restarts goes
// on from the last number, and the tickets issued before are all there.
func TestQueueNumbersSurviveRestart(t *testing.T) {
	for dialect, base := range storetest.Dialects() {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			u := storetest.URL(t, dialect, base)
			open := func() *store.DB {
				db, err := store.Open(ctx, u)
				if err != nil {
					t.Fatal(err)
				}
				if err := db.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
				return db
			}
			day := torg.Date{Year: 2026, Month: 11, Day: 23}
			issue := func(db *store.DB, serviceID, municipalityID int64) *torg.Ticket {
				tk := &torg.Ticket{MunicipalityID: municipalityID, ServiceID: serviceID, Day: day, Status: torg.TicketWaiting,
					Issued: now}
				mustWrite(t, db, func(q *store.Q) (err error) {
					if tk.Seq, err = q.NextTicketSeq(ctx, serviceID, day); err != nil {
						return err
					}
					tk.Number, tk.Token = fmt.Sprintf("A%03d", tk.Seq), fmt.Sprint("t", tk.Seq)
					return q.CreateTicket(ctx, tk, "")
				})
				return tk
			}
			db := open()
			m, _, _ := mustMunicipality(t, db)
			svc := &torg.QueueService{MunicipalityID: m.ID, Code: "passport", Name: "Pas", Prefix: "A"}
			mustWrite(t, db, func(q *store.Q) error { return q.PutQueueService(ctx, svc) })
			issue(db, svc.ID, m.ID)
			issue(db, svc.ID, m.ID)
			db.Close()
			db = open()
			defer db.Close()
			if tk := issue(db, svc.ID, m.ID); tk.Number != "A003" {
				t.Fatalf("after a restart: %s, want A003", tk.Number)
			}
			ts, err := db.R().Tickets(ctx, m.ID, store.TicketFilter{Day: day})
			if err != nil || len(ts) != 3 {
				t.Fatalf("tickets after a restart = %d, %v", len(ts), err)
			}
			// Another day starts at 1 again.
			var n int
			mustWrite(t, db, func(q *store.Q) (err error) { n, err = q.NextTicketSeq(ctx, svc.ID, day.AddDays(1)); return err })
			if n != 1 {
				t.Errorf("the next day's first number = %d, want 1", n)
			}
		})
	}
}
