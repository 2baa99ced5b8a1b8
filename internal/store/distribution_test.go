package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func day(t *testing.T, s string) torg.Date {
	t.Helper()
	d, err := torg.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDistributionSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, u, e := mustMunicipality(t, db)
		got, err := db.R().DistributionSettings(ctx, u.ID)
		if err != nil || got != (store.DistributionSettings{By: store.ByBirthDay}) {
			t.Fatalf("DC1.4 default settings = %+v, %v; want by day of birth, no fallback", got, err)
		}
		for _, want := range []store.DistributionSettings{
			{By: store.ByReceiptDay, FallbackID: e.ID, FallbackName: e.Name},
			{By: store.ByBirthDay},
		} {
			if err := db.Write(ctx, func(q *store.Q) error { return q.SetDistributionSettings(ctx, u.ID, want, now) }); err != nil {
				t.Fatal(err)
			}
			if got, err := db.R().DistributionSettings(ctx, u.ID); err != nil || got != want {
				t.Errorf("settings = %+v, %v; want %+v", got, err, want)
			}
		}
	})
}

func TestAbsences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, _, e := mustMunicipality(t, db)
		past := &store.Absence{EmployeeID: e.ID, From: day(t, "2026-10-01"), To: day(t, "2026-10-31"), CreatedBy: e.ID}
		leave := &store.Absence{EmployeeID: e.ID, From: day(t, "2026-11-20"), To: day(t, "2026-11-27"), Note: "Ferie",
			CreatedBy: e.ID}
		err := db.Write(ctx, func(q *store.Q) error {
			for _, a := range []*store.Absence{leave, past} {
				if err := q.AddAbsence(ctx, a, now); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		leave.EmployeeName, leave.Initials = e.Name, e.Initials
		got, err := db.R().Absences(ctx, []int64{e.ID, 999}, day(t, "2026-11-23"))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]*store.Absence{leave}, got, cmpopts.EquateApproxTime(0)); diff != "" {
			t.Errorf("absences since 23.11 (-want +got):\n%s", diff)
		}
		for _, tc := range []struct {
			day  string
			want int64
		}{{"2026-11-19", 0}, {"2026-11-20", leave.ID}, {"2026-11-27", leave.ID}, {"2026-11-28", 0}, {"2026-10-15", past.ID}} {
			a, err := db.R().AbsentOn(ctx, e.ID, day(t, tc.day))
			var id int64
			if a != nil {
				id = a.ID
			}
			if err != nil || id != tc.want {
				t.Errorf("absent on %s: %d, %v; want %d", tc.day, id, err, tc.want)
			}
		}
		if err := db.Write(ctx, func(q *store.Q) error { return q.DeleteAbsence(ctx, leave.ID) }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.R().Absence(ctx, leave.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Errorf("deleted absence: %v, want ENOTFOUND", err)
		}
	})
}

func TestFillIns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, _, e := mustMunicipality(t, db)
		p := &torg.Person{MunicipalityID: m.ID, NIN: "31129956715", NINCountry: "NO", NINKind: "fnr", GivenName: "A", FamilyName: "B"}
		if err := db.Write(ctx, func(q *store.Q) error { return q.CreatePerson(ctx, p, now) }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.R().LastFillIn(ctx, p.ID); torg.ErrorCode(err) != torg.ENOTFOUND {
			t.Fatalf("DC1.5 before any fill-in: %v, want ENOTFOUND", err)
		}
		first := &store.FillIn{PersonID: p.ID, By: e.ID, At: now,
			Properties: []store.FilledProperty{{PropertyID: "4204-12/345", Address: "Nygata 5", Share: "1/2", Kind: "bolig"}}}
		again := &store.FillIn{PersonID: p.ID, By: e.ID, At: now.Add(48 * 3600e9)}
		for _, f := range []*store.FillIn{first, again} {
			if err := db.Write(ctx, func(q *store.Q) error { return q.SaveFillIn(ctx, f) }); err != nil {
				t.Fatal(err)
			}
			got, err := db.R().LastFillIn(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := *f
			want.ByName = e.Name
			if diff := cmp.Diff(&want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("DC1.5 fill-in (-want +got):\n%s", diff)
			}
		}
	})
}
