package casework_test

import (
	"fmt"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestBookingReadsDatesAsPeopleTypeThem checks the booking form's date as
// counsellors in the four languages type it.
func TestBookingReadsDatesAsPeopleTypeThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		for i, tt := range []struct {
			date string
			want string // Oslo wall clock; "" for the date's error
		}{
			{"01.12.2026", "2026-12-01 08:00"},
			{"1.12.2026", "2026-12-01 09:00"},
			{" 1. 12. 2026 ", "2026-12-01 10:00"},
			{"01/12/2026", "2026-12-01 11:00"},
			{"1/12-2026", "2026-12-01 12:00"},
			{"2026-12-01", "2026-12-01 13:00"},
			{"1 Dec 2026", "2026-12-01 14:00"},
			{"31.11.2026", ""},
			{"01.12.26", ""},
			{"", ""},
		} {
			t.Run("DC4.2 "+tt.date, func(t *testing.T) {
				in := apptIn
				in.Date = tt.date
				in.Start, in.End = fmt.Sprintf("%02d:00", 8+i), fmt.Sprintf("%02d:30", 8+i)
				ap, err := f.Svc.BookAppointment(ctx, f.EG, f.KariCase.ID, in)
				if tt.want == "" {
					if e := torg.AsError(err); e == nil || e.Field != "date" || e.Key != "appt.date_required" {
						t.Errorf("err = %v, want appt.date_required on date", err)
					}
					return
				}
				if err != nil || !ap.Start.Equal(oslo(t, tt.want)) {
					t.Errorf("start %v, %v; want %s in Oslo", ap, err, tt.want)
				}
			})
		}
	})
}

// TestAbsenceReadsDatesAsPeopleTypeThem checks the absence form's dates.
func TestAbsenceReadsDatesAsPeopleTypeThem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		ab, err := f.Svc.AddAbsence(ctx, f.EG, f.Debt.ID, casework.AbsenceInput{EmployeeID: f.EG.ID,
			From: "24.12.2026", To: "28/12-2026"})
		if err != nil || ab.From != (torg.Date{Year: 2026, Month: 12, Day: 24}) || ab.To != (torg.Date{Year: 2026, Month: 12, Day: 28}) {
			t.Errorf("DC1.4 absence %+v, %v; want 24–28 December 2026", ab, err)
		}
	})
}
