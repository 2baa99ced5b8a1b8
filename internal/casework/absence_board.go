package casework

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/store"
)

// AbsenceKinds lists the kinds of absence in the order forms offer them.
var AbsenceKinds = store.AbsenceKinds

// Absent reports whether an employee is away all of day (FD4), so that the
// case distribution (DC1.4) and the message inbox pass them by. A reduced
// day is not absence. A failed lookup counts as present: the work then
// waits on their list rather than being lost.
func (s *Service) Absent(ctx context.Context, employeeID int64, day torg.Date) bool {
	a, err := s.db.R().AbsentOn(ctx, employeeID, day)
	return err == nil && a != nil
}

// awayHours reads a reduced day's hours away into ab (FD4.5).
func awayHours(ab *Absence, in AbsenceInput) error {
	from, ok := clockTime(in.AwayFrom)
	if !ok {
		return torg.FieldError("absence_away_from", "absence.time_invalid")
	}
	to, ok := clockTime(in.AwayTo)
	if !ok {
		return torg.FieldError("absence_away_to", "absence.time_invalid")
	}
	if to <= from {
		return torg.FieldError("absence_away_to", "absence.time_order")
	}
	ab.AwayFrom, ab.AwayTo = from, to
	return nil
}

// clockTime reads a time of day as people type it, 12:00, 12.00, 9:30 or
// 0930, and returns it as 15:04.
func clockTime(s string) (string, bool) {
	s = strings.TrimSpace(s)
	h, m, ok := strings.Cut(strings.Replace(s, ".", ":", 1), ":")
	if !ok && len(s) == 4 {
		h, m = s[:2], s[2:]
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || len(h) > 2 || len(m) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", hh, mm), true
}

// minutes returns a 15:04 time of day as minutes after midnight.
func minutes(hm string) int {
	h, m, _ := strings.Cut(hm, ":")
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	return hh*60 + mm
}

// atClock returns the instant of a 15:04 time of day on d in loc.
func atClock(d torg.Date, hm string, loc *time.Location) time.Time {
	n := minutes(hm)
	return time.Date(d.Year, d.Month, d.Day, n/60, n%60, 0, 0, loc)
}

// midnight returns the start of d in loc.
func midnight(d torg.Date, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// absenceMeetings lists the booked meetings of an absent employee that
// fall in the absence: on its days, and for a reduced day within its hours
// away (FD4.2).
func absenceMeetings(ctx context.Context, q *store.Q, ab *Absence, loc *time.Location) ([]*torg.Appointment, error) {
	list, err := q.CounsellorAppointments(ctx, ab.EmployeeID, midnight(ab.From, loc), midnight(ab.To.AddDays(1), loc))
	if err != nil {
		return nil, err
	}
	var out []*torg.Appointment
	for _, ap := range list {
		if ap.Status != torg.AppointmentBooked {
			continue
		}
		if !ab.WholeDays() {
			d := torg.DateOf(ap.Start.In(loc))
			if !ap.Start.Before(atClock(d, ab.AwayTo, loc)) || !ap.End.After(atClock(d, ab.AwayFrom, loc)) {
				continue
			}
		}
		out = append(out, ap)
	}
	return out, nil
}

// tellLeaders gives the unit's leaders, when someone else records an
// absence that touches booked meetings, a task on their work list and a
// notice to pass it on to those affected (FD4.2). The words never name
// the kind of absence, which may be sick leave.
func (s *Service) tellLeaders(ctx context.Context, tx *store.Q, a *torg.Employee, u *torg.Unit, ab *Absence) error {
	m, err := s.municipality(ctx, u.MunicipalityID)
	if err != nil {
		return err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return err
	}
	meetings, err := absenceMeetings(ctx, tx, ab, loc)
	if err != nil || len(meetings) == 0 {
		return err
	}
	e, err := tx.Employee(ctx, ab.EmployeeID)
	if err != nil {
		return err
	}
	leaders, err := tx.UnitEmployees(ctx, u.ID, torg.RoleLeader)
	if err != nil {
		return err
	}
	pr := s.printer(m)
	args := []any{"name", e.Name, "from", pr.Date(ab.From.Time()), "to", pr.Date(ab.To.Time()), "n", len(meetings)}
	for _, l := range leaders {
		if l.ID == a.ID {
			continue // the leader who records it sees the list at once
		}
		t := &torg.Task{MunicipalityID: m.ID, UnitID: u.ID, AssigneeID: l.ID, Title: pr.T("absence.inform_task", args...),
			Detail: pr.T("absence.inform_detail"), Due: s.today(m), CreatedBy: a.ID}
		if err := tx.CreateTask(ctx, t, s.now()); err != nil {
			return err
		}
		if err := s.NotifyEmployee(ctx, tx, l.ID, pr.T("absence.inform_notice", args...)); err != nil {
			return err
		}
	}
	return nil
}

// backOn returns the first working day from day on that none of abs keeps
// the employee away.
func backOn(cal *calendar.Calendar, abs []*Absence, day torg.Date) torg.Date {
	for range 3660 {
		moved := false
		if w := cal.AddWorkingDays(day, 0); w != day {
			day, moved = w, true
		}
		for _, a := range abs {
			if a.WholeDays() && a.Covers(day) {
				day, moved = a.To.AddDays(1), true
			}
		}
		if !moved {
			break
		}
	}
	return day
}

// unitAway is who of a unit's counsellors is away: whether all of them are
// away all of today (FD4.1) and, if so, the first working day one of them
// is back and who.
type unitAway struct {
	Counsellors []*torg.Employee
	AllAway     bool
	Back        torg.Date
	BackNames   []string
}

func (s *Service) unitAway(ctx context.Context, u *torg.Unit, cal *calendar.Calendar, today torg.Date,
	abs []*Absence) (unitAway, error) {
	var w unitAway
	cs, err := s.db.R().UnitEmployees(ctx, u.ID, torg.RoleCounsellor)
	if err != nil || len(cs) == 0 {
		return w, err
	}
	w.Counsellors, w.AllAway = cs, true
	for _, c := range cs {
		mine := slices.DeleteFunc(slices.Clone(abs), func(a *Absence) bool { return a.EmployeeID != c.ID })
		if !slices.ContainsFunc(mine, func(a *Absence) bool { return a.WholeDays() && a.Covers(today) }) {
			return unitAway{Counsellors: cs}, nil
		}
		switch back := backOn(cal, mine, today); {
		case w.Back.IsZero() || back.Before(w.Back):
			w.Back, w.BackNames = back, []string{c.Name}
		case back == w.Back:
			w.BackNames = append(w.BackNames, c.Name)
		}
	}
	return w, nil
}

// UnitAlert says that every counsellor of a service is away today (FD4.1),
// and when the first of them is back.
type UnitAlert struct {
	Unit      *torg.Unit
	Back      torg.Date
	BackNames []string
}

// AbsenceAlerts lists, for the front desk (who also answer the phone:
// torg has no switchboard role of its own), the services they serve whose
// counsellors are all away today (FD4.1). Everyone else gets none.
func (s *Service) AbsenceAlerts(ctx context.Context, a *torg.Employee) ([]UnitAlert, error) {
	if a == nil || !a.Has(torg.RoleFrontDesk) {
		return nil, nil
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	cal, err := s.muniCalendar(ctx, m)
	if err != nil {
		return nil, err
	}
	today := s.today(m)
	var out []UnitAlert
	for _, id := range a.Units {
		u, err := s.db.R().Unit(ctx, id)
		if err != nil || u.MunicipalityID != a.MunicipalityID {
			continue
		}
		cs, err := s.db.R().UnitEmployees(ctx, id, torg.RoleCounsellor)
		if err != nil {
			return nil, err
		}
		abs, err := s.db.R().Absences(ctx, employeeIDs(cs), today)
		if err != nil {
			return nil, err
		}
		w, err := s.unitAway(ctx, u, cal, today, abs)
		if err != nil {
			return nil, err
		}
		if w.AllAway {
			out = append(out, UnitAlert{Unit: u, Back: w.Back, BackNames: w.BackNames})
		}
	}
	return out, nil
}

func employeeIDs(es []*torg.Employee) []int64 {
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	return ids
}

// AbsenceBoard is who is away, per service the viewer works in (FD4).
type AbsenceBoard struct {
	Today torg.Date
	Units []*BoardUnit
}

// BoardUnit is one service on the absence board.
type BoardUnit struct {
	Unit    *torg.Unit
	AllAway bool      // every counsellor is away all of today (FD4.1)
	Back    torg.Date // then: the first working day one of them is back
	Rows    []*BoardRow
	// Staff are those whose absence the viewer may record here: anyone's
	// for a leader of the unit, their own for a counsellor, none for the
	// front desk.
	Staff   []*torg.Employee
	CanLead bool
}

// BoardRow is one absence as the viewer may see it. Only the employee and
// their leaders see its kind and note: sick leave is health information.
// Everyone sees a reduced day's hours (FD4.5).
type BoardRow struct {
	ID                 int64
	EmployeeID         int64
	EmployeeName       string
	Initials           string
	Kind               string // "" when the viewer may not see it; then just "away"
	From, To           torg.Date
	AwayFrom, AwayTo   string
	Note               string
	AwayToday          bool
	Own                bool
	Meetings, Informed int // for leaders: booked meetings in it, and those whose people were told
}

// AbsenceBoard returns the absence board of the front desk, counsellors
// and leaders: the services they work in that have counsellors, with the
// absences from today on of their counsellors and leaders.
func (s *Service) AbsenceBoard(ctx context.Context, a *torg.Employee) (*AbsenceBoard, error) {
	if err := canSeePersons(a); err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return nil, err
	}
	cal, err := s.muniCalendar(ctx, m)
	if err != nil {
		return nil, err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return nil, err
	}
	b := &AbsenceBoard{Today: s.today(m)}
	r := s.db.R()
	for _, id := range a.Units {
		u, err := r.Unit(ctx, id)
		if err != nil || u.MunicipalityID != a.MunicipalityID {
			continue
		}
		staff, err := s.distributionStaff(ctx, id)
		if err != nil {
			return nil, err
		}
		abs, err := r.Absences(ctx, employeeIDs(staff), b.Today)
		if err != nil {
			return nil, err
		}
		w, err := s.unitAway(ctx, u, cal, b.Today, abs)
		if err != nil {
			return nil, err
		}
		if len(w.Counsellors) == 0 {
			continue
		}
		bu := &BoardUnit{Unit: u, AllAway: w.AllAway, Back: w.Back, CanLead: canLeadUnit(a, u) == nil}
		switch {
		case bu.CanLead:
			bu.Staff = staff
		case a.Has(torg.RoleCounsellor):
			bu.Staff = slices.DeleteFunc(slices.Clone(staff), func(e *torg.Employee) bool { return e.ID != a.ID })
		}
		for _, ab := range abs {
			row, err := s.boardRow(ctx, a, bu, ab, b.Today, loc)
			if err != nil {
				return nil, err
			}
			bu.Rows = append(bu.Rows, row)
		}
		b.Units = append(b.Units, bu)
	}
	return b, nil
}

func (s *Service) boardRow(ctx context.Context, a *torg.Employee, bu *BoardUnit, ab *Absence, today torg.Date,
	loc *time.Location) (*BoardRow, error) {
	row := &BoardRow{ID: ab.ID, EmployeeID: ab.EmployeeID, EmployeeName: ab.EmployeeName, Initials: ab.Initials,
		From: ab.From, To: ab.To, AwayFrom: ab.AwayFrom, AwayTo: ab.AwayTo, Own: ab.EmployeeID == a.ID,
		AwayToday: ab.WholeDays() && ab.Covers(today)}
	if row.Own || bu.CanLead {
		row.Kind, row.Note = ab.Kind, ab.Note
	} else if !ab.WholeDays() {
		row.Kind = ab.Kind
	}
	if !bu.CanLead {
		return row, nil
	}
	meetings, err := absenceMeetings(ctx, s.db.R(), ab, loc)
	if err != nil {
		return nil, err
	}
	marks, err := s.db.R().InformedMarks(ctx, ab.ID)
	if err != nil {
		return nil, err
	}
	row.Meetings = len(meetings)
	for _, ap := range meetings {
		if _, ok := marks[ap.ID]; ok {
			row.Informed++
		}
	}
	return row, nil
}

// AbsenceImpact is the leader's list of whom to tell of an absence (FD4.2,
// FD4.4): the booked meetings in it, with the citizens, partner agencies
// and interpreters to tell.
type AbsenceImpact struct {
	Unit     *torg.Unit
	Absence  *Absence
	Meetings []*ImpactMeeting
}

// ImpactMeeting is one meeting an absence touches.
type ImpactMeeting struct {
	*torg.Appointment
	// Cleared: the leader is cleared for every party of the case (DC1.3);
	// otherwise the case is neither named nor linked, and its people are
	// left out.
	Cleared  bool
	Case     string // the case number
	People   []ImpactPerson
	Informed *store.InformedMark // nil until the leader marks them told
}

// ImpactPerson is a citizen to tell, with the phone number to call.
type ImpactPerson struct{ Name, Phone string }

// Informed counts the meetings whose people were told.
func (v *AbsenceImpact) Informed() int {
	n := 0
	for _, mt := range v.Meetings {
		if mt.Informed != nil {
			n++
		}
	}
	return n
}

// AbsenceImpact returns the leader's list of whom to tell of an absence
// of someone in their unit. Reading it is audited for each person named.
func (s *Service) AbsenceImpact(ctx context.Context, a *torg.Employee, unitID, absenceID int64) (*AbsenceImpact, error) {
	v, ids, err := s.absenceImpact(ctx, a, unitID, absenceID)
	if err != nil {
		return nil, err
	}
	if err := s.auditRead(ctx, a, "absence.impact", obj("absence", absenceID), ids...); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Service) absenceImpact(ctx context.Context, a *torg.Employee, unitID, absenceID int64) (*AbsenceImpact, []int64, error) {
	u, err := s.ledUnit(ctx, a, unitID)
	if err != nil {
		return nil, nil, err
	}
	r := s.db.R()
	ab, err := r.Absence(ctx, absenceID)
	if err != nil {
		return nil, nil, notFound()
	}
	if e, err := r.Employee(ctx, ab.EmployeeID); err != nil || e.MunicipalityID != u.MunicipalityID || !e.InUnit(u.ID) {
		return nil, nil, notFound()
	}
	m, err := s.municipality(ctx, u.MunicipalityID)
	if err != nil {
		return nil, nil, err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return nil, nil, err
	}
	meetings, err := absenceMeetings(ctx, r, ab, loc)
	if err != nil {
		return nil, nil, err
	}
	marks, err := r.InformedMarks(ctx, ab.ID)
	if err != nil {
		return nil, nil, err
	}
	v := &AbsenceImpact{Unit: u, Absence: ab}
	var persons []int64
	for _, ap := range meetings {
		mt := &ImpactMeeting{Appointment: ap}
		if mk, ok := marks[ap.ID]; ok {
			mt.Informed = &mk
		}
		c, err := r.Case(ctx, m.ID, ap.CaseID)
		if err != nil {
			return nil, nil, err
		}
		if mt.Cleared = clearedFor(a, c); mt.Cleared {
			mt.Case = c.Number()
			for _, p := range c.Parties {
				if p.PersonID == 0 {
					continue
				}
				person, err := r.Person(ctx, m.ID, p.PersonID)
				if err != nil {
					return nil, nil, err
				}
				mt.People = append(mt.People, ImpactPerson{Name: p.Name, Phone: person.Phone})
				persons = append(persons, p.PersonID)
			}
		}
		v.Meetings = append(v.Meetings, mt)
	}
	return v, persons, nil
}

// MarkInformed records that the leader told the people of one meeting of
// the absence (FD4.4), and notes it on the case the leader is cleared for.
// The note says "absence", never its kind.
func (s *Service) MarkInformed(ctx context.Context, a *torg.Employee, unitID, absenceID, appointmentID int64) error {
	v, _, err := s.absenceImpact(ctx, a, unitID, absenceID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(v.Meetings, func(mt *ImpactMeeting) bool { return mt.ID == appointmentID })
	if i < 0 {
		return notFound()
	}
	mt := v.Meetings[i]
	m, err := s.municipality(ctx, a.MunicipalityID)
	if err != nil {
		return err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return err
	}
	pr := s.printer(m)
	ab := v.Absence
	body := pr.T("absence.informed_note", "name", ab.EmployeeName, "from", pr.Date(ab.From.Time()),
		"to", pr.Date(ab.To.Time()), "when", pr.In(loc).DateTime(mt.Start))
	return s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.MarkInformed(ctx, ab.ID, mt.ID, a.ID, s.now()); err != nil {
			return err
		}
		var person int64
		if mt.Cleared {
			if err := tx.CreateNote(ctx, &torg.Note{CaseID: mt.CaseID, AuthorID: a.ID, Body: body}, s.now()); err != nil {
				return err
			}
			c, err := tx.Case(ctx, m.ID, mt.CaseID)
			if err != nil {
				return err
			}
			person = firstParty(c)
		}
		return s.audit(ctx, tx, a, "absence.informed", obj("appointment", mt.ID), person, obj("absence", ab.ID))
	})
}

// feedWindow is how far ahead a reduced day is written into the calendar
// feed, day by day.
const feedWindow = 366

// absenceEvents writes an employee's absences from 30 days back on as
// iCalendar events (FD4.3, FD4.5): a whole-day absence as one all-day
// event, a reduced day as its hours away on each working day. Sick leave
// reads as plain absence, for calendars are shared.
func (s *Service) absenceEvents(ctx context.Context, e *torg.Employee, now time.Time) (string, error) {
	m, err := s.municipality(ctx, e.MunicipalityID)
	if err != nil {
		return "", err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return "", err
	}
	cal, err := s.muniCalendar(ctx, m)
	if err != nil {
		return "", err
	}
	today := torg.DateOf(now.In(loc))
	abs, err := s.db.R().Absences(ctx, []int64{e.ID}, today.AddDays(-30))
	if err != nil {
		return "", err
	}
	pr := s.printer(m)
	var b strings.Builder
	line := func(name, value string) { b.WriteString(foldLine(name + ":" + value)) }
	for _, ab := range abs {
		uid := fmt.Sprintf("absence-%d-%d", m.ID, ab.ID)
		if ab.WholeDays() {
			line("BEGIN", "VEVENT")
			line("UID", uid+"@torg")
			line("DTSTAMP", icalTime(now))
			line("DTSTART;VALUE=DATE", icalDate(ab.From))
			line("DTEND;VALUE=DATE", icalDate(ab.To.AddDays(1)))
			line("SUMMARY", icalEscape(absenceSummary(pr, ab)))
			line("TRANSP", "OPAQUE")
			line("END", "VEVENT")
			continue
		}
		last := today.AddDays(feedWindow)
		if ab.To.Before(last) {
			last = ab.To
		}
		for d := ab.From; !last.Before(d); d = d.AddDays(1) {
			if !cal.IsWorkingDay(d) || d.Before(today.AddDays(-30)) {
				continue
			}
			line("BEGIN", "VEVENT")
			line("UID", uid+"-"+icalDate(d)+"@torg")
			line("DTSTAMP", icalTime(now))
			line("DTSTART", icalTime(atClock(d, ab.AwayFrom, loc)))
			line("DTEND", icalTime(atClock(d, ab.AwayTo, loc)))
			line("SUMMARY", icalEscape(absenceSummary(pr, ab)))
			line("TRANSP", "OPAQUE")
			line("END", "VEVENT")
		}
	}
	return b.String(), nil
}

// withAbsences adds an employee's absences to their calendar feed.
func (s *Service) withAbsences(ctx context.Context, e *torg.Employee, cal []byte, now time.Time) ([]byte, error) {
	events, err := s.absenceEvents(ctx, e, now)
	if err != nil {
		return nil, err
	}
	const end = "END:VCALENDAR\r\n"
	head, ok := strings.CutSuffix(string(cal), end)
	if !ok {
		return nil, fmt.Errorf("casework: calendar feed does not end with %q", end)
	}
	return []byte(head + events + end), nil
}

// absenceSummary names an absence in a calendar: its kind, except sick
// leave, which reads as plain absence.
func absenceSummary(pr *i18n.Printer, ab *Absence) string {
	switch ab.Kind {
	case store.AbsenceVacation, store.AbsenceCourse:
		return pr.T("absence.ical_" + ab.Kind)
	case store.AbsenceReducedDay:
		return pr.T("absence.ical_reduced_day", "from", ab.AwayFrom, "to", ab.AwayTo)
	}
	return pr.T("absence.ical_away")
}

func icalDate(d torg.Date) string { return d.Time().Format("20060102") }
