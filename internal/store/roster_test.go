package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestGuideShifts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		m, u, e := mustMunicipality(t, db)
		o := &torg.Employee{MunicipalityID: m.ID, Username: "ab", Name: "Anne Berg", Roles: []torg.Role{torg.RoleFrontDesk},
			Units: []int64{u.ID}, Active: true}
		day := torg.Date{Year: 2026, Month: 11, Day: 23}
		err := db.Write(ctx, func(q *store.Q) error {
			if err := q.CreateEmployee(ctx, o, "", now); err != nil {
				return err
			}
			if err := q.SetGuideHours(ctx, m.ID, day, e.ID, []int{9, 10}, e.ID, now); err != nil {
				return err
			}
			if err := q.SetGuideHours(ctx, m.ID, day, o.ID, []int{10, 11}, e.ID, now); err != nil {
				return err
			}
			return q.SetGuideHours(ctx, m.ID, day.AddDays(1), o.ID, []int{8}, e.ID, now)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.R().GuideShifts(ctx, m.ID, day)
		if err != nil {
			t.Fatal(err)
		}
		var s []string
		for _, g := range got {
			s = append(s, fmt.Sprintf("%s@%02d", g.EmployeeName, g.Hour))
		}
		if want := []string{"Eva Gran@09", "Anne Berg@10", "Eva Gran@10", "Anne Berg@11"}; !slices.Equal(s, want) {
			t.Errorf("CG13 roster = %v, want %v", s, want)
		}
		// Setting an employee's hours again replaces them; none takes them off.
		if err := db.Write(ctx, func(q *store.Q) error { return q.SetGuideHours(ctx, m.ID, day, e.ID, nil, e.ID, now) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.R().GuideShifts(ctx, m.ID, day); len(got) != 2 || got[0].EmployeeID != o.ID || got[0].Day != day {
			t.Errorf("CG13 roster after clearing Eva = %+v", got)
		}
		if got, _ := db.R().GuideShifts(ctx, m.ID, day.AddDays(1)); len(got) != 1 || got[0].Hour != 8 {
			t.Errorf("CG13 next day's roster = %+v", got)
		}
		if es, err := db.R().MunicipalityEmployees(ctx, m.ID); err != nil || len(es) != 2 || es[0].Name != "Anne Berg" {
			t.Errorf("employees = %v, %v", es, err)
		}
	})
}
