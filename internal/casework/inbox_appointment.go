package casework

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// DM3: a citizen asks to change or cancel an appointment. Whoever keeps
// the work list moves the appointment (to a new time, place or employee)
// or cancels it, and the employee due on the visit is told at once on
// their phone (NotifyEmployee), so the trip is not wasted. The thread is
// then answered as any other.

// AppointmentChange is a new time, place or employee for an appointment.
type AppointmentChange struct {
	AppointmentID    int64
	Date, Start, End string // a date as torg.ParseFormDate reads it (01.12.2026), 15:04, 15:04, in the municipality's time zone
	Place            string // empty: unchanged
	EmployeeID       int64  // who goes; 0: unchanged
}

// ChangeAppointment moves the appointment a DM3 message is about.
func (s *Service) ChangeAppointment(ctx context.Context, a *torg.Employee, threadID int64, in AppointmentChange) error {
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, ap, c, err := s.dm3Appointment(ctx, tx, a, threadID, in.AppointmentID)
		if err != nil {
			return err
		}
		m, loc, err := s.muniLocation(ctx, th.MunicipalityID)
		if err != nil {
			return err
		}
		old := *ap
		if err := s.movedAppointment(ctx, tx, c, ap, in, loc); err != nil {
			return err
		}
		if err := tx.MoveAppointment(ctx, ap); err != nil {
			return err
		}
		p := i18n.New(i18n.Lang(m.Language)).In(loc)
		when, moved := p.DateTime(old.Start), p.DateTime(ap.Start)
		note := p.T("inbox.appt_moved_note", "when", when, "new", moved, "place", ap.Place)
		if err := s.appointmentRecord(ctx, tx, a, c, p.T("inbox.appt_moved_title"), note+"\n"+confirmationBody(p, ap, loc)); err != nil {
			return err
		}
		if ap.CounsellorID == old.CounsellorID {
			err = s.NotifyEmployee(ctx, tx, ap.CounsellorID, p.T("inbox.notice_moved", "when", when, "case", c.Number(), "new", moved, "place", ap.Place))
		} else {
			err = s.NotifyEmployee(ctx, tx, old.CounsellorID, p.T("inbox.notice_taken", "when", when, "case", c.Number()))
			if err == nil {
				err = s.NotifyEmployee(ctx, tx, ap.CounsellorID, p.T("inbox.notice_given", "new", moved, "case", c.Number(), "place", ap.Place))
			}
		}
		if err != nil {
			return err
		}
		if err := s.appointmentRebooked(ctx, tx, a, c, ap, true); err != nil {
			return err
		}
		return s.workListChanged(ctx, tx, a, th, ap, "moved")
	})
}

// appointmentRebooked tells the case's routines that the meeting was
// cancelled, which stops its reminder and its preparation (DC4.4, DC4.6,
// DC4.12); a moved meeting is then booked again at its new time, which
// confirms it to the citizen by SMS (DC4.3) and sets the reminder anew.
func (s *Service) appointmentRebooked(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case,
	ap *torg.Appointment, moved bool) error {
	by := fmt.Sprint(a.ID)
	if err := s.RoutineEvent(ctx, tx, c, routine.Event{Kind: routine.EventAppointmentCancelled, At: s.now(), By: by}); err != nil {
		return err
	}
	if !moved {
		return nil
	}
	return s.RoutineEvent(ctx, tx, c, routine.Event{Kind: routine.EventAppointmentBooked, At: s.now(), Ref: ap.Start, By: by})
}

// CancelAppointment cancels the appointment a DM3 message is about.
func (s *Service) CancelAppointment(ctx context.Context, a *torg.Employee, threadID, appointmentID int64) error {
	return s.db.Write(ctx, func(tx *store.Q) error {
		th, ap, c, err := s.dm3Appointment(ctx, tx, a, threadID, appointmentID)
		if err != nil {
			return err
		}
		m, loc, err := s.muniLocation(ctx, th.MunicipalityID)
		if err != nil {
			return err
		}
		if err := tx.SetAppointmentStatus(ctx, ap.ID, torg.AppointmentCancelled, s.now()); err != nil {
			return err
		}
		p := i18n.New(i18n.Lang(m.Language)).In(loc)
		when := p.DateTime(ap.Start)
		if err := s.appointmentRecord(ctx, tx, a, c, p.T("inbox.appt_cancelled_title"),
			p.T("inbox.appt_cancelled_note", "when", when, "place", ap.Place)); err != nil {
			return err
		}
		if err := s.NotifyEmployee(ctx, tx, ap.CounsellorID, p.T("inbox.notice_cancelled", "when", when, "case", c.Number())); err != nil {
			return err
		}
		if err := s.appointmentRebooked(ctx, tx, a, c, ap, false); err != nil {
			return err
		}
		return s.workListChanged(ctx, tx, a, th, ap, "cancelled")
	})
}

// dm3Appointment returns the open appointment-change thread, the booked
// appointment it is about — the one the citizen picked, else one of
// theirs ahead — and its case, which the employee must be cleared for.
func (s *Service) dm3Appointment(ctx context.Context, tx *store.Q, a *torg.Employee, threadID, appointmentID int64) (
	*torg.Thread, *torg.Appointment, *torg.Case, error) {
	th, err := s.openStaffThread(ctx, tx, a, threadID)
	if err != nil {
		return nil, nil, nil, err
	}
	if th.Kind != torg.MsgAppointmentChange {
		return nil, nil, nil, torg.Errorf(torg.ECONFLICT, "inbox.appt_wrong_kind")
	}
	if th.AppointmentID != 0 && appointmentID != th.AppointmentID {
		return nil, nil, nil, torg.FieldError("appointment", "inbox.appt_required")
	}
	ap, err := tx.Appointment(ctx, a.MunicipalityID, appointmentID)
	if err != nil {
		return nil, nil, nil, torg.FieldError("appointment", "inbox.appt_required")
	}
	c, err := tx.Case(ctx, a.MunicipalityID, ap.CaseID)
	if err != nil {
		return nil, nil, nil, err
	}
	switch {
	case !slices.Contains(partyPersons(c), th.PersonID):
		return nil, nil, nil, torg.FieldError("appointment", "inbox.appt_required")
	case !clearedFor(a, c) || canUseInbox(a, c.UnitID) != nil:
		return nil, nil, nil, notFound()
	case ap.Status != torg.AppointmentBooked:
		return nil, nil, nil, torg.Errorf(torg.ECONFLICT, "appt.already_marked")
	}
	return th, ap, c, nil
}

// movedAppointment fills in an appointment's new time, place and employee
// and checks them: in the future, ending after it starts, and with an
// employee of the case's service who is not absent that day.
func (s *Service) movedAppointment(ctx context.Context, tx *store.Q, c *torg.Case, ap *torg.Appointment,
	in AppointmentChange, loc *time.Location) error {
	date, err := torg.ParseFormDate(in.Date)
	if err != nil {
		return torg.FieldError("date", "appt.date_required")
	}
	day := date.Time()
	if ap.Start, err = clockOn(day, in.Start, loc); err != nil {
		return torg.FieldError("start", "appt.time_invalid")
	}
	if ap.End, err = clockOn(day, in.End, loc); err != nil {
		return torg.FieldError("end", "appt.time_invalid")
	}
	if place := trimText(in.Place); place != "" {
		ap.Place = place
	}
	if err := ap.Validate(s.now()); err != nil {
		return err
	}
	if in.EmployeeID == 0 || in.EmployeeID == ap.CounsellorID {
		return nil
	}
	e, err := tx.Employee(ctx, in.EmployeeID)
	switch {
	case err != nil || e.MunicipalityID != c.MunicipalityID || !e.Active || !e.InUnit(c.UnitID) || !clearedFor(e, c):
		return torg.FieldError("employee", "inbox.appt_employee_invalid")
	case s.Absent(ctx, e.ID, date):
		return torg.FieldError("employee", "inbox.forward_absent", "name", e.Name)
	}
	ap.CounsellorID = e.ID
	return nil
}

// appointmentRecord files what was done with the appointment as an
// internal record on its case.
func (s *Service) appointmentRecord(ctx context.Context, tx *store.Q, a *torg.Employee, c *torg.Case, title, body string) error {
	rec := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Type: torg.RecordInternal,
		Status: torg.RecordJournalled, Title: title, Body: body, CreatedBy: a.ID, PersonID: firstParty(c)}
	return tx.CreateRecord(ctx, rec, s.now())
}

// workListChanged links the thread to the appointment, moves its routine
// on (DM3.1 done; the notice of DM3.2 has gone) and audits the change.
func (s *Service) workListChanged(ctx context.Context, tx *store.Q, a *torg.Employee, th *torg.Thread, ap *torg.Appointment,
	what string) error {
	th.AppointmentID = ap.ID
	if err := s.startWork(ctx, tx, th); err != nil {
		return err
	}
	if err := tx.UpdateThread(ctx, th, s.now()); err != nil {
		return err
	}
	if err := s.threadStepDone(ctx, tx, a, th, "DM3.1", ""); err != nil {
		return err
	}
	trs, err := tx.ThreadRoutines(ctx, th.ID)
	if err != nil {
		return err
	}
	for _, tr := range trs {
		if err := tx.CompleteThreadStepTasks(ctx, th.ID, tr.RoutineID, "DM3.2", s.now()); err != nil {
			return err
		}
	}
	return s.audit(ctx, tx, a, "thread.appointment", obj("thread", th.ID), th.PersonID, what+" "+obj("appointment", ap.ID))
}

// muniLocation returns a municipality and its time zone.
func (s *Service) muniLocation(ctx context.Context, id int64) (*torg.Municipality, *time.Location, error) {
	m, err := s.municipality(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	loc, err := loadLocation(m.TimeZone)
	return m, loc, err
}
