// Package calendar knows the working days and working hours of a
// municipality: the public holidays of Norway, Sweden and Denmark, the
// municipality's own closed days, its opening hours, and how statutory
// deadlines roll forward past them.
//
// The holiday table and the roll-forward rules are those of domain.md §6.
package calendar

import (
	"fmt"
	"time"

	"github.com/torg-kommune/torg"
)

// Calendar knows a country's public holidays plus a municipality's own
// closed days and opening hours. It is safe for concurrent use.
type Calendar struct {
	country *country
	closed  map[torg.Date]struct{}
	hours   Hours // zero: DefaultHours
}

// New returns the calendar of country ("NO", "SE" or "DK") with the
// municipality's closed days, which are no working days but no holidays
// either. It fails for any other country.
func New(country string, closed ...torg.Date) (*Calendar, error) {
	c, ok := countries[country]
	if !ok {
		return nil, fmt.Errorf("calendar: country %q is not supported; use NO, SE or DK", country)
	}
	cal := &Calendar{country: c, closed: make(map[torg.Date]struct{}, len(closed))}
	for _, d := range closed {
		cal.closed[d] = struct{}{}
	}
	return cal, nil
}

// IsHoliday reports whether d is a public holiday of the calendar's
// country. Only the days listed by law count, so Easter Sunday is one but
// an ordinary Sunday is not.
func (c *Calendar) IsHoliday(d torg.Date) bool {
	_, ok := c.country.year(d.Year).holidays[d]
	return ok
}

// HolidayName returns the English name of the public holiday on d, or ""
// if d is none. Two holidays on one date give both names joined by " / ".
func (c *Calendar) HolidayName(d torg.Date) string {
	return c.country.year(d.Year).holidays[d]
}

// IsWorkingDay reports whether d is neither a Saturday or Sunday, nor a
// public holiday, nor one of the municipality's closed days.
func (c *Calendar) IsWorkingDay(d torg.Date) bool {
	switch d.Time().Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	if _, ok := c.closed[d]; ok {
		return false
	}
	return !c.IsHoliday(d)
}

// NextWorkingDay returns the first working day strictly after d.
func (c *Calendar) NextWorkingDay(d torg.Date) torg.Date {
	return c.AddWorkingDays(d, 1)
}

// AddWorkingDays returns the n-th working day after d, not counting d
// itself. For n == 0 it returns d if d is a working day and the next
// working day otherwise; for n < 0 it returns the -n-th working day
// before d.
func (c *Calendar) AddWorkingDays(d torg.Date, n int) torg.Date {
	if n == 0 {
		for !c.IsWorkingDay(d) {
			d = d.AddDays(1)
		}
		return d
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween returns the number of working days after a up to and
// including b, or 0 if b is not after a.
func (c *Calendar) WorkingDaysBetween(a, b torg.Date) int {
	n := 0
	for d := a.AddDays(1); !b.Before(d); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}
