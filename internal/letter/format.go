package letter

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/torg-kommune/torg"
)

// locale is the language a value prints in and the country whose currency
// amounts are in. Compose sets it on every value of Data; a value without
// one prints in a neutral ISO form.
type locale struct {
	lang    string
	country string
}

// Date is a civil date that prints in the letter's language: 12. mars 2026
// (nb), 12. marts 2026 (da), 12 mars 2026 (sv) or 12 March 2026 (en). The
// zero date prints as "".
type Date struct {
	torg.Date
	loc locale
}

// DateOf returns d as a letter date.
func DateOf(d torg.Date) Date { return Date{Date: d} }

// String returns the date written out in the letter's language.
func (d Date) String() string {
	t, ok := texts[d.loc.lang]
	if d.IsZero() || !ok {
		return d.Date.String()
	}
	month := t.Months[d.Month-1]
	switch d.loc.lang {
	case "nb", "da":
		return fmt.Sprintf("%d. %s %d", d.Day, month, d.Year)
	}
	return fmt.Sprintf("%d %s %d", d.Day, month, d.Year)
}

// Weekday returns the name of the date's day of the week in the letter's
// language, such as "tirsdag", so that a template can write
// "{{.Meeting.Date.Weekday}} {{.Meeting.Date}}".
func (d Date) Weekday() string {
	t, ok := texts[d.loc.lang]
	if d.IsZero() || !ok {
		return ""
	}
	return t.Weekdays[d.Time().Weekday()]
}

// TimeOfDay is a time on a 24-hour clock that prints in the letter's
// language: 10.00 (nb, da, sv) or 10:00 (en).
type TimeOfDay struct {
	Hour, Minute int
	loc          locale
}

// String returns the time of day as the letter's language writes it.
func (t TimeOfDay) String() string {
	sep := "."
	if t.loc.lang == "en" || t.loc.lang == "" {
		sep = ":"
	}
	return fmt.Sprintf("%02d%s%02d", t.Hour, sep, t.Minute)
}

// Amount is an amount of money in minor units (øre, öre), in the currency of
// the municipality's country. It prints in the letter's language:
// kr 12 345,00 (nb), 12.345,00 kr. (da), 12 345,00 kr (sv) or
// NOK 12,345.00 (en).
type Amount struct {
	Minor int64
	loc   locale
}

// Kroner returns an amount of whole kroner.
func Kroner(n int64) Amount { return Amount{Minor: n * 100} }

// String returns the amount with its currency, as the letter's language
// writes it. The spaces are non-breaking, so that an amount never wraps.
func (a Amount) String() string {
	const nbsp = "\u00a0"
	neg, minor := "", a.Minor
	if minor < 0 {
		neg, minor = "-", -minor
	}
	whole, cents := minor/100, minor%100
	switch a.loc.lang {
	case "nb":
		return "kr" + nbsp + neg + group(whole, nbsp) + fmt.Sprintf(",%02d", cents)
	case "da":
		return neg + group(whole, ".") + fmt.Sprintf(",%02d", cents) + nbsp + "kr."
	case "sv":
		return neg + group(whole, nbsp) + fmt.Sprintf(",%02d", cents) + nbsp + "kr"
	}
	return currency(a.loc.country) + nbsp + neg + group(whole, ",") + fmt.Sprintf(".%02d", cents)
}

// currency returns the ISO 4217 code of a country's currency; Norwegian
// kroner unless the country says otherwise.
func currency(country string) string {
	switch strings.ToUpper(country) {
	case "SE":
		return "SEK"
	case "DK":
		return "DKK"
	}
	return "NOK"
}

// group writes n with its digits grouped in threes by sep.
func group(n int64, sep string) string {
	digits := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i := range len(digits) {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}
