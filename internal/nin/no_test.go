package nin

import (
	"testing"
	"time"
)

// no returns a Norwegian Number.
func no(digits string, kind Kind, born time.Time, synthetic bool) Number {
	return Number{Country: Norway, Kind: kind, Digits: digits, BirthDate: born, Synthetic: synthetic}
}

func TestParseNorway(t *testing.T) {
	var unknown time.Time
	tests := []parseTest{
		// Documented vectors, domain reference §1.1.
		{name: "fnrinfo worked example, 1800s", in: "31129956715", want: no("31129956715", KindFnr, day(1899, 12, 31), false)},
		{name: "Tenor synthetic month 91", in: "10915596784", want: no("10915596784", KindFnr, day(1955, 11, 10), true)},
		{name: "Tenor synthetic D-number", in: "50846202355", want: no("50846202355", KindDnr, day(1962, 4, 10), true)},
		{name: "Dolly month 50 reads as H-number", in: "15507600333", want: no("15507600333", KindHnr, day(1976, 10, 15), false)},
		{name: "Dolly D-number reads as H-number", in: "55507608360", want: no("55507608360", KindHnr, day(1976, 10, 15), false)},
		{name: "2032 example born 2032", in: "02013299997", want: no("02013299997", KindFnr, day(2032, 1, 2), false)},
		{name: "2032 example remainder 0", in: "30108299920", want: no("30108299920", KindFnr, day(1982, 10, 30), false)},
		{name: "2032 example remainder 1", in: "30108299939", want: no("30108299939", KindFnr, day(1982, 10, 30), false)},
		{name: "2032 D-number", in: "70108299914", want: no("70108299914", KindDnr, day(1982, 10, 30), false)},
		{name: "K1 wrong", in: "02013299987", wantKey: KeyControl1},
		{name: "K2 wrong", in: "02013299996", wantKey: KeyControl2},
		{name: "constructed Tenor 1", in: "01819040180", want: no("01819040180", KindFnr, day(1990, 1, 1), true)},
		{name: "constructed Tenor 2", in: "01819040261", want: no("01819040261", KindFnr, day(1990, 1, 1), true)},
		// Checksum-only library vectors.
		{name: "checksum vector fnr", in: "13097248022", want: no("13097248022", KindFnr, day(1972, 9, 13), false)},
		{name: "checksum vector D-number", in: "53097248016", want: no("53097248016", KindDnr, day(1972, 9, 13), false)},
		{name: "checksum vector H-number", in: "13527248013", want: no("13527248013", KindHnr, day(1972, 12, 13), false)},
		{name: "leap day 2000", in: "29020075838", want: no("29020075838", KindFnr, day(2000, 2, 29), false)},
		// Constructed here with valid control digits.
		{name: "leap day 2000, individnummer 500", in: "29020050088", want: no("29020050088", KindFnr, day(2000, 2, 29), false)},
		{name: "29 Feb 1900 is not a date", in: "29020012380", wantKey: KeyDate},
		{name: "29 Feb 1901 is not a date", in: "29020112482", wantKey: KeyDate},
		{name: "31 Feb", in: "31028512379", wantKey: KeyDate},
		{name: "month 13", in: "01138512394", wantKey: KeyDate},
		{name: "day 32", in: "32018512318", wantKey: KeyDate},
		{name: "unknown century, old rule", in: "01015080082", wantKey: KeyCentury},
		{name: "unknown century, 2032 rule only", in: "01015080090", want: no("01015080090", KindFnr, unknown, false)},
		{name: "2032 rule only, 29 Feb 2000 not 1900", in: "29020010043", want: no("29020010043", KindFnr, unknown, false)},
		{name: "2032 rule only, 29 Feb 1901 or 2001", in: "29020110064", wantKey: KeyDate},
		// Forms.
		{name: "surrounding spaces", in: "  31129956715 ", want: no("31129956715", KindFnr, day(1899, 12, 31), false)},
		{name: "spaces inside", in: "311299 56715", want: no("31129956715", KindFnr, day(1899, 12, 31), false)},
		{name: "hyphen", in: "311299-56715", wantKey: KeyLength},
		{name: "10 digits", in: "3112995671", wantKey: KeyLength},
		{name: "12 digits", in: "311299567150", wantKey: KeyLength},
		{name: "letter", in: "3112995671O", wantKey: KeyLength},
		{name: "non-ASCII digit", in: "3112995671٥", wantKey: KeyLength},
		{name: "empty", in: "", wantKey: KeyLength},
	}
	for i := range tests {
		tests[i].country = Norway
	}
	runParseTests(t, tests)
}
