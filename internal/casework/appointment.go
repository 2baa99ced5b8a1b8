package casework

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
	"github.com/torg-kommune/torg/internal/routine"
	"github.com/torg-kommune/torg/internal/store"
)

// AppointmentInput is the booking form (DC4.2): a date and times of day in
// the municipality's time zone.
type AppointmentInput struct {
	Date, Start, End string // a date as torg.ParseFormDate reads it (01.12.2026), 15:04, 15:04
	Place            string
	WithAgency       string
	Interpreter      string
	Alone            bool   // DC4.11: the counsellor holds the meeting alone
	AloneReason      string // and says why; required with Alone
}

// BookAppointment makes an appointment from a case (DC4.2) in the calendar
// of the case's responsible counsellor (or the actor's), files the meeting
// confirmation (DC4.5) and tells the case's routines, which send the SMS
// confirmation (DC4.3) and set the reminder (DC4.12).
func (s *Service) BookAppointment(ctx context.Context, a *torg.Employee, caseID int64, in AppointmentInput) (*torg.Appointment, error) {
	c, err := s.readableCase(ctx, a, caseID)
	if err != nil {
		return nil, err
	}
	m, err := s.municipality(ctx, c.MunicipalityID)
	if err != nil {
		return nil, err
	}
	loc, err := loadLocation(m.TimeZone)
	if err != nil {
		return nil, err
	}
	ap := &torg.Appointment{MunicipalityID: c.MunicipalityID, CaseID: c.ID, CounsellorID: c.ResponsibleID,
		Place: trimText(in.Place), WithAgency: trimText(in.WithAgency), Interpreter: trimText(in.Interpreter),
		Status: torg.AppointmentBooked}
	if ap.CounsellorID == 0 {
		ap.CounsellorID = a.ID
	}
	date, err := torg.ParseFormDate(in.Date)
	if err != nil {
		return nil, torg.FieldError("date", "appt.date_required")
	}
	day := date.Time()
	if ap.Start, err = clockOn(day, in.Start, loc); err != nil {
		return nil, torg.FieldError("start", "appt.time_invalid")
	}
	if ap.End, err = clockOn(day, in.End, loc); err != nil {
		return nil, torg.FieldError("end", "appt.time_invalid")
	}
	now := s.now()
	if err := ap.Validate(now); err != nil {
		return nil, err
	}
	if in.Alone && trimText(in.AloneReason) == "" {
		return nil, torg.FieldError("alone_reason", "appt.alone_reason_required")
	}
	p := i18n.New(i18n.Lang(m.Language))
	err = s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.CreateAppointment(ctx, ap, now); err != nil {
			return err
		}
		rec := &torg.Record{MunicipalityID: c.MunicipalityID, CaseID: c.ID, Type: torg.RecordInternal,
			Status: torg.RecordJournalled, Title: p.T("appt.record_title"), Body: confirmationBody(p, ap, loc),
			CreatedBy: a.ID}
		if err := tx.CreateRecord(ctx, rec, now); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "appointment.book", obj("case", c.ID), firstParty(c), obj("appointment", ap.ID)); err != nil {
			return err
		}
		if err := s.interpreterOrder(ctx, tx, c, ap, p, loc); err != nil {
			return err
		}
		if in.Alone { // DC4.11: the decision and its reason are kept in the case
			n := &torg.Note{CaseID: c.ID, RecordID: rec.ID, AuthorID: a.ID,
				Body: p.T("appt.alone_note", "reason", trimText(in.AloneReason))}
			if err := tx.CreateNote(ctx, n, now); err != nil {
				return err
			}
		}
		return s.RoutineEvent(ctx, tx, c, routine.Event{Kind: routine.EventAppointmentBooked, At: now, Ref: ap.Start,
			By: fmt.Sprint(a.ID)})
	})
	if err != nil {
		return nil, err
	}
	return ap, nil
}

func clockOn(day time.Time, hm string, loc *time.Location) (time.Time, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(hm))
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, loc).UTC(), nil
}

// confirmationBody writes the meeting confirmation's text (DC4.5).
func confirmationBody(p *i18n.Printer, ap *torg.Appointment, loc *time.Location) string {
	start, end := ap.Start.In(loc), ap.End.In(loc)
	lines := []string{
		p.T("appt.date") + ": " + start.Format("2006-01-02"),
		p.T("appt.time") + ": " + start.Format("15:04") + "–" + end.Format("15:04"),
		p.T("appt.place") + ": " + ap.Place,
	}
	if ap.WithAgency != "" {
		lines = append(lines, p.T("appt.with_agency")+": "+ap.WithAgency)
	}
	if ap.Interpreter != "" {
		lines = append(lines, p.T("appt.interpreter")+": "+ap.Interpreter)
	}
	return strings.Join(lines, "\n")
}

// CaseAppointments lists a case's appointments for those who may read it.
func (s *Service) CaseAppointments(ctx context.Context, a *torg.Employee, caseID int64) ([]*torg.Appointment, error) {
	if _, err := s.readableCase(ctx, a, caseID); err != nil {
		return nil, err
	}
	return s.db.R().CaseAppointments(ctx, caseID)
}

// MarkAppointment records whether a booked meeting was held or missed and
// tells the case's routines; a missed meeting starts DC9.5.
func (s *Service) MarkAppointment(ctx context.Context, a *torg.Employee, id int64, held bool) (*torg.Appointment, error) {
	ap, err := s.db.R().Appointment(ctx, a.MunicipalityID, id)
	if err != nil {
		return nil, err
	}
	c, err := s.readableCase(ctx, a, ap.CaseID)
	if err != nil {
		return nil, err
	}
	if ap.Status != torg.AppointmentBooked {
		return nil, torg.Errorf(torg.ECONFLICT, "appt.already_marked")
	}
	status, kind := torg.AppointmentMissed, routine.EventAppointmentMissed
	if held {
		status, kind = torg.AppointmentHeld, routine.EventAppointmentHeld
	}
	now := s.now()
	err = s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.SetAppointmentStatus(ctx, ap.ID, status, now); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, a, "appointment."+status, obj("appointment", ap.ID), firstParty(c), ""); err != nil {
			return err
		}
		return s.RoutineEvent(ctx, tx, c, routine.Event{Kind: kind, At: now, Ref: ap.Start, By: fmt.Sprint(a.ID)})
	})
	if err != nil {
		return nil, err
	}
	ap.Status, ap.StatusAt = status, now
	return ap, nil
}

func feedHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// FeedURL makes a new secret address of the actor's calendar feed and
// returns its path. Only the token's hash is kept, so each call gives a new
// address and the earlier one stops working.
func (s *Service) FeedURL(ctx context.Context, a *torg.Employee) (string, error) {
	b := make([]byte, 32)
	rand.Read(b)
	token := hex.EncodeToString(b)
	err := s.db.Write(ctx, func(tx *store.Q) error {
		if err := tx.SetCalendarFeed(ctx, a.ID, feedHash(token), s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, a, "calendar.feed", obj("employee", a.ID), 0, "")
	})
	if err != nil {
		return "", err
	}
	return "/calendar/" + token + ".ics", nil
}

// CalendarFeed returns, as iCalendar text (RFC 5545), the appointments from
// 30 days back on of the employee whose feed token it is, and their
// absences; an unknown token is ENOTFOUND. It names cases by number only,
// never persons.
func (s *Service) CalendarFeed(ctx context.Context, token string) ([]byte, error) {
	if len(token) != 64 {
		return nil, notFound()
	}
	r := s.db.R()
	empID, err := r.CalendarFeedEmployee(ctx, feedHash(token))
	if err != nil {
		return nil, err
	}
	e, err := r.Employee(ctx, empID)
	if err != nil || !e.Active {
		return nil, notFound()
	}
	now := s.now()
	list, err := r.CounsellorAppointments(ctx, empID, now.AddDate(0, 0, -30), now.AddDate(100, 0, 0))
	if err != nil {
		return nil, err
	}
	return s.withAbsences(ctx, e, ICalendar(list, now), now) // FD4.3, FD4.5
}

// ICalendar writes appointments as an iCalendar (RFC 5545) calendar.
func ICalendar(list []*torg.Appointment, now time.Time) []byte {
	var b strings.Builder
	line := func(name, value string) { b.WriteString(foldLine(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//torg-kommune//torg//NB")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", "Torg")
	for _, ap := range list {
		line("BEGIN", "VEVENT")
		line("UID", fmt.Sprintf("appointment-%d-%d@torg", ap.MunicipalityID, ap.ID))
		line("DTSTAMP", icalTime(now))
		line("DTSTART", icalTime(ap.Start))
		line("DTEND", icalTime(ap.End))
		line("SUMMARY", icalEscape(fmt.Sprintf("Gjeldsrådgivning – %d/%06d", ap.CaseYear, ap.CaseSeq)))
		line("LOCATION", icalEscape(ap.Place))
		var desc []string
		if ap.WithAgency != "" {
			desc = append(desc, "Samarbeidsinstans: "+ap.WithAgency)
		}
		if ap.Interpreter != "" {
			desc = append(desc, "Tolk: "+ap.Interpreter)
		}
		if len(desc) > 0 {
			line("DESCRIPTION", icalEscape(strings.Join(desc, "\n")))
		}
		switch ap.Status {
		case torg.AppointmentCancelled:
			line("STATUS", "CANCELLED")
		default:
			line("STATUS", "CONFIRMED")
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return []byte(b.String())
}

func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icalEscape escapes a TEXT value (RFC 5545 3.3.11).
func icalEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// foldLine ends a content line with CRLF, folding it so no line is longer
// than 75 octets, never inside a UTF-8 character (RFC 5545 3.1).
func foldLine(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// interpreterOrder puts the order of an interpreter for a meeting on the
// counsellor's work list (DC4.4): the embedded default of the interpreter
// service, a task with the order's details, due the day before.
func (s *Service) interpreterOrder(ctx context.Context, tx *store.Q, c *torg.Case, ap *torg.Appointment,
	p *i18n.Printer, loc *time.Location) error {
	if ap.Interpreter == "" {
		return nil
	}
	start := ap.Start.In(loc)
	t := &torg.Task{MunicipalityID: c.MunicipalityID, UnitID: c.UnitID, CaseID: c.ID, AssigneeID: ap.CounsellorID,
		Title:  p.T("appt.interpreter_task", "language", ap.Interpreter, "case", c.Number()),
		Detail: p.T("appt.interpreter_detail", "when", p.In(loc).DateTime(start), "place", ap.Place),
		Due:    torg.DateOf(start).AddDays(-1)}
	if t.Due.Before(torg.DateOf(s.now().In(loc))) {
		t.Due = torg.DateOf(s.now().In(loc))
	}
	return tx.CreateTask(ctx, t, s.now())
}
