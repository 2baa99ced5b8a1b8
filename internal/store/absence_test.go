package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestAbsenceKinds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, u, e := mustMunicipality(t, db)
		reduced := &store.Absence{EmployeeID: e.ID, Kind: store.AbsenceReducedDay, From: day(t, "2026-11-23"),
			To: day(t, "2026-12-18"), AwayFrom: "12:00", AwayTo: "15:30", CreatedBy: e.ID}
		sick := &store.Absence{EmployeeID: e.ID, Kind: store.AbsenceSick, From: day(t, "2026-11-25"), To: day(t, "2026-11-26"),
			CreatedBy: e.ID}
		c := &torg.Case{MunicipalityID: m.ID, UnitID: u.ID, Type: torg.CaseTypeDebt, Title: "Gjeld", Status: torg.CaseOpen}
		ap := &torg.Appointment{MunicipalityID: m.ID, CounsellorID: e.ID, Start: now.Add(48 * time.Hour),
			End: now.Add(49 * time.Hour), Place: "Rådhuset", Status: torg.AppointmentBooked}
		err := db.Write(ctx, func(q *store.Q) error {
			for _, a := range []*store.Absence{reduced, sick} {
				if err := q.AddAbsence(ctx, a, now); err != nil {
					return err
				}
			}
			if err := q.CreateCase(ctx, c, now); err != nil {
				return err
			}
			ap.CaseID = c.ID
			return q.CreateAppointment(ctx, ap, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Run("FD4.5 a reduced day keeps its kind and hours", func(t *testing.T) {
			got, err := db.R().Absence(ctx, reduced.ID)
			if err != nil || got.Kind != store.AbsenceReducedDay || got.AwayFrom != "12:00" || got.AwayTo != "15:30" || got.WholeDays() {
				t.Errorf("reduced day = %+v, %v", got, err)
			}
		})
		t.Run("DC1.4 a reduced day is no absence for the distribution; a sick day is", func(t *testing.T) {
			for d, want := range map[string]int64{"2026-11-24": 0, "2026-11-25": sick.ID, "2026-11-27": 0} {
				a, err := db.R().AbsentOn(ctx, e.ID, day(t, d))
				var id int64
				if a != nil {
					id = a.ID
				}
				if err != nil || id != want {
					t.Errorf("absent on %s: %d, %v; want %d", d, id, err, want)
				}
			}
		})
		t.Run("FD4.4 the informed marks of an absence, kept once, gone with it", func(t *testing.T) {
			for range 2 {
				if err := db.Write(ctx, func(q *store.Q) error { return q.MarkInformed(ctx, sick.ID, ap.ID, e.ID, now) }); err != nil {
					t.Fatal(err)
				}
			}
			marks, err := db.R().InformedMarks(ctx, sick.ID)
			if mk := marks[ap.ID]; err != nil || len(marks) != 1 || mk.By != e.ID || mk.ByName != e.Name || !mk.At.Equal(now) {
				t.Fatalf("marks = %+v, %v", marks, err)
			}
			if err := db.Write(ctx, func(q *store.Q) error { return q.DeleteAbsence(ctx, sick.ID) }); err != nil {
				t.Fatal(err)
			}
			if marks, err := db.R().InformedMarks(ctx, sick.ID); err != nil || len(marks) != 0 {
				t.Errorf("marks after delete = %+v, %v", marks, err)
			}
		})
	})
}

func TestNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, _, e := mustMunicipality(t, db)
		var ns []*store.Notice
		err := db.Write(ctx, func(q *store.Q) error {
			for i, body := range []string{"Hjemmebesøket kl. 10 er avlyst", "Nytt tidspunkt kl. 13", "Ring Kari"} {
				n := &store.Notice{EmployeeID: e.ID, Body: body}
				if err := q.AddNotice(ctx, n, now.Add(time.Duration(i)*time.Minute)); err != nil {
					return err
				}
				ns = append(ns, n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		r := db.R()
		if got, err := r.Notices(ctx, e.ID, 2); err != nil || len(got) != 2 || got[0].ID != ns[2].ID || got[1].Body != ns[1].Body {
			t.Errorf("DM3 newest notices = %+v, %v", got, err)
		}
		if got, err := r.NoticesAfter(ctx, e.ID, ns[0].ID); err != nil || len(got) != 2 || got[0].ID != ns[1].ID {
			t.Errorf("DM3 notices after the first = %+v, %v", got, err)
		}
		if err := db.Write(ctx, func(q *store.Q) error { return q.MarkNoticesRead(ctx, e.ID, ns[1].ID, now) }); err != nil {
			t.Fatal(err)
		}
		if n, err := r.UnreadNotices(ctx, e.ID); err != nil || n != 1 {
			t.Errorf("unread after reading up to the second = %d, %v; want 1", n, err)
		}
		if got, _ := r.Notices(ctx, e.ID, 10); got[2].Read.IsZero() || !got[0].Read.IsZero() {
			t.Errorf("read marks = %v, %v, want the first read, the last not", got[2].Read, got[0].Read)
		}
		if n, err := r.UnreadNotices(ctx, 999); err != nil || n != 0 {
			t.Errorf("another employee's unread = %d, %v", n, err)
		}
	})
}
