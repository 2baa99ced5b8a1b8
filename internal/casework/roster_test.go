package casework_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestGuideRoster(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := casetest.New(t, db)
		// A second counter employee, so that they can take turns.
		anne := &torg.Employee{MunicipalityID: f.Muni.ID, Username: "ab", Name: "Anne Berg", Initials: "AB",
			Roles: []torg.Role{torg.RoleFrontDesk}, Units: []int64{f.Desk.ID}, Active: true}
		if err := db.Write(ctx, func(q *store.Q) error { return q.CreateEmployee(ctx, anne, "", casetest.Now) }); err != nil {
			t.Fatal(err)
		}
		today := "23.11.2026" // Monday; the fixture's clock is 09:00 in Oslo

		t.Run("CG13 counter staff take turns as guide by the hour", func(t *testing.T) {
			if _, err := f.Svc.SetGuideHours(ctx, f.FrontDesk, casework.GuideHoursInput{Day: today, EmployeeID: f.FrontDesk.ID,
				Hours: []int{9, 11, 9}}); err != nil {
				t.Fatal(err)
			}
			if _, err := f.Svc.SetGuideHours(ctx, f.Leader, casework.GuideHoursInput{Day: today, EmployeeID: anne.ID,
				Hours: []int{8, 10}}); err != nil {
				t.Fatal(err)
			}
			ro, err := f.Svc.GuideRoster(ctx, anne, torg.Date{Year: 2026, Month: 11, Day: 23})
			if err != nil {
				t.Fatal(err)
			}
			if len(ro.Rows) != 2 || ro.Rows[0].Employee.ID != anne.ID || ro.Rows[1].Employee.ID != f.FrontDesk.ID {
				t.Fatalf("rows = %+v, want the two counter employees and no one else", ro.Rows)
			}
			if !ro.Rows[0].On[8] || !ro.Rows[0].On[10] || ro.Rows[0].On[9] || !ro.Rows[1].On[9] || !ro.Rows[1].On[11] {
				t.Errorf("hours = %v / %v", ro.Rows[0].On, ro.Rows[1].On)
			}
			if !ro.Rows[0].CanEdit || ro.Rows[1].CanEdit || ro.CanLead {
				t.Errorf("Anne may edit her own row only: %v %v %v", ro.Rows[0].CanEdit, ro.Rows[1].CanEdit, ro.CanLead)
			}
			if want := []int{12, 13, 14, 15}; !slices.Equal(ro.Gaps, want) {
				t.Errorf("hours without a guide = %v, want %v", ro.Gaps, want)
			}
			if got := ro.Guides[9]; !slices.Equal(got, []string{"Frida Skranke"}) {
				t.Errorf("guide at 09 = %v", got)
			}
		})

		t.Run("CG13 the guide page shows who is guide now and next", func(t *testing.T) {
			st, err := f.Svc.GuideNow(ctx, anne)
			if err != nil {
				t.Fatal(err)
			}
			if st.Hour != 9 || !slices.Equal(st.Now, []string{"Frida Skranke"}) || !slices.Equal(st.Next, []string{"Anne Berg"}) ||
				st.YouAreNow || !st.YouAreNext || !st.Quiet || st.Waiting != 0 {
				t.Errorf("at 09:00 = %+v", st)
			}
			// CG13: a citizen waits; the front door is no longer quiet.
			err = db.Write(ctx, func(q *store.Q) error {
				qs := &torg.QueueService{MunicipalityID: f.Muni.ID, Code: "pas", Name: "Pas", Prefix: "A"}
				if err := q.PutQueueService(ctx, qs); err != nil {
					return err
				}
				return q.CreateTicket(ctx, &torg.Ticket{MunicipalityID: f.Muni.ID, ServiceID: qs.ID, Number: "A001",
					Day: torg.Date{Year: 2026, Month: 11, Day: 23}, Seq: 1, Status: torg.TicketWaiting, Issued: casetest.Now,
					Token: "roster-test"}, "")
			})
			if err != nil {
				t.Fatal(err)
			}
			if st, err := f.Svc.GuideNow(ctx, anne); err != nil || st.Quiet || st.Waiting != 1 {
				t.Errorf("with a ticket waiting = %+v, %v", st, err)
			}
			f.Clock.T = casetest.Now.Add(2 * time.Hour) // 11:00
			defer func() { f.Clock.T = casetest.Now }()
			if st, _ := f.Svc.GuideNow(ctx, f.FrontDesk); !st.YouAreNow || len(st.Next) != 0 {
				t.Errorf("at 11:00 = %+v", st)
			}
		})

		t.Run("CG13 only counter staff, their own hours, in opening hours, not in the past", func(t *testing.T) {
			_, err := f.Svc.SetGuideHours(ctx, anne, casework.GuideHoursInput{Day: today, EmployeeID: f.FrontDesk.ID, Hours: []int{12}})
			forbidden(t, err)
			_, err = f.Svc.SetGuideHours(ctx, f.EG, casework.GuideHoursInput{Day: today, EmployeeID: f.EG.ID, Hours: []int{12}})
			forbidden(t, err)
			_, err = f.Svc.SetGuideHours(ctx, f.Leader, casework.GuideHoursInput{Day: today, EmployeeID: f.EG.ID, Hours: []int{12}})
			wantKey(t, err, "roster.not_counter_staff")
			_, err = f.Svc.SetGuideHours(ctx, f.Leader, casework.GuideHoursInput{Day: today, EmployeeID: f.Outsider.ID + 1000, Hours: []int{12}})
			wantKey(t, err, "roster.employee_unknown")
			_, err = f.Svc.SetGuideHours(ctx, anne, casework.GuideHoursInput{Day: today, EmployeeID: anne.ID, Hours: []int{7}})
			wantKey(t, err, "roster.hour_invalid")
			_, err = f.Svc.SetGuideHours(ctx, anne, casework.GuideHoursInput{Day: "22.11.2026", EmployeeID: anne.ID, Hours: []int{9}})
			wantKey(t, err, "roster.day_past")
			_, err = f.Svc.SetGuideHours(ctx, anne, casework.GuideHoursInput{Day: "i morgen", EmployeeID: anne.ID})
			wantKey(t, err, "roster.day_invalid")
			_, err = f.Svc.GuideRoster(ctx, f.EG, torg.Date{Year: 2026, Month: 11, Day: 23})
			forbidden(t, err)
		})
	})
}

func forbidden(t *testing.T, err error) {
	t.Helper()
	if torg.ErrorCode(err) != torg.EFORBIDDEN {
		t.Errorf("error %v, want forbidden", err)
	}
}
