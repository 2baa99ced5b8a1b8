package torg

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	// isoDate is year first, as Swedes and ISO 8601 write it: 2026-12-01.
	isoDate = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	// dayFirst is day first with dots, slashes, dashes or spaces:
	// 01.12.2026, 1.12.2026 (nb, da), 01/12/2026, 1/12-2026 (da),
	// 01-12-2026, 01 12 2026.
	dayFirst = regexp.MustCompile(`^(\d{1,2})[./ -](\d{1,2})[./ -](\d{4})$`)
	// separator is a date separator with the spaces people put around it,
	// as in 1. 12. 2026.
	separator = regexp.MustCompile(` ?([./-]) ?`)
	// spelled is day, month name and year, as English pages print dates:
	// 1 Dec 2026, 1 December 2026.
	spelled = []string{"2 Jan 2006", "2 January 2006"}
)

// ParseFormDate reads a date as people type it into a form in Norwegian,
// Danish, Swedish or English: 01.12.2026, 1.12.2026, 1. 12. 2026,
// 01/12/2026, 1/12-2026, 01-12-2026, 2026-12-01 or 1 Dec 2026. The year
// has four digits; where it comes last, the day comes first, as in all four
// languages: 01/12/2026 is 1 December, never 12 January. It reads every
// date the web pages print, so a form can be refilled with them. Spaces
// around the date are ignored; an impossible date such as 31.02.2026 is an
// error, as is an empty string.
func ParseFormDate(s string) (Date, error) {
	s = strings.Join(strings.Fields(s), " ") // also no-break spaces
	digits := separator.ReplaceAllString(s, "$1")
	if m := isoDate.FindStringSubmatch(digits); m != nil {
		return civilDate(s, m[1], m[2], m[3])
	}
	if m := dayFirst.FindStringSubmatch(digits); m != nil {
		return civilDate(s, m[3], m[2], m[1])
	}
	for _, layout := range spelled {
		if t, err := time.Parse(layout, s); err == nil {
			return DateOf(t), nil
		}
	}
	return Date{}, fmt.Errorf("parse date %q: not a date such as 01.12.2026 or 2026-12-01", s)
}

// civilDate returns the date of year, month and day in digits, or an error
// if there is no such day.
func civilDate(s, year, month, day string) (Date, error) {
	y, _ := strconv.Atoi(year)
	m, _ := strconv.Atoi(month)
	d, _ := strconv.Atoi(day)
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return Date{}, fmt.Errorf("parse date %q: no such day", s)
	}
	return DateOf(t), nil
}
