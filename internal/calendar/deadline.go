package calendar

import (
	"time"

	"github.com/torg-kommune/torg"
)

// Deadline rolls a statutory deadline forward: if d is not a working day,
// or is a day the country lets extend deadlines (SE midsommarafton,
// julafton, nyårsafton; DK grundlovsdag, 24 and 31 December), it returns
// the next working day that is not such a day; otherwise d itself
// (domstolloven § 149, lag 1930:173 § 2, forældelsesloven § 27 stk. 2).
func (c *Calendar) Deadline(d torg.Date) torg.Date {
	for !c.IsWorkingDay(d) || c.extendsDeadline(d) {
		d = d.AddDays(1)
	}
	return d
}

// extendsDeadline reports whether d is a deadline-extending day that is
// not a holiday.
func (c *Calendar) extendsDeadline(d torg.Date) bool {
	_, ok := c.country.year(d.Year).extenders[d]
	return ok
}

// AddWeeks returns the deadline n weeks after d: the same weekday n weeks
// later, rolled forward by Deadline.
func (c *Calendar) AddWeeks(d torg.Date, n int) torg.Date {
	return c.Deadline(d.AddDays(7 * n))
}

// AddMonths returns the deadline n months after d: the same day of the
// month n months later, or the last day of that month if it is shorter
// (domstolloven § 148 (2), lag 1930:173 § 1), rolled forward by Deadline.
func (c *Calendar) AddMonths(d torg.Date, n int) torg.Date {
	first := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	day := min(d.Day, last)
	return c.Deadline(torg.Date{Year: first.Year(), Month: first.Month(), Day: day})
}
