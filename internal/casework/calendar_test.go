package casework

import (
	"context"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestMunicipalCalendarHasItsOpeningHours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m := &torg.Municipality{Code: "9902", Name: "Test", Country: "NO", Language: "nb", TimeZone: "Europe/Oslo"}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.CreateMunicipality(ctx, m); err != nil {
				return err
			}
			return q.SetOpeningHours(ctx, m.ID, "09:00", "14:00")
		})
		if err != nil {
			t.Fatal(err)
		}
		s := New(db, torg.SystemClock{}, DefaultConfig())
		cal, err := s.muniCalendar(ctx, m)
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation("Europe/Oslo")
		friday := time.Date(2026, 11, 20, 13, 0, 0, 0, loc)
		if got := cal.AddWorkingHours(friday, loc, 2*time.Hour).In(loc); got.Format("Mon 15:04") != "Mon 10:00" {
			t.Errorf("Friday 13:00 + 2 working hours with 09:00–14:00 = %s, want Mon 10:00", got.Format("Mon 15:04"))
		}
	})
}
