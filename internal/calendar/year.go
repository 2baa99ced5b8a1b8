package calendar

import (
	"sync"

	"github.com/torg-kommune/torg"
)

// yearDays holds the special days of one country in one year.
type yearDays struct {
	holidays  map[torg.Date]string   // public holidays by English name
	extenders map[torg.Date]struct{} // days that extend deadlines only
}

// country is a country's rules with a cache of the years computed so far.
// Calendars of the same country share it, so each year is computed once
// per process however many municipalities ask.
type country struct {
	rules []rule
	mu    sync.Mutex
	years map[int]*yearDays
}

// countries holds one country per key of rules.
var countries = func() map[string]*country {
	m := make(map[string]*country, len(rules))
	for code, rs := range rules {
		m[code] = &country{rules: rs, years: make(map[int]*yearDays)}
	}
	return m
}()

// year returns the special days of year y, computing them on first use.
func (c *country) year(y int) *yearDays {
	c.mu.Lock()
	defer c.mu.Unlock()
	if yd, ok := c.years[y]; ok {
		return yd
	}
	yd := compute(c.rules, y)
	c.years[y] = yd
	return yd
}

// compute applies rules to year y. Two holidays on one date (Ascension
// Day on 1 May, as in 2008) share it, their names joined by " / ".
func compute(rules []rule, y int) *yearDays {
	yd := &yearDays{holidays: map[torg.Date]string{}, extenders: map[torg.Date]struct{}{}}
	for _, r := range rules {
		if !r.appliesIn(y) {
			continue
		}
		d := r.date(y)
		switch {
		case r.kind == extender:
			yd.extenders[d] = struct{}{}
		case yd.holidays[d] != "":
			yd.holidays[d] += " / " + r.name
		default:
			yd.holidays[d] = r.name
		}
	}
	return yd
}
