package calendar

import (
	"time"

	"github.com/torg-kommune/torg"
)

// kind tells what a rule's day does.
type kind int

const (
	// holiday is a public holiday: no working day, and it has a name.
	holiday kind = iota
	// extender is not a holiday, but a statutory deadline falling on it
	// moves to the next working day (SE midsommarafton, DK grundlovsdag …).
	extender
)

// rule is one row of the holiday table in domain.md §6: a named day, how
// to find it in a year, and the years (inclusive, 0 for open) it applies.
type rule struct {
	name     string
	kind     kind
	from, to int
	date     func(year int) torg.Date
}

// appliesIn reports whether r is in force in year.
func (r rule) appliesIn(year int) bool {
	return (r.from == 0 || year >= r.from) && (r.to == 0 || year <= r.to)
}

// fixed returns a rule date on the same month and day each year.
func fixed(m time.Month, day int) func(int) torg.Date {
	return func(y int) torg.Date { return torg.Date{Year: y, Month: m, Day: day} }
}

// easter returns a rule date offset days from Easter Sunday.
func easter(offset int) func(int) torg.Date {
	return func(y int) torg.Date { return easterSunday(y).AddDays(offset) }
}

// weekdayFrom returns a rule date on the first wd on or after month m, day.
func weekdayFrom(wd time.Weekday, m time.Month, day int) func(int) torg.Date {
	return func(y int) torg.Date {
		d := torg.Date{Year: y, Month: m, Day: day}
		return d.AddDays((int(wd) - int(d.Time().Weekday()) + 7) % 7)
	}
}

// easterSunday returns Easter Sunday of the Gregorian year y by the
// anonymous (Meeus/Jones/Butcher) algorithm.
func easterSunday(y int) torg.Date {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return torg.Date{Year: y, Month: time.Month(month), Day: day}
}

// Days shared by all three countries.
var (
	newYear      = rule{name: "New Year's Day", date: fixed(time.January, 1)}
	maundy       = rule{name: "Maundy Thursday", date: easter(-3)}
	goodFriday   = rule{name: "Good Friday", date: easter(-2)}
	easterDay    = rule{name: "Easter Sunday", date: easter(0)}
	easterMonday = rule{name: "Easter Monday", date: easter(1)}
	ascension    = rule{name: "Ascension Day", date: easter(39)}
	whitSunday   = rule{name: "Whit Sunday", date: easter(49)}
	whitMonday   = rule{name: "Whit Monday", date: easter(50)}
	christmas    = rule{name: "Christmas Day", date: fixed(time.December, 25)}
	boxingDay    = rule{name: "Boxing Day", date: fixed(time.December, 26)}
	labourDay    = rule{name: "Labour Day", date: fixed(time.May, 1)}
	christmasEve = rule{name: "Christmas Eve", kind: extender, date: fixed(time.December, 24)}
	newYearsEve  = rule{name: "New Year's Eve", kind: extender, date: fixed(time.December, 31)}
)

// rules holds the table of domain.md §6 per country.
var rules = map[string][]rule{
	// NO: lov om helligdager og helligdagsfred § 2 and lov om 1. og 17. mai.
	// 24 and 31 December are ordinary weekdays.
	"NO": {
		newYear, maundy, goodFriday, easterDay, easterMonday, labourDay,
		{name: "Constitution Day", date: fixed(time.May, 17)},
		ascension, whitSunday, whitMonday, christmas, boxingDay,
	},
	// DK: Store Bededag was abolished from 2024; grundlovsdag, 24 and 31
	// December are no holidays but extend deadlines (forældelsesloven § 27).
	"DK": {
		newYear, maundy, goodFriday, easterDay, easterMonday,
		{name: "Great Prayer Day", to: 2023, date: easter(26)},
		ascension, whitSunday, whitMonday, christmas, boxingDay,
		{name: "Constitution Day", kind: extender, date: fixed(time.June, 5)},
		christmasEve, newYearsEve,
	},
	// SE: lag (1989:253) om allmänna helgdagar as amended by SFS 2004:1320;
	// lag (1930:173) § 2 adds midsommarafton, julafton and nyårsafton.
	"SE": {
		newYear,
		{name: "Epiphany", date: fixed(time.January, 6)},
		goodFriday, easterDay, easterMonday, labourDay, ascension, whitSunday,
		{name: "Whit Monday", to: 2004, date: easter(50)},
		{name: "National Day", from: 2005, date: fixed(time.June, 6)},
		{name: "Midsummer Day", date: weekdayFrom(time.Saturday, time.June, 20)},
		{name: "All Saints' Day", date: weekdayFrom(time.Saturday, time.October, 31)},
		christmas, boxingDay,
		{name: "Midsummer Eve", kind: extender, date: weekdayFrom(time.Friday, time.June, 19)},
		christmasEve, newYearsEve,
	},
}
