package nin

import (
	"strings"
	"time"
)

// Weights of the equivalent check form of the Norwegian control digits: the
// weighted sums of d1..d10 and d1..d11 must be 0 mod 11.
var (
	noWeights1 = []int{3, 7, 6, 1, 8, 9, 4, 5, 2, 1}
	noWeights2 = []int{5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1}
)

// parseNO parses a Norwegian fødselsnummer, D-number or H-number.
func parseNO(s string) (Number, *Error) {
	d := strings.ReplaceAll(s, " ", "")
	if len(d) != 11 || !isDigits(d) {
		return Number{}, errLength(11)
	}
	legacy, err := noControl(d)
	if err != nil {
		return Number{}, err
	}
	n := Number{Country: Norway, Digits: d}
	day, month := noOffsets(&n, atoi(d[0:2]), atoi(d[2:4]))
	n.BirthDate, err = noBirthDate(legacy, atoi(d[6:9]), atoi(d[4:6]), month, day)
	if err != nil {
		return Number{}, err
	}
	return n, nil
}

// noControl checks both control digits. It accepts the up to four K1 values
// of the 2032 rule for every number, since a number cannot tell when it was
// issued, and reports whether K1 is also the single value of the old rule.
func noControl(d string) (legacy bool, err *Error) {
	r1 := weightedSum(d, noWeights1) % 11
	if r1 > 3 {
		return false, errControl1()
	}
	if weightedSum(d, noWeights2)%11 != 0 {
		return false, errControl2()
	}
	return r1 == 0, nil
}

// noOffsets sets n's Kind and Synthetic from the day and month offsets and
// returns the day and month with the offsets removed. Month + 40 is reported
// as an H-number, not as a synthetic NAV Dolly number: the two cannot be told
// apart, and a real H-number must not be treated as test data.
func noOffsets(n *Number, day, month int) (int, int) {
	n.Kind = KindFnr
	if day > 40 {
		n.Kind, day = KindDnr, day-40
	}
	switch {
	case month > 80:
		n.Synthetic, month = true, month-80
	case month > 40:
		n.Kind, month = KindHnr, month-40
	}
	return day, month
}

// noBirthDate returns the birth date from the individnummer ind and the
// two-digit year yy. A number valid under the old control-digit rule must
// have a known century. Under the 2032 rule the individnummer no longer
// encodes the century, so a date that is invalid or cannot be placed by the
// century table is accepted, with a zero birth date, if it is a real date in
// the 1900s or 2000s.
func noBirthDate(legacy bool, ind, yy, month, day int) (time.Time, *Error) {
	century, known := noCentury(ind, yy)
	if !known && legacy {
		return time.Time{}, errCentury()
	}
	if t, ok := date(century+yy, month, day); known && ok {
		return t, nil
	}
	if legacy || !anyCenturyDate(yy, month, day) {
		return time.Time{}, errDate()
	}
	return time.Time{}, nil
}

// noCentury returns the century of a birth year from the individnummer and
// the two-digit year, by the table of the old rule, and false if the table
// has no entry.
func noCentury(ind, yy int) (int, bool) {
	switch {
	case ind <= 499:
		return 1900, true
	case ind <= 749 && yy >= 54:
		return 1800, true
	case yy <= 39:
		return 2000, true
	case ind >= 900:
		return 1900, true
	}
	return 0, false
}

// anyCenturyDate reports whether day.month.yy is a real date in the 1900s or
// the 2000s; the 1800s add no date that one of them lacks.
func anyCenturyDate(yy, month, day int) bool {
	_, ok19 := date(1900+yy, month, day)
	_, ok20 := date(2000+yy, month, day)
	return ok19 || ok20
}
