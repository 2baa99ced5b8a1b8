package casework_test

import (
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestTimelineMeetingMarkedAt checks that a held or missed meeting stays
// where it happened on the timeline, however late the page is read.
func TestTimelineMeetingMarkedAt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, casetest.Now)
		book := func(date string) *torg.Appointment {
			t.Helper()
			in := apptIn
			in.Date = date
			ap, err := f.Svc.BookAppointment(ctx, f.EG, c.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			return ap
		}
		mark := func(ap *torg.Appointment, held bool, at time.Time) {
			t.Helper()
			f.Clock.T = at
			if _, err := f.Svc.MarkAppointment(ctx, f.EG, ap.ID, held); err != nil {
				t.Fatal(err)
			}
		}
		// Thursday's meeting is marked held on Monday, before its start;
		// a note follows. Monday's meeting is marked missed a day late.
		early := book("2026-11-26")
		heldAt := casetest.Now.Add(time.Minute)
		mark(early, true, heldAt)
		f.Clock.T = heldAt.Add(time.Minute)
		if _, err := f.Svc.AddNote(ctx, f.EG, c.ID, 0, "Notat etter møtet."); err != nil {
			t.Fatal(err)
		}
		late := book("2026-11-30")
		mark(late, false, oslo(t, "2026-12-01 09:00"))

		entry := func(tl []casework.TimelineEntry, outcome string) (int, casework.TimelineEntry) {
			t.Helper()
			for i, e := range tl {
				if e.Kind == casework.TimelineMeeting && e.Outcome == outcome {
					return i, e
				}
			}
			t.Fatalf("no %s meeting on the timeline", outcome)
			return 0, casework.TimelineEntry{}
		}
		for _, view := range []string{"2026-12-01 10:00", "2027-03-01 12:00"} {
			f.Clock.T = oslo(t, view)
			tl, err := f.Svc.Timeline(ctx, f.EG, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			t.Run("a meeting marked held before its start shows when it was marked, read "+view, func(t *testing.T) {
				i, held := entry(tl, torg.AppointmentHeld)
				if !held.At.Equal(heldAt) {
					t.Errorf("held at %s, want %s when it was marked", held.At, heldAt)
				}
				for j, e := range tl {
					if e.Kind == casework.TimelineNote && j > i {
						t.Errorf("the note written after the meeting was marked is listed below it")
					}
				}
			})
			t.Run("a meeting marked missed after its start shows at its start, read "+view, func(t *testing.T) {
				_, missed := entry(tl, torg.AppointmentMissed)
				if !missed.At.Equal(late.Start) {
					t.Errorf("missed at %s, want its start %s", missed.At, late.Start)
				}
			})
		}
		t.Run("the appointment keeps when its status was set", func(t *testing.T) {
			as, err := f.Svc.CaseAppointments(ctx, f.EG, c.ID)
			if err != nil || len(as) != 2 {
				t.Fatalf("appointments %v, %v", as, err)
			}
			if !as[0].StatusAt.Equal(heldAt) || !as[1].StatusAt.Equal(oslo(t, "2026-12-01 09:00")) ||
				!as[1].Created.Equal(heldAt.Add(time.Minute)) {
				t.Errorf("status at %s and %s, created %s", as[0].StatusAt, as[1].StatusAt, as[1].Created)
			}
		})
	})
}
