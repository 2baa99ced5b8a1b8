package calendar

import (
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// Hours are a municipality's opening hours on a working day, as times of
// day in its time zone: Open 8h and Close 15h30m mean 08:00–15:30.
// Working hours are the open time of working days; they are a unit of
// their own, apart from working days.
type Hours struct {
	Open, Close time.Duration
}

// DefaultHours are the opening hours of a calendar that has not been given
// any: 08:00–15:30, the core hours of Nordic municipal offices. They will
// become configurable per municipality; until then WithHours sets them.
var DefaultHours = Hours{8 * time.Hour, 15*time.Hour + 30*time.Minute}

// Validate reports whether h opens before it closes, within one day.
func (h Hours) Validate() error {
	if h.Open < 0 || h.Close > 24*time.Hour || h.Close <= h.Open {
		return fmt.Errorf("calendar: opening hours %v–%v must open before they close, within 00:00–24:00", h.Open, h.Close)
	}
	return nil
}

// WithHours returns a copy of c open during h on working days. Invalid
// hours (see Validate) give DefaultHours. c itself is unchanged.
func (c *Calendar) WithHours(h Hours) *Calendar {
	if h.Validate() != nil {
		h = DefaultHours
	}
	cp := *c
	cp.hours = h
	return &cp
}

// Hours returns the calendar's opening hours, DefaultHours unless
// WithHours set others.
func (c *Calendar) Hours() Hours {
	if c.hours == (Hours{}) {
		return DefaultHours
	}
	return c.hours
}

// openOn returns when day d opens and closes in loc, by the wall clock, so
// that a change to or from summer time does not move the opening.
func (c *Calendar) openOn(d torg.Date, loc *time.Location) (opens, closes time.Time) {
	h := c.Hours()
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, int(h.Open), loc),
		time.Date(d.Year, d.Month, d.Day, 0, 0, 0, int(h.Close), loc)
}

// AddWorkingHours returns the time d of open time after t in loc (UTC if
// nil): only the opening hours of working days count. A t outside opening
// hours starts counting at the next opening, so Friday 14:30 plus 2
// working hours is Monday 09:00 with hours 08:00–15:30. A count that ends
// exactly at closing gives the closing time; d <= 0 gives t if it is open
// time, else the next opening. The result is in loc.
func (c *Calendar) AddWorkingHours(t time.Time, loc *time.Location, d time.Duration) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	for day := torg.DateOf(t); ; day = day.AddDays(1) {
		if !c.IsWorkingDay(day) {
			continue
		}
		opens, closes := c.openOn(day, loc)
		t = later(t, opens)
		if !t.Before(closes) {
			continue
		}
		if left := closes.Sub(t); d <= left {
			return t.Add(max(d, 0))
		}
		d -= closes.Sub(t)
	}
}

// WorkingHoursBetween returns the open time from a to b in loc (UTC if
// nil): the opening hours of working days that lie between them, or 0 if b
// is not after a.
func (c *Calendar) WorkingHoursBetween(a, b time.Time, loc *time.Location) time.Duration {
	if loc == nil {
		loc = time.UTC
	}
	var sum time.Duration
	last := torg.DateOf(b.In(loc))
	for day := torg.DateOf(a.In(loc)); !last.Before(day); day = day.AddDays(1) {
		if !c.IsWorkingDay(day) {
			continue
		}
		opens, closes := c.openOn(day, loc)
		if from, to := later(a, opens), earlier(b, closes); to.After(from) {
			sum += to.Sub(from)
		}
	}
	return sum
}

// later returns the later of a and b.
func later(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// earlier returns the earlier of a and b.
func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
