package store_test

import (
	"context"
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
