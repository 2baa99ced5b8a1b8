package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestMigrationNamesMatch(t *testing.T) {
	a, err := store.MigrationNames(store.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.MigrationNames(store.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("migration folders differ (-sqlite +postgres):\n%s", diff)
	}
}

// mustMunicipality creates a municipality with one unit and one employee.
func mustMunicipality(t *testing.T, db *store.DB) (*torg.Municipality, *torg.Unit, *torg.Employee) {
	t.Helper()
	m := &torg.Municipality{Code: "4204", Name: "Kristiansand", Country: "NO", Language: "nb", TimeZone: "Europe/Oslo"}
	u := &torg.Unit{Code: "debt", Name: "Gjeldsrådgivning", RequiredDocs: []string{"Fullmakt"}}
	e := &torg.Employee{Username: "eg", Name: "Eva Gran", Roles: []torg.Role{torg.RoleCounsellor}, Active: true}
	err := db.Write(context.Background(), func(q *store.Q) error {
		if err := q.CreateMunicipality(context.Background(), m); err != nil {
			return err
		}
		u.MunicipalityID, e.MunicipalityID = m.ID, m.ID
		if err := q.CreateUnit(context.Background(), u); err != nil {
			return err
		}
		e.Units = []int64{u.ID}
		return q.CreateEmployee(context.Background(), e, "", now)
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, u, e
}

func TestWriteRollsBackFailedWorkOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, _, _ := mustMunicipality(t, db)
		var wg sync.WaitGroup
		errs := make([]error, 40)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = db.Write(ctx, func(q *store.Q) error {
					p := &torg.Person{MunicipalityID: m.ID, NIN: fmt.Sprintf("nin%02d", i), NINCountry: "NO",
						NINKind: "fnr", GivenName: "Kari", FamilyName: fmt.Sprint("N", i)}
					if err := q.CreatePerson(ctx, p, now); err != nil {
						return err
					}
					if i%4 == 0 {
						return errors.New("fail after write")
					}
					return nil
				})
			}()
		}
		wg.Wait()
		failed := 0
		for i, err := range errs {
			if (i%4 == 0) != (err != nil) {
				t.Errorf("write %d: err = %v", i, err)
			}
			if err != nil {
				failed++
			}
		}
		n, err := db.R().CountPersons(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n != 40-failed {
			t.Errorf("persons = %d, want %d: failed writes must leave nothing behind", n, 40-failed)
		}
	})
}

func TestDuplicateIsConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, _, _ := mustMunicipality(t, db)
		p := torg.Person{MunicipalityID: m.ID, NIN: "31129956715", NINCountry: "NO", NINKind: "fnr", GivenName: "A", FamilyName: "B"}
		for i, want := range []string{"", torg.ECONFLICT} {
			p2 := p
			err := db.Write(ctx, func(q *store.Q) error { return q.CreatePerson(ctx, &p2, now) })
			if got := torg.ErrorCode(err); got != want {
				t.Errorf("insert %d: code %q, want %q (%v)", i, got, want, err)
			}
		}
	})
}

// TestStrictAddressNeverStored: whatever a form or a register hands the
// store, a Norwegian strictly protected person (kode 6) is saved with the
// SOT6 forwarding address only (DC1.3, domain reference §2.1).
func TestStrictAddressNeverStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, _, _ := mustMunicipality(t, db)
		p := &torg.Person{MunicipalityID: m.ID, NIN: "31129956715", NINCountry: "NO", NINKind: "fnr", GivenName: "Siri",
			FamilyName: "Skjult", Address: "Hemmeligveien 66", Postcode: "4699", City: "Skjultby", Protection: torg.ProtectionStrict}
		open := &torg.Person{MunicipalityID: m.ID, NIN: "15507600333", NINCountry: "NO", NINKind: "fnr", GivenName: "Ola",
			FamilyName: "Åpen", Address: "Storgata 1", Postcode: "4612", City: "Kristiansand"}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.CreatePerson(ctx, p, now); err != nil {
				return err
			}
			if err := q.CreatePerson(ctx, open, now); err != nil {
				return err
			}
			// Graded later, with the real address typed in again.
			open.Protection, open.Address = torg.ProtectionStrict, "Nyveien 2"
			return q.UpdatePerson(ctx, open, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{p.ID, open.ID} {
			got, err := db.R().Person(ctx, m.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			if got.Address != torg.SOT6Street || got.Postcode != torg.SOT6Postcode || got.City != torg.SOT6City {
				t.Errorf("%s stored at %q %q %q, want SOT6 only", got.Name(), got.Address, got.Postcode, got.City)
			}
		}
	})
}

func TestCaseNumbersPerYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, u, _ := mustMunicipality(t, db)
		var got []string
		for _, at := range []time.Time{now, now, now.AddDate(1, 0, 0)} {
			c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Title: "x"}
			if err := db.Write(ctx, func(q *store.Q) error { return q.CreateCase(ctx, c, at) }); err != nil {
				t.Fatal(err)
			}
			got = append(got, c.Number())
		}
		want := []string{"2026/000001", "2026/000002", "2027/000001"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Error(diff)
		}
	})
}

func TestAuditIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := &torg.AuditEvent{MunicipalityID: 1, At: now, ActorID: 1, Action: "person.read", Object: "person:1", PersonID: 1}
		if err := db.Write(ctx, func(q *store.Q) error { return q.AppendAudit(ctx, e) }); err != nil {
			t.Fatal(err)
		}
		err := db.Write(ctx, func(q *store.Q) error {
			return q.ExecForTest(ctx, `UPDATE audit_events SET action = 'x'`)
		})
		if err == nil {
			t.Error("updating the audit log succeeded; it must be refused")
		}
		err = db.Write(ctx, func(q *store.Q) error { return q.ExecForTest(ctx, `DELETE FROM audit_events`) })
		if err == nil {
			t.Error("deleting from the audit log succeeded; it must be refused")
		}
	})
}
