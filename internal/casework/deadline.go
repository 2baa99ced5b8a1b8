package casework

import (
	"context"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
)

// Answer deadlines of citizens' messages. The DM routine says "as soon as
// possible, within a day" as 7 working hours: counted in the opening hours
// of the municipality's working days (its country's public holidays and
// its own closed days excluded), so a message received Friday 14:00 before
// a Monday holiday is due Tuesday 13:30 with hours 08:00–15:30. The routine
// computes the due time when the thread's first step starts; this file
// pauses and resumes the clock while the thread waits for the citizen.

// AnswerWithin is the DM routine's "within a day", for the pages' wording.
const AnswerWithin = 7 * time.Hour

// msgCalendar returns the calendar (with its opening hours) and time zone
// a municipality's message deadlines count in.
func (s *Service) msgCalendar(ctx context.Context, municipalityID int64) (*calendar.Calendar, *time.Location, error) {
	m, err := s.municipality(ctx, municipalityID)
	if err != nil {
		return nil, nil, err
	}
	cal, err := s.muniCalendar(ctx, m)
	if err != nil {
		return nil, nil, err
	}
	loc, err := loadLocation(m.TimeZone)
	return cal, loc, err
}

// AnswerDue returns when an answer to a message received at received is
// due: AnswerWithin of open time on cal in loc.
func AnswerDue(cal *calendar.Calendar, loc *time.Location, received time.Time) time.Time {
	return cal.AddWorkingHours(received, loc, AnswerWithin).UTC()
}

// pauseClock stops a thread's answer clock at now: it waits for the
// citizen. Pausing a paused or done thread changes nothing.
func (s *Service) pauseClock(th *torg.Thread, now time.Time) {
	if th.Status == torg.ThreadDone || th.Status == torg.ThreadWaiting {
		return
	}
	th.Status, th.WaitingSince = torg.ThreadWaiting, now
}

// resumeClock starts a waiting thread's clock again at now with status:
// the due time moves on by the working time that passed while it waited
// (time outside opening hours does not count twice). A thread that is not
// waiting is left alone.
func (s *Service) resumeClock(ctx context.Context, th *torg.Thread, now time.Time, status string) error {
	if th.Status != torg.ThreadWaiting {
		return nil
	}
	if !th.Due.IsZero() && !th.WaitingSince.IsZero() {
		cal, loc, err := s.msgCalendar(ctx, th.MunicipalityID)
		if err != nil {
			return err
		}
		th.Due = ExtendDue(cal, loc, th.Due, th.WaitingSince, now)
	}
	th.Status, th.WaitingSince = status, time.Time{}
	return nil
}

// ExtendDue moves a due time on by the working time between from and to,
// the time a thread waited for the citizen.
func ExtendDue(cal *calendar.Calendar, loc *time.Location, due, from, to time.Time) time.Time {
	paused := cal.WorkingHoursBetween(from, to, loc)
	if paused <= 0 {
		return due
	}
	return cal.AddWorkingHours(due, loc, paused).UTC()
}

// DueSoon reports whether an open thread that is not waiting is due within
// the next d of working time at now, or overdue.
func (s *Service) DueSoon(ctx context.Context, th *torg.Thread, d time.Duration) (bool, error) {
	if !th.Open() || th.Status == torg.ThreadWaiting || th.Due.IsZero() {
		return false, nil
	}
	cal, loc, err := s.msgCalendar(ctx, th.MunicipalityID)
	if err != nil {
		return false, err
	}
	return !cal.AddWorkingHours(s.now(), loc, d).Before(th.Due), nil
}

// DueSoonBefore returns the due time before which an open thread counts as
// due soon: d of working time after now. Store queries use it
// (store.ThreadQuery.DueBefore).
func (s *Service) DueSoonBefore(ctx context.Context, municipalityID int64, d time.Duration) (time.Time, error) {
	cal, loc, err := s.msgCalendar(ctx, municipalityID)
	if err != nil {
		return time.Time{}, err
	}
	return cal.AddWorkingHours(s.now(), loc, d).UTC(), nil
}
