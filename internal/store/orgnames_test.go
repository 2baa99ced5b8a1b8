package store_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// TestUnitHasRoleAndEmployeeNames checks the two small reads that spare a
// page from listing a unit's whole staff: whether a unit has anyone in a
// role, and the names behind the usernames or IDs a routine recorded.
func TestUnitHasRoleAndEmployeeNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db) // tm is the unit's leader
		gone := &torg.Employee{MunicipalityID: f.m.ID, Username: "gone", Name: "Gone Counsellor",
			Roles: []torg.Role{torg.RoleCounsellor}, Units: []int64{f.u.ID}, Active: false}
		mustWrite(t, db, func(q *store.Q) error { return q.CreateEmployee(ctx, gone, "", now) })
		for r, want := range map[torg.Role]bool{torg.RoleLeader: true, torg.RoleCounsellor: false} {
			got, err := db.R().UnitHasRole(ctx, f.u.ID, r)
			if err != nil || got != want {
				t.Errorf("UnitHasRole(%s) = %v, %v; want %v (an inactive counsellor does not count)", r, got, err, want)
			}
		}
		id := strconv.FormatInt(f.e.ID, 10)
		names, err := db.R().EmployeeNames(ctx, f.m.ID, []string{"tm", id, "", "nobody", "tm", "987654"})
		if err != nil {
			t.Fatal(err)
		}
		if len(names) != 2 || names["tm"] != "Tor Mo" || names[id] != "Tor Mo" {
			t.Errorf("names %v, want tm and its ID as Tor Mo", names)
		}
		if names, err := db.R().EmployeeNames(ctx, f.m.ID+1000, []string{"tm", id}); err != nil || len(names) != 0 {
			t.Errorf("another municipality's names: %v, %v", names, err)
		}
	})
}

// TestWorkListHalves checks the work list's two queries together: the
// employee's own open tasks and the unassigned open tasks of the given
// units, earliest due first and undated last, without done tasks, other
// people's tasks or other units' unassigned ones.
func TestWorkListHalves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := mustTMFixture(t, db)
		other := &torg.Unit{MunicipalityID: f.m.ID, Code: "other", Name: "Other"}
		colleague := &torg.Employee{MunicipalityID: f.m.ID, Username: "col", Name: "Col League",
			Roles: []torg.Role{torg.RoleCounsellor}, Active: true}
		day := func(d int) torg.Date { return torg.Date{Year: 2026, Month: 12, Day: d} }
		var want []int64
		mustWrite(t, db, func(q *store.Q) error {
			if err := q.CreateUnit(ctx, other); err != nil {
				return err
			}
			colleague.Units = []int64{f.u.ID}
			if err := q.CreateEmployee(ctx, colleague, "", now); err != nil {
				return err
			}
			add := func(unit, assignee int64, due torg.Date, keep bool) error {
				tk := &torg.Task{MunicipalityID: f.m.ID, UnitID: unit, CaseID: f.c.ID, AssigneeID: assignee,
					Title: "t", Due: due, CreatedBy: f.e.ID}
				if err := q.CreateTask(ctx, tk, now); err != nil {
					return err
				}
				if keep {
					want = append(want, tk.ID)
				}
				return nil
			}
			for _, a := range []struct {
				unit, assignee int64
				due            torg.Date
				keep           bool
			}{
				{f.u.ID, f.e.ID, torg.Date{}, true}, // own, undated: last
				{f.u.ID, 0, day(9), true},           // the unit's, unassigned
				{f.u.ID, f.e.ID, day(3), true},      // own
				{f.u.ID, colleague.ID, day(1), false},
				{other.ID, 0, day(2), false},
				{f.u.ID, 0, torg.Date{}, true},
			} {
				if err := add(a.unit, a.assignee, a.due, a.keep); err != nil {
					return err
				}
			}
			return nil
		})
		// Expected order: day 3 (own), day 9 (unit), then the undated by ID.
		want = []int64{want[2], want[1], want[0], want[3]}
		got, err := db.R().WorkList(ctx, f.e.ID, []int64{f.u.ID})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, tk := range got {
			ids = append(ids, tk.ID)
		}
		if !slices.Equal(ids, want) {
			t.Fatalf("work list %v, want %v", ids, want)
		}
		mustWrite(t, db, func(q *store.Q) error { return q.CompleteTask(ctx, want[0], now) })
		if got, err := db.R().WorkList(ctx, f.e.ID, nil); err != nil || len(got) != 1 || got[0].ID != want[2] {
			t.Fatalf("own tasks only, after one is done: %+v, %v", got, err)
		}
	})
}
