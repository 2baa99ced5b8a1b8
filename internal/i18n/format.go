package i18n

import (
	"strconv"
	"strings"
	"time"
)

// format is how a language writes dates and numbers.
type format struct {
	date      string // time layout of a date
	dateTime  string // time layout of a date with hours and minutes, 24-hour clock
	thousands string // separator between groups of three digits
}

var formats = map[Lang]format{
	NB: {date: "02.01.2006", dateTime: "02.01.2006 15:04", thousands: "\u00a0"},
	DA: {date: "02.01.2006", dateTime: "02.01.2006 15:04", thousands: "."},
	SV: {date: "2006-01-02", dateTime: "2006-01-02 15:04", thousands: "\u00a0"},
	EN: {date: "2 Jan 2006", dateTime: "2 Jan 2006 15:04", thousands: ","},
}

// Date returns the date of t in the Printer's time zone, such as 31.12.2026
// (nb, da), 2026-12-31 (sv) or 31 Dec 2026 (en). The zero time gives "", so
// that a template can print a date that is not set.
func (p *Printer) Date(t time.Time) string { return p.time(t, formats[p.lang].date) }

// DateTime returns the date and time of t in the Printer's time zone, on a
// 24-hour clock: 31.12.2026 14:05, 2026-12-31 14:05 or 31 Dec 2026 14:05.
// The zero time gives "".
func (p *Printer) DateTime(t time.Time) string { return p.time(t, formats[p.lang].dateTime) }

func (p *Printer) time(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(p.loc).Format(layout)
}

// Number returns n with its digits grouped in threes: 1 234 567 with a
// non-breaking space (nb, sv), 1.234.567 (da) or 1,234,567 (en).
func (p *Printer) Number(n int) string {
	digits := strconv.Itoa(n)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
		digits = digits[1:]
	}
	sep := formats[p.lang].thousands
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}
