package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// tmFixture is a municipality with a unit, an employee, a person and a case.
type tmFixture struct {
	m      *torg.Municipality
	u      *torg.Unit
	e      *torg.Employee
	p      *torg.Person
	c      *torg.Case
	bgTime time.Time
}

func mustTMFixture(t *testing.T, db *store.DB) tmFixture {
	t.Helper()
	ctx := context.Background()
	f := tmFixture{
		m: &torg.Municipality{Code: "0301", Name: "Oslo", Country: "NO", Language: "nb", TimeZone: "Europe/Oslo"},
		u: &torg.Unit{Code: "debt", Name: "Gjeld"},
		e: &torg.Employee{Username: "tm", Name: "Tor Mo", Roles: []torg.Role{torg.RoleLeader}, Active: true},
	}
	err := db.Write(ctx, func(q *store.Q) error {
		if err := q.CreateMunicipality(ctx, f.m); err != nil {
			return err
		}
		f.u.MunicipalityID, f.e.MunicipalityID = f.m.ID, f.m.ID
		if err := q.CreateUnit(ctx, f.u); err != nil {
			return err
		}
		f.e.Units = []int64{f.u.ID}
		if err := q.CreateEmployee(ctx, f.e, "", now); err != nil {
			return err
		}
		f.p = &torg.Person{MunicipalityID: f.m.ID, NIN: "31129956715", NINCountry: "NO", NINKind: "fnr",
			GivenName: "Kari", FamilyName: "Nordmann"}
		if err := q.CreatePerson(ctx, f.p, now); err != nil {
			return err
		}
		f.c = &torg.Case{MunicipalityID: f.m.ID, UnitID: f.u.ID, Type: torg.CaseTypeDebt, Title: "Gjeld"}
		return q.CreateCase(ctx, f.c, now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func mustWrite(t *testing.T, db *store.DB, fn func(q *store.Q) error) {
	t.Helper()
	if err := db.Write(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

func claimTimers(t *testing.T, db *store.DB, node string, at time.Time, limit int) []store.Timer {
	t.Helper()
	var ts []store.Timer
	mustWrite(t, db, func(q *store.Q) (err error) {
		ts, err = q.ClaimTimers(context.Background(), node, at, time.Minute, limit)
		return err
	})
	return ts
}

func timerKeys(ts []store.Timer) []string {
	var keys []string
	for _, t := range ts {
		keys = append(keys, t.Key)
	}
	return keys
}

func TestSetTimerTwiceIsNoOp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		for i, want := range []bool{true, false} {
			tm := &store.Timer{MunicipalityID: f.m.ID, CaseID: f.c.ID, Key: "case:1:DC2.6", Kind: "routine.step",
				Payload: json.RawMessage(fmt.Sprintf(`{"n":%d}`, i)), Due: now.Add(time.Hour)}
			var created bool
			mustWrite(t, db, func(q *store.Q) (err error) { created, err = q.SetTimer(ctx, tm, now); return err })
			if created != want {
				t.Errorf("set %d: created = %v, want %v", i, created, want)
			}
		}
		got, err := db.R().TimerByKey(ctx, "case:1:DC2.6")
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Payload) != `{"n":0}` || got.State != store.TimerPending || !got.Due.Equal(now.Add(time.Hour)) {
			t.Errorf("timer = %+v; the first setting must stand", got)
		}
	})
}

func TestClaimTimersLeaseAndFire(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		mustWrite(t, db, func(q *store.Q) error {
			for i, due := range []time.Duration{-time.Minute, 0, time.Hour} {
				tm := &store.Timer{MunicipalityID: f.m.ID, Key: fmt.Sprint("t", i), Kind: "k", Due: now.Add(due)}
				if _, err := q.SetTimer(ctx, tm, now); err != nil {
					return err
				}
			}
			return nil
		})
		if got := timerKeys(claimTimers(t, db, "a", now, 10)); !cmp.Equal(got, []string{"t0", "t1"}) {
			t.Fatalf("claimed %v, want the two due timers", got)
		}
		if got := claimTimers(t, db, "b", now.Add(30*time.Second), 10); len(got) != 0 {
			t.Errorf("b claimed %v while a's lease holds", timerKeys(got))
		}
		// a dies; after its lease b takes both over, a second attempt each.
		late := now.Add(2 * time.Minute)
		got := claimTimers(t, db, "b", late, 10)
		if len(got) != 2 || got[0].Attempts != 2 || got[0].ClaimedBy != "b" {
			t.Fatalf("after the lease b claimed %+v", got)
		}
		err := db.Write(ctx, func(q *store.Q) error { return q.MarkTimerFired(ctx, got[0].ID, "a", late) })
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("a marked a timer b holds: err = %v", err)
		}
		mustWrite(t, db, func(q *store.Q) error { return q.MarkTimerFired(ctx, got[0].ID, "b", late) })
		err = db.Write(ctx, func(q *store.Q) error { return q.MarkTimerFired(ctx, got[0].ID, "b", late) })
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("marking a fired timer again: err = %v", err)
		}
		err = db.Write(ctx, func(q *store.Q) error { return q.MarkTimerFired(ctx, got[1].ID, "b", late.Add(time.Hour)) })
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("b marked a timer after its lease ran out: err = %v", err)
		}
	})
}

func TestFiredTimersStayFiredAcrossClockJumps(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		mustWrite(t, db, func(q *store.Q) error {
			_, err := q.SetTimer(ctx, &store.Timer{MunicipalityID: f.m.ID, Key: "x", Kind: "k", Due: now}, now)
			return err
		})
		ts := claimTimers(t, db, "a", now, 10)
		mustWrite(t, db, func(q *store.Q) error { return q.MarkTimerFired(ctx, ts[0].ID, "a", now) })
		for _, at := range []time.Time{now.Add(-24 * time.Hour), now, now.Add(365 * 24 * time.Hour)} {
			if got := claimTimers(t, db, "a", at, 10); len(got) != 0 {
				t.Errorf("at %v claimed a fired timer again: %v", at, timerKeys(got))
			}
		}
	})
}

func TestCancelTimers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		mustWrite(t, db, func(q *store.Q) error {
			for _, k := range []string{"dc2.6/a", "dc2.6/b", "dc2.7/a", "DC2.6/c", "dc2.6_x"} {
				if _, err := q.SetTimer(ctx, &store.Timer{MunicipalityID: f.m.ID, CaseID: f.c.ID, Key: k, Kind: "k",
					Due: now}, now); err != nil {
					return err
				}
			}
			return nil
		})
		var n int64
		var one bool
		mustWrite(t, db, func(q *store.Q) (err error) {
			if n, err = q.CancelCaseTimers(ctx, f.c.ID, "dc2.6/", now); err != nil {
				return err
			}
			one, err = q.CancelTimer(ctx, "dc2.7/a", now)
			return err
		})
		if n != 2 || !one {
			t.Errorf("cancelled %d by prefix (want 2, case-sensitive, no wildcards), one by key: %v", n, one)
		}
		ts, err := db.R().CaseTimers(ctx, f.c.ID)
		if err != nil {
			t.Fatal(err)
		}
		states := map[string]string{}
		for _, tm := range ts {
			states[tm.Key] = tm.State
		}
		want := map[string]string{"dc2.6/a": "cancelled", "dc2.6/b": "cancelled", "dc2.7/a": "cancelled",
			"DC2.6/c": "pending", "dc2.6_x": "pending"}
		if diff := cmp.Diff(want, states); diff != "" {
			t.Error(diff)
		}
		if got := timerKeys(claimTimers(t, db, "a", now, 10)); len(got) != 2 {
			t.Errorf("claimed %v; cancelled timers must not fire", got)
		}
	})
}

func TestCancelWinsOverHandlerInFlight(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		mustWrite(t, db, func(q *store.Q) error {
			_, err := q.SetTimer(ctx, &store.Timer{MunicipalityID: f.m.ID, Key: "x", Kind: "k", Due: now}, now)
			return err
		})
		ts := claimTimers(t, db, "a", now, 1)
		mustWrite(t, db, func(q *store.Q) error { _, err := q.CancelTimer(ctx, "x", now); return err })
		err := db.Write(ctx, func(q *store.Q) error { return q.MarkTimerFired(ctx, ts[0].ID, "a", now) })
		if !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("a cancelled timer was marked fired: err = %v", err)
		}
	})
}

func TestRetryTimerAfterHandlerError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		mustWrite(t, db, func(q *store.Q) error {
			_, err := q.SetTimer(ctx, &store.Timer{MunicipalityID: f.m.ID, Key: "x", Kind: "k", Due: now}, now)
			return err
		})
		ts := claimTimers(t, db, "a", now, 1)
		mustWrite(t, db, func(q *store.Q) error { return q.RetryTimer(ctx, ts[0].ID, "a", "boom", now.Add(time.Hour)) })
		if got := claimTimers(t, db, "a", now.Add(59*time.Minute), 1); len(got) != 0 {
			t.Errorf("claimed before the retry time: %+v", got)
		}
		got := claimTimers(t, db, "b", now.Add(time.Hour), 1)
		if len(got) != 1 || got[0].LastError != "boom" || got[0].Attempts != 2 {
			t.Errorf("retry claim = %+v", got)
		}
	})
}

func TestSetTimersBulk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		ts := make([]store.Timer, 450)
		for i := range ts {
			ts[i] = store.Timer{MunicipalityID: f.m.ID, Key: fmt.Sprint("b", i%300), Kind: "k", Due: now}
		}
		var n int64
		mustWrite(t, db, func(q *store.Q) (err error) { n, err = q.SetTimers(ctx, ts, now); return err })
		c, err := db.R().CountTimers(ctx, store.TimerPending)
		if err != nil {
			t.Fatal(err)
		}
		if n != 300 || c != 300 {
			t.Errorf("inserted %d, pending %d; want 300 (duplicate keys are no-ops)", n, c)
		}
	})
}
