package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/store"
)

// The hours of the day the guide roster plans: the citizen service centre's
// opening hours, 08:00 to 16:00 (CG13).
const (
	RosterFirstHour = 8
	RosterLastHour  = 15 // the last hour a shift starts
)

// RosterHours lists the hours a shift may start, in order.
func RosterHours() []int {
	var hs []int
	for h := RosterFirstHour; h <= RosterLastHour; h++ {
		hs = append(hs, h)
	}
	return hs
}

// Roster is the guide roster of one day (CG13): which of the counter staff
// is citizen guide in each hour.
type Roster struct {
	Day, Today torg.Date
	Hours      []int
	Rows       []*RosterRow
	Guides     map[int][]string // hour → the guides' names
	Gaps       []int            // hours without a guide
	CanLead    bool             // may set everyone's hours, not only their own
}

// RosterRow is one employee's hours as guide on the roster's day.
type RosterRow struct {
	Employee *torg.Employee
	On       map[int]bool
	CanEdit  bool
}

// GuideStatus is what the guide page shows of the roster (CG13): who is
// guide now and next, and whether the viewer is.
type GuideStatus struct {
	Now, Next  []string // the guides' names this hour and the next
	Hour       int      // the hour now, in the municipality's time
	YouAreNow  bool
	YouAreNext bool
	Waiting    int  // the tickets waiting in the queue now
	Quiet      bool // no one waits: time for the guide's administrative work
}

// counterStaff: the front desk's staff take turns as guide.
func counterStaff(e *torg.Employee) bool { return e.Has(torg.RoleFrontDesk) }

// canLeadRoster: leaders and administrators plan everyone's hours.
func canLeadRoster(a *torg.Employee) bool { return a.Has(torg.RoleLeader) || a.Has(torg.RoleAdmin) }

// GuideRoster returns the guide roster of day (CG13), today's for a zero day.
func (s *Service) GuideRoster(ctx context.Context, a *torg.Employee, day torg.Date) (*Roster, error) {
	if !counterStaff(a) && !canLeadRoster(a) {
		return nil, errForbidden
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	if day.IsZero() {
		day = s.today(m)
	}
	r := s.db.R()
	staff, err := r.MunicipalityEmployees(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	shifts, err := r.GuideShifts(ctx, a.MunicipalityID, day)
	if err != nil {
		return nil, err
	}
	ro := &Roster{Day: day, Today: s.today(m), Hours: RosterHours(), Guides: map[int][]string{}, CanLead: canLeadRoster(a)}
	rows := map[int64]*RosterRow{}
	for _, e := range staff {
		if !counterStaff(e) {
			continue
		}
		row := &RosterRow{Employee: e, On: map[int]bool{}, CanEdit: ro.CanLead || e.ID == a.ID}
		rows[e.ID] = row
		ro.Rows = append(ro.Rows, row)
	}
	for _, g := range shifts {
		ro.Guides[g.Hour] = append(ro.Guides[g.Hour], g.EmployeeName)
		if row := rows[g.EmployeeID]; row != nil {
			row.On[g.Hour] = true
		}
	}
	for _, h := range ro.Hours {
		if len(ro.Guides[h]) == 0 {
			ro.Gaps = append(ro.Gaps, h)
		}
	}
	return ro, nil
}

// GuideHoursInput sets one employee's hours as guide on a day, as a form
// sends it.
type GuideHoursInput struct {
	Day        string
	EmployeeID int64
	Hours      []int
}

// SetGuideHours replaces an employee's hours as guide on a day (CG13). The
// counter staff set their own; leaders and administrators anyone's.
func (s *Service) SetGuideHours(ctx context.Context, a *torg.Employee, in GuideHoursInput) (torg.Date, error) {
	day, err := torg.ParseFormDate(in.Day)
	if err != nil {
		return day, torg.FieldError("roster_day", "roster.day_invalid")
	}
	if !canLeadRoster(a) && !(counterStaff(a) && in.EmployeeID == a.ID) {
		return day, errForbidden
	}
	e, err := s.db.R().Employee(ctx, in.EmployeeID)
	if err != nil || e.MunicipalityID != a.MunicipalityID || !e.Active {
		return day, torg.FieldError("roster_employee", "roster.employee_unknown")
	}
	if !counterStaff(e) {
		return day, torg.FieldError("roster_employee", "roster.not_counter_staff", "name", e.Name)
	}
	hours := slices.Clone(in.Hours)
	slices.Sort(hours)
	hours = slices.Compact(hours)
	for _, h := range hours {
		if h < RosterFirstHour || h > RosterLastHour {
			return day, torg.FieldError("roster_hours", "roster.hour_invalid")
		}
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return day, err
	}
	if day.Before(s.today(m)) {
		return day, torg.FieldError("roster_day", "roster.day_past")
	}
	hs := make([]string, len(hours))
	for i, h := range hours {
		hs[i] = fmt.Sprintf("%02d", h)
	}
	return day, s.db.Write(ctx, func(q *store.Q) error {
		if err := q.SetGuideHours(ctx, a.MunicipalityID, day, e.ID, hours, a.ID, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, q, a, "guide_roster.set", fmt.Sprintf("employee:%d", e.ID), 0,
			day.String()+" "+strings.Join(hs, ","))
	})
}

// GuideNow says who is citizen guide this hour and the next (CG13), for the
// guide's page and the front desk.
func (s *Service) GuideNow(ctx context.Context, a *torg.Employee) (*GuideStatus, error) {
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return nil, err
	}
	now := s.now().In(loc)
	shifts, err := s.db.R().GuideShifts(ctx, a.MunicipalityID, torg.DateOf(now))
	if err != nil {
		return nil, err
	}
	waiting, err := s.db.R().Tickets(ctx, a.MunicipalityID, store.TicketFilter{Day: torg.DateOf(now),
		Status: []string{torg.TicketWaiting}})
	if err != nil {
		return nil, err
	}
	st := &GuideStatus{Hour: now.Hour(), Waiting: len(waiting), Quiet: len(waiting) == 0}
	for _, g := range shifts {
		switch g.Hour {
		case now.Hour():
			st.Now = append(st.Now, g.EmployeeName)
			st.YouAreNow = st.YouAreNow || g.EmployeeID == a.ID
		case now.Hour() + 1:
			st.Next = append(st.Next, g.EmployeeName)
			st.YouAreNext = st.YouAreNext || g.EmployeeID == a.ID
		}
	}
	return st, nil
}
