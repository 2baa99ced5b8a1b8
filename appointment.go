package torg

import (
	"strings"
	"time"
)

// Appointment statuses.
const (
	AppointmentBooked    = "booked"
	AppointmentHeld      = "held"
	AppointmentMissed    = "missed"
	AppointmentCancelled = "cancelled"
)

// Appointment is a meeting with the citizen in a case (DC4.2), in the
// counsellor's calendar.
type Appointment struct {
	ID             int64
	MunicipalityID int64
	CaseID         int64
	CounsellorID   int64
	Start, End     time.Time
	Place          string
	WithAgency     string // a partner agency taking part, if any
	Interpreter    string // the interpreter language, if one is needed (DC4.4)
	Status         string
	StatusAt       time.Time // when Status was set: booked (Created), held, missed or cancelled
	Created        time.Time

	CaseYear, CaseSeq int // filled in by the counsellor's calendar query
}

// Validate checks a new appointment against now.
func (a *Appointment) Validate(now time.Time) error {
	switch {
	case a.Start.IsZero():
		return FieldError("date", "appt.date_required")
	case a.Start.Before(now):
		return FieldError("date", "appt.in_past")
	case !a.End.After(a.Start):
		return FieldError("end", "appt.end_before_start")
	case strings.TrimSpace(a.Place) == "":
		return FieldError("place", "appt.place_required")
	case len(a.Place) > 200 || len(a.WithAgency) > 200 || len(a.Interpreter) > 100:
		return FieldError("place", "appt.too_long")
	}
	return nil
}
