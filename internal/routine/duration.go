package routine

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
)

// Duration units.
const (
	UnitWorkingDays  = "working days"
	UnitWorkingHours = "working hours"
	UnitDays         = "days"
	UnitWeeks        = "weeks"
	UnitMonths       = "months"
)

// maxCount bounds the number in a duration, so that a typo such as
// "2000000 days" is an error rather than a date in the year 7000.
const maxCount = 3660

// Duration is a span of time in a routine: "2 working days", "7 working
// hours", "10 days", "3 weeks", "2 months", a range "3-4 weeks" (the early end reminds, the
// late end acts), or, counted back from an appointment, "1 day before
// appointment". "at least" may stand in front and changes nothing.
type Duration struct {
	Min, Max int    // Min == Max unless the duration is a range
	Unit     string // one of the Unit constants
	Before   bool   // counted back from the event's reference time (an appointment)
}

// IsRange reports whether the duration has an early and a late end.
func (d Duration) IsRange() bool { return d.Max > d.Min }

// String returns the duration in the form a routine file uses.
func (d Duration) String() string {
	n := strconv.Itoa(d.Min)
	if d.IsRange() {
		n += "-" + strconv.Itoa(d.Max)
	}
	unit := d.Unit
	if d.Min == 1 && d.Max == 1 {
		unit = strings.TrimSuffix(unit, "s")
	}
	s := n + " " + unit
	if d.Before {
		s += " before appointment"
	}
	return s
}

// units maps the words a file may use to a unit.
var units = map[string]string{
	"working day": UnitWorkingDays, "working days": UnitWorkingDays,
	"working hour": UnitWorkingHours, "working hours": UnitWorkingHours,
	"day": UnitDays, "days": UnitDays,
	"week": UnitWeeks, "weeks": UnitWeeks,
	"month": UnitMonths, "months": UnitMonths,
}

// ParseDuration parses a duration as a routine file writes it. Its errors
// are plain sentences meant for the file's author.
func ParseDuration(s string) (Duration, error) {
	text := strings.ToLower(strings.Join(strings.Fields(s), " "))
	text = strings.NewReplacer("–", "-", "—", "-", " - ", "-", " -", "-", "- ", "-").Replace(text)
	text = strings.TrimPrefix(text, "at least ")
	var d Duration
	for _, suffix := range []string{" before the appointment", " before appointment"} {
		if t, ok := strings.CutSuffix(text, suffix); ok {
			text, d.Before = t, true
		}
	}
	num, unit, _ := strings.Cut(text, " ")
	if num == "" {
		return d, fmt.Errorf("duration is empty; write for example \"2 working days\", \"7 working hours\", \"10 days\", \"3 weeks\" or \"2 months\"")
	}
	if err := d.parseCount(num); err != nil {
		return d, fmt.Errorf("duration %q: %v", s, err)
	}
	if unit == "" {
		return d, fmt.Errorf("duration %q has no unit; write \"%s working days\", \"%s days\", \"%s weeks\" or \"%s months\"",
			s, num, num, num, num)
	}
	u, ok := units[unit]
	if !ok {
		return d, fmt.Errorf("duration %q: unknown unit %q; use working days, working hours, days, weeks or months", s, unit)
	}
	d.Unit = u
	if d.Before && (u == UnitWeeks || u == UnitMonths || u == UnitWorkingHours) {
		return d, fmt.Errorf("duration %q: count back from an appointment in days or working days", s)
	}
	if u == UnitWorkingHours && d.IsRange() {
		return d, fmt.Errorf("duration %q: a range in working hours is not supported; write one number, such as \"%d working hours\"", s, d.Max)
	}
	return d, nil
}

// parseCount parses "N" or "N-M" into d.Min and d.Max.
func (d *Duration) parseCount(num string) error {
	lo, hi, isRange := strings.Cut(num, "-")
	var err error
	if d.Min, err = count(lo); err != nil {
		return err
	}
	d.Max = d.Min
	if !isRange {
		return nil
	}
	if d.Max, err = count(hi); err != nil {
		return err
	}
	if d.Max <= d.Min {
		return fmt.Errorf("a range must go from the shorter to the longer, as in 3-4 weeks")
	}
	return nil
}

// count parses a whole number of units.
func count(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if n > maxCount {
		return 0, fmt.Errorf("%d is too long a time for a routine", n)
	}
	return n, nil
}

// Dates returns the dates on which the duration's early and late ends fall
// when counted from the civil date from, or back from the date ref for a
// duration before an appointment. Without a range both are the same.
//
// Working days are counted with cal.AddWorkingDays, not counting from
// itself: 2 working days after Wednesday 23 December 2026 in Norway is
// Monday 28 December, or Tuesday 29 if the municipality closes on the 24th.
// Days, weeks and months land on a calendar date that rolls forward by the
// deadline rule (calendar.Deadline, AddWeeks, AddMonths). Counting back
// does not roll: "1 day before appointment" is the day before.
func (d Duration) Dates(cal *calendar.Calendar, from, ref torg.Date) (early, late torg.Date) {
	if d.Before {
		return d.back(cal, ref, d.Max), d.back(cal, ref, d.Min)
	}
	return d.forward(cal, from, d.Min), d.forward(cal, from, d.Max)
}

// Time returns when a duration in working hours ends, counted from the
// moment from in loc with cal.AddWorkingHours: only the opening hours of
// working days count, and a moment outside them counts from the next
// opening. Other units count whole days; use Dates for them.
func (d Duration) Time(cal *calendar.Calendar, from time.Time, loc *time.Location) time.Time {
	return cal.AddWorkingHours(from, loc, time.Duration(d.Max)*time.Hour)
}

// forward counts n units after from. Working hours, which need a time of
// day, count from the end of from: the date is that of the n-th open hour
// after it.
func (d Duration) forward(cal *calendar.Calendar, from torg.Date, n int) torg.Date {
	switch d.Unit {
	case UnitWorkingHours:
		end := time.Date(from.Year, from.Month, from.Day+1, 0, 0, 0, 0, time.UTC)
		return torg.DateOf(cal.AddWorkingHours(end, time.UTC, time.Duration(n)*time.Hour))
	case UnitWorkingDays:
		return cal.AddWorkingDays(from, n)
	case UnitWeeks:
		return cal.AddWeeks(from, n)
	case UnitMonths:
		return cal.AddMonths(from, n)
	}
	return cal.Deadline(from.AddDays(n))
}

// back counts n days or working days before ref.
func (d Duration) back(cal *calendar.Calendar, ref torg.Date, n int) torg.Date {
	if d.Unit == UnitWorkingDays && n > 0 {
		return cal.AddWorkingDays(ref, -n)
	}
	return ref.AddDays(-n)
}
