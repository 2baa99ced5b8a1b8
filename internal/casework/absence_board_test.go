package casework_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/casework"
	"github.com/torg-kommune/torg/internal/casework/casetest"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

// The fixture's today is Monday 23 November 2026; its counsellors EG and
// KH work in the debt counselling unit, the front desk serves it.

func addAbsence(t *testing.T, f *casetest.Fixture, by, who *torg.Employee, kind, from, to string, hours ...string) *casework.Absence {
	t.Helper()
	in := casework.AbsenceInput{EmployeeID: who.ID, Kind: kind, From: from, To: to}
	if len(hours) == 2 {
		in.AwayFrom, in.AwayTo = hours[0], hours[1]
	}
	a, err := f.Svc.AddAbsence(ctx, by, f.Debt.ID, in)
	if err != nil {
		t.Fatalf("add %s absence of %s: %v", kind, who.Username, err)
	}
	return a
}

func dropAbsence(t *testing.T, f *casetest.Fixture, a *casework.Absence) {
	t.Helper()
	if err := f.Svc.DeleteAbsence(ctx, f.Leader, f.Debt.ID, a.ID); err != nil {
		t.Fatal(err)
	}
}

func date(t *testing.T, s string) torg.Date {
	t.Helper()
	d, err := torg.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestAbsenceAlerts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		alerts := func(t *testing.T, a *torg.Employee) []casework.UnitAlert {
			t.Helper()
			as, err := f.Svc.AbsenceAlerts(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			return as
		}
		eg := addAbsence(t, f, f.EG, f.EG, "vacation", "2026-11-20", "2026-11-30")
		t.Run("FD4.1 one counsellor away: the desk is not told", func(t *testing.T) {
			if as := alerts(t, f.FrontDesk); len(as) != 0 {
				t.Errorf("alerts %+v, want none", as)
			}
		})
		t.Run("FD4.5 a reduced day is not away all day: the desk is not told", func(t *testing.T) {
			kh := addAbsence(t, f, f.KH, f.KH, "reduced_day", "2026-11-23", "2026-11-27", "12:00", "15:30")
			defer dropAbsence(t, f, kh)
			if as := alerts(t, f.FrontDesk); len(as) != 0 {
				t.Errorf("alerts %+v, want none", as)
			}
		})
		t.Run("FD4.1 all counsellors away: the front desk sees the service and the first day one is back", func(t *testing.T) {
			kh := addAbsence(t, f, f.Leader, f.KH, "sick", "2026-11-23", "2026-11-27")
			defer dropAbsence(t, f, kh)
			as := alerts(t, f.FrontDesk)
			// KH is back on Monday 30 November, after the weekend; EG on 1 December.
			if len(as) != 1 || as[0].Unit.ID != f.Debt.ID || as[0].Back != date(t, "2026-11-30") ||
				!slices.Equal(as[0].BackNames, []string{f.KH.Name}) {
				t.Errorf("alerts %+v, want the debt unit, back on 30.11 with KH", as)
			}
			for _, e := range []*torg.Employee{f.EG, f.Leader, f.Admin} {
				if as := alerts(t, e); len(as) != 0 {
					t.Errorf("%s is told: %+v; only the front desk is", e.Username, as)
				}
			}
		})
		t.Run("FD4.1 back-to-back absences: back when the last ends", func(t *testing.T) {
			kh := addAbsence(t, f, f.Leader, f.KH, "sick", "2026-11-23", "2026-11-25")
			course := addAbsence(t, f, f.KH, f.KH, "course", "2026-11-26", "2026-12-02")
			defer dropAbsence(t, f, kh)
			defer dropAbsence(t, f, course)
			if as := alerts(t, f.FrontDesk); len(as) != 1 || as[0].Back != date(t, "2026-12-01") ||
				!slices.Equal(as[0].BackNames, []string{f.EG.Name}) {
				t.Errorf("alerts %+v, want back on 1.12 with EG", as)
			}
		})
		dropAbsence(t, f, eg)
	})
}

// absenceCase books a meeting with Kari in her case for EG.
func bookFor(t *testing.T, f *casetest.Fixture, caseID int64, day, start, end string) *torg.Appointment {
	t.Helper()
	ap, err := f.Svc.BookAppointment(ctx, f.EG, caseID, casework.AppointmentInput{Date: day, Start: start, End: end,
		Place: "Hjemmebesøk", WithAgency: "NAV Torgvik", Interpreter: "arabisk"})
	if err != nil {
		t.Fatal(err)
	}
	return ap
}

func TestAbsenceImpact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		c := startDebtCase(t, f, casetest.Now)
		tue := bookFor(t, f, c.ID, "2026-11-24", "10:00", "11:00")
		wed := bookFor(t, f, c.ID, "2026-11-25", "13:00", "14:00")
		bookFor(t, f, c.ID, "2026-11-30", "10:00", "11:00") // after the absence
		var sick *casework.Absence
		t.Run("FD4.2 an employee records their own absence: the leader gets a task and a notice", func(t *testing.T) {
			sick = addAbsence(t, f, f.EG, f.EG, "sick", "2026-11-24", "2026-11-26")
			tasks, err := f.DB.R().WorkList(ctx, f.Leader.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(tasks, func(tk *torg.Task) bool { return strings.Contains(tk.Title, f.EG.Name) })
			if i < 0 || tasks[i].AssigneeID != f.Leader.ID || !strings.Contains(tasks[i].Title, "(møter: 2)") ||
				strings.Contains(strings.ToLower(tasks[i].Title), "syk") {
				t.Fatalf("the leader's tasks %+v: want one to inform about EG's 2 meetings, not saying sick", tasks)
			}
			p, err := f.Svc.Notices(ctx, f.Leader)
			if err != nil || p.Unread != 1 || !strings.Contains(p.Notices[0].Body, f.EG.Name) {
				t.Errorf("the leader's notices %+v, %v", p, err)
			}
			if others, _ := f.DB.R().WorkList(ctx, f.KH.ID, []int64{f.Debt.ID}); slices.ContainsFunc(others,
				func(tk *torg.Task) bool { return strings.Contains(tk.Title, f.EG.Name) }) {
				t.Error("a colleague got the leader's task")
			}
		})
		t.Run("FD4.2 the leader's list: the meetings in the absence with whom to tell", func(t *testing.T) {
			v, err := f.Svc.AbsenceImpact(ctx, f.Leader, f.Debt.ID, sick.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Meetings) != 2 || v.Meetings[0].ID != tue.ID || v.Meetings[1].ID != wed.ID {
				t.Fatalf("meetings %+v, want Tuesday's and Wednesday's", v.Meetings)
			}
			m := v.Meetings[0]
			if !m.Cleared || m.Case != c.Number() || len(m.People) != 1 || m.People[0].Name != "Kari Nordmann" ||
				m.People[0].Phone != f.Kari.Phone || m.WithAgency != "NAV Torgvik" || m.Interpreter != "arabisk" {
				t.Errorf("meeting %+v %+v", m, m.People)
			}
			if !audited(t, f, "absence.impact", f.Kari.ID) {
				t.Error("reading the list is not audited for Kari")
			}
			for _, e := range []*torg.Employee{f.EG, f.FrontDesk, f.Outsider} {
				if _, err := f.Svc.AbsenceImpact(ctx, e, f.Debt.ID, sick.ID); torg.ErrorCode(err) != torg.EFORBIDDEN {
					t.Errorf("%s: err = %v, want EFORBIDDEN", e.Username, err)
				}
			}
		})
		t.Run("FD4.4 the leader marks whom they told; the case notes it without the kind of absence", func(t *testing.T) {
			if err := f.Svc.MarkInformed(ctx, f.Leader, f.Debt.ID, sick.ID, tue.ID); err != nil {
				t.Fatal(err)
			}
			v, _ := f.Svc.AbsenceImpact(ctx, f.Leader, f.Debt.ID, sick.ID)
			if v.Informed() != 1 || v.Meetings[0].Informed == nil || v.Meetings[0].Informed.By != f.Leader.ID {
				t.Errorf("informed %d, %+v", v.Informed(), v.Meetings[0].Informed)
			}
			notes, err := f.DB.R().CaseNotes(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(notes, func(n *torg.Note) bool { return strings.Contains(n.Body, f.EG.Name) })
			if i < 0 || !strings.Contains(notes[i].Body, "24.11.2026 10:00") || strings.Contains(strings.ToLower(notes[i].Body), "syk") {
				t.Errorf("notes %+v", notes)
			}
			if err := f.Svc.MarkInformed(ctx, f.Leader, f.Debt.ID, sick.ID, 99999); torg.ErrorCode(err) != torg.ENOTFOUND {
				t.Errorf("a meeting not in the absence: %v", err)
			}
			if err := f.Svc.MarkInformed(ctx, f.EG, f.Debt.ID, sick.ID, wed.ID); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("the absent one marks: %v", err)
			}
		})
		t.Run("FD4.4 the board shows the leader how many were told, and the kind only to the leader and the employee", func(t *testing.T) {
			row := func(a *torg.Employee) *casework.BoardRow {
				b, err := f.Svc.AbsenceBoard(ctx, a)
				if err != nil || len(b.Units) != 1 || len(b.Units[0].Rows) != 1 {
					t.Fatalf("%s's board %+v, %v", a.Username, b, err)
				}
				return b.Units[0].Rows[0]
			}
			if r := row(f.Leader); r.Kind != "sick" || r.Meetings != 2 || r.Informed != 1 {
				t.Errorf("leader's row %+v", r)
			}
			if r := row(f.EG); r.Kind != "sick" || !r.Own || r.Meetings != 0 {
				t.Errorf("own row %+v", r)
			}
			for _, e := range []*torg.Employee{f.KH, f.FrontDesk} {
				if r := row(e); r.Kind != "" || r.Note != "" {
					t.Errorf("%s sees the kind: %+v", e.Username, r)
				}
			}
			if _, err := f.Svc.AbsenceBoard(ctx, f.Admin); torg.ErrorCode(err) != torg.EFORBIDDEN {
				t.Errorf("admin: %v", err)
			}
		})
		t.Run("FD4.5 a reduced day touches only the meetings in its hours", func(t *testing.T) {
			dropAbsence(t, f, sick)
			red := addAbsence(t, f, f.Leader, f.EG, "reduced_day", "2026-11-24", "2026-11-25", "12:00", "15:30")
			v, err := f.Svc.AbsenceImpact(ctx, f.Leader, f.Debt.ID, red.ID)
			if err != nil || len(v.Meetings) != 1 || v.Meetings[0].ID != wed.ID {
				t.Errorf("meetings %+v, %v; want only Wednesday's at 13:00", v, err)
			}
			dropAbsence(t, f, red)
		})
	})
}

func audited(t *testing.T, f *casetest.Fixture, action string, person int64) bool {
	t.Helper()
	found := false
	err := f.DB.R().AuditEvents(ctx, 0, func(e *torg.AuditEvent) error {
		found = found || e.Action == action && e.PersonID == person
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func TestAbsenceCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		path, err := f.Svc.FeedURL(ctx, f.KH)
		if err != nil {
			t.Fatal(err)
		}
		token := strings.TrimSuffix(strings.TrimPrefix(path, "/calendar/"), ".ics")
		addAbsence(t, f, f.KH, f.KH, "vacation", "2026-12-21", "2026-12-31")
		addAbsence(t, f, f.Leader, f.KH, "sick", "2026-11-23", "2026-11-24")
		addAbsence(t, f, f.KH, f.KH, "reduced_day", "2026-11-26", "2026-12-01", "12:00", "15:30")
		addAbsence(t, f, f.EG, f.EG, "course", "2026-11-26", "2026-11-26") // someone else's
		data, err := f.Svc.CalendarFeed(ctx, token)
		if err != nil {
			t.Fatal(err)
		}
		checkICal(t, data)
		s := string(data)
		t.Run("FD4.3 absence is in the employee's calendar as all-day events", func(t *testing.T) {
			for _, want := range []string{
				"DTSTART;VALUE=DATE:20261221\r\nDTEND;VALUE=DATE:20270101\r\nSUMMARY:Fravær: ferie\r\n",
				"DTSTART;VALUE=DATE:20261123\r\nDTEND;VALUE=DATE:20261125\r\nSUMMARY:Fravær\r\n",
			} {
				if !strings.Contains(s, want) {
					t.Errorf("feed lacks %q:\n%s", want, s)
				}
			}
			if strings.Contains(strings.ToLower(s), "syk") || strings.Contains(s, "kurs") {
				t.Errorf("the feed names sick leave, or has another's course:\n%s", s)
			}
		})
		t.Run("FD4.5 a reduced day is its hours away on each working day", func(t *testing.T) {
			// Thursday 26, Friday 27, Monday 30 November and Tuesday 1 December;
			// Oslo is UTC+1 in winter.
			var days []string
			for _, l := range strings.Split(s, "\r\n") {
				if d, ok := strings.CutPrefix(l, "DTSTART:"); ok && strings.HasSuffix(d, "T110000Z") {
					days = append(days, d[:8])
				}
			}
			if want := []string{"20261126", "20261127", "20261130", "20261201"}; !slices.Equal(days, want) {
				t.Errorf("reduced days %v, want %v", days, want)
			}
			if !strings.Contains(s, "DTEND:20261126T143000Z\r\nSUMMARY:Redusert arbeidsdag: borte 12:00–15:30\r\n") {
				t.Errorf("feed:\n%s", s)
			}
		})
	})
}

func TestAbsenceInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		in := func(kind, from, to, af, at string) casework.AbsenceInput {
			return casework.AbsenceInput{EmployeeID: f.EG.ID, Kind: kind, From: from, To: to, AwayFrom: af, AwayTo: at}
		}
		addAbsence(t, f, f.EG, f.EG, "vacation", "2026-12-01", "2026-12-10")
		t.Run("FD4 a wrong kind or reduced day is refused with a clear message", func(t *testing.T) {
			for _, tc := range []struct {
				name, field, key string
				in               casework.AbsenceInput
			}{
				{"an unknown kind", "absence_kind", "absence.kind_invalid", in("holiday", "2027-01-04", "2027-01-05", "", "")},
				{"a reduced day without hours", "absence_away_from", "absence.time_invalid", in("reduced_day", "2027-01-04", "2027-01-05", "", "")},
				{"a reduced day at 25:00", "absence_away_to", "absence.time_invalid", in("reduced_day", "2027-01-04", "2027-01-05", "12:00", "25:00")},
				{"a reduced day back to front", "absence_away_to", "absence.time_order", in("reduced_day", "2027-01-04", "2027-01-05", "15:00", "12:00")},
				{"two whole-day absences overlap", "absence_from", "absence.overlap", in("sick", "2026-12-10", "2026-12-11", "", "")},
			} {
				_, err := f.Svc.AddAbsence(ctx, f.EG, f.Debt.ID, tc.in)
				if e := torg.AsError(err); e == nil || e.Code != torg.EINVALID || e.Field != tc.field || e.Key != tc.key {
					t.Errorf("%s: err = %v, want %s on %s", tc.name, err, tc.key, tc.field)
				}
			}
		})
		t.Run("FD4.5 a reduced day may run through a vacation, not through another reduced day", func(t *testing.T) {
			a, err := f.Svc.AddAbsence(ctx, f.EG, f.Debt.ID, in("reduced_day", "2026-11-30", "2026-12-31", "12.00", "1530"))
			if err != nil || a.AwayFrom != "12:00" || a.AwayTo != "15:30" {
				t.Fatalf("reduced day %+v, %v", a, err)
			}
			_, err = f.Svc.AddAbsence(ctx, f.EG, f.Debt.ID, in("reduced_day", "2026-12-20", "2027-01-10", "08:00", "09:00"))
			if e := torg.AsError(err); e == nil || e.Key != "absence.overlap" {
				t.Errorf("overlapping reduced days: %v", err)
			}
		})
		t.Run("FD4 without a kind, an absence is other; hours go with reduced days only", func(t *testing.T) {
			a, err := f.Svc.AddAbsence(ctx, f.EG, f.Debt.ID, in("", "2027-02-01", "2027-02-02", "12:00", "13:00"))
			if err != nil || a.Kind != store.AbsenceOther || a.AwayFrom != "" || a.AwayTo != "" {
				t.Errorf("absence %+v, %v", a, err)
			}
		})
	})
}

func TestAbsentSkipsDistribution(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newDistFixture(t, db)
		f.settings(t, casework.DistributionSettings{By: casework.ByBirthDay, FallbackID: f.AG.ID})
		addAbsence(t, f.Fixture, f.Leader, f.KH, "reduced_day", "2026-11-23", "2026-11-27", "12:00", "15:30")
		t.Run("DC1.4 a reduced day still gets new cases", func(t *testing.T) {
			if f.Svc.Absent(ctx, f.KH.ID, date(t, "2026-11-23")) {
				t.Error("a reduced day counts as absent")
			}
			if c := f.applyBorn(t, 14); c.ResponsibleID != f.KH.ID {
				t.Errorf("born on the 14th → %d, want KH", c.ResponsibleID)
			}
		})
		addAbsence(t, f.Fixture, f.EG, f.EG, "sick", "2026-11-23", "2026-11-23")
		t.Run("DC1.4 a sick counsellor is absent, and the case goes to the fallback", func(t *testing.T) {
			if !f.Svc.Absent(ctx, f.EG.ID, date(t, "2026-11-23")) || f.Svc.Absent(ctx, f.EG.ID, date(t, "2026-11-24")) {
				t.Error("Absent: want EG away on the 23rd only")
			}
			if c := f.applyBorn(t, 5); c.ResponsibleID != f.AG.ID {
				t.Errorf("born on the 5th → %d, want the fallback AG", c.ResponsibleID)
			}
		})
	})
}

func TestNotices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := casetest.New(t, db)
		wake, stop := f.Svc.WatchNotices(f.EG.ID)
		defer stop()
		notify := func(e *torg.Employee, text string) error {
			return f.DB.Write(ctx, func(q *store.Q) error { return f.Svc.NotifyEmployee(ctx, q, e.ID, text) })
		}
		t.Run("DM3 a notice reaches the employee's page, and wakes it", func(t *testing.T) {
			if err := notify(f.EG, "  Hjemmebesøket kl. 10:00 hos Kari er avlyst. <b>Ikke kjør.</b> "); err != nil {
				t.Fatal(err)
			}
			select {
			case <-wake:
			case <-time.After(time.Second):
				t.Fatal("the watcher was not woken")
			}
			p, err := f.Svc.Notices(ctx, f.EG)
			if err != nil || len(p.Notices) != 1 || p.Unread != 1 || p.Last != p.Notices[0].ID ||
				p.Notices[0].Body != "Hjemmebesøket kl. 10:00 hos Kari er avlyst. <b>Ikke kjør.</b>" {
				t.Fatalf("page %+v, %v", p, err)
			}
			if p, _ := f.Svc.Notices(ctx, f.KH); len(p.Notices) != 0 {
				t.Error("another employee sees it")
			}
		})
		t.Run("DM3 read up to what the page showed; a later notice stays unread", func(t *testing.T) {
			p, _ := f.Svc.Notices(ctx, f.EG)
			if err := notify(f.EG, "Ny tid: kl. 13:00"); err != nil {
				t.Fatal(err)
			}
			if err := f.Svc.ReadNotices(ctx, f.EG, p.Last); err != nil {
				t.Fatal(err)
			}
			if n, err := f.Svc.UnreadNotices(ctx, f.EG); err != nil || n != 1 {
				t.Errorf("unread %d, %v; want 1", n, err)
			}
			after, err := f.Svc.NoticesAfter(ctx, f.EG, p.Last)
			if err != nil || len(after) != 1 || after[0].Body != "Ny tid: kl. 13:00" {
				t.Errorf("after %+v, %v", after, err)
			}
		})
		t.Run("DM3 an empty notice is refused, a long one cut", func(t *testing.T) {
			if err := notify(f.EG, " \n "); torg.ErrorCode(err) != torg.EINVALID {
				t.Errorf("empty: %v", err)
			}
			if err := notify(f.EG, strings.Repeat("å", 5000)); err != nil {
				t.Fatal(err)
			}
			p, _ := f.Svc.Notices(ctx, f.EG)
			if n := len([]rune(p.Notices[0].Body)); n != 1000 || !strings.HasSuffix(p.Notices[0].Body, "…") {
				t.Errorf("long notice kept %d characters", n)
			}
		})
		t.Run("DM3 the page lists the employee's meetings today and tomorrow", func(t *testing.T) {
			c := startDebtCase(t, f, casetest.Now)
			bookFor(t, f, c.ID, "2026-11-24", "10:00", "11:00")
			bookFor(t, f, c.ID, "2026-11-25", "10:00", "11:00")
			if p, _ := f.Svc.Notices(ctx, f.EG); len(p.Meetings) != 1 || p.Meetings[0].CaseID != c.ID {
				t.Errorf("meetings %+v, want tomorrow's only", p.Meetings)
			}
		})
		t.Run("DM3 stopping ends every watcher", func(t *testing.T) {
			f.Svc.StopNotices()
			for range wake { // drains a pending signal, then sees it closed
			}
			late, _ := f.Svc.WatchNotices(f.KH.ID)
			if _, open := <-late; open {
				t.Error("a watcher after stopping is open")
			}
		})
	})
}
