package nin

import (
	"testing"
	"time"
)

// dk returns a Danish Number.
func dk(digits string, born time.Time, synthetic bool, warning string) Number {
	return Number{Country: Denmark, Kind: KindCPR, Digits: digits, BirthDate: born, Synthetic: synthetic, Warning: warning}
}

func TestParseDenmark(t *testing.T) {
	tests := []parseTest{
		{name: "day+60 fictitious person", in: "711111-1116", want: dk("7111111116", day(1911, 11, 11), true, "")},
		{name: "no mod 11, 1 Jan 1965", in: "010165-1234", want: dk("0101651234", day(1965, 1, 1), false, WarnMod11)},
		{name: "no separator", in: "0101651234", want: dk("0101651234", day(1965, 1, 1), false, WarnMod11)},
		{name: "surrounding spaces", in: " 711111-1116 ", want: dk("7111111116", day(1911, 11, 11), true, "")},
		// Century from the 7th digit.
		{name: "digit 4, YY 99: 1900s", in: "311299-4000", want: dk("3112994000", day(1999, 12, 31), false, WarnMod11)},
		{name: "digit 4, YY 36: 2000s", in: "010136-4000", want: dk("0101364000", day(2036, 1, 1), false, WarnMod11)},
		{name: "digit 9, YY 37: 1900s", in: "010137-9000", want: dk("0101379000", day(1937, 1, 1), false, "")},
		{name: "digit 5, YY 37: 2000s", in: "010137-5000", want: dk("0101375000", day(2037, 1, 1), false, WarnMod11)},
		{name: "digit 8, YY 57: 2000s", in: "010157-8000", want: dk("0101578000", day(2057, 1, 1), false, WarnMod11)},
		{name: "digit 5, YY 58: 1800s", in: "010158-5000", want: dk("0101585000", day(1858, 1, 1), false, WarnMod11)},
		{name: "digit 3, YY 10: 1900s", in: "010110-3000", want: dk("0101103000", day(1910, 1, 1), false, WarnMod11)},
		{name: "29 Feb 2000, digit 4", in: "290200-4000", want: dk("2902004000", day(2000, 2, 29), false, WarnMod11)},
		// Invalid.
		{name: "29 Feb 1900, digit 1", in: "290200-1000", wantKey: KeyDate},
		{name: "29 Feb 2001", in: "290201-4000", wantKey: KeyDate},
		{name: "31 Feb", in: "310265-1234", wantKey: KeyDate},
		{name: "day 92", in: "921111-1116", wantKey: KeyDate},
		{name: "month 13", in: "011365-1234", wantKey: KeyDate},
		{name: "plus separator", in: "010165+1234", wantKey: KeyLength},
		{name: "12 digits", in: "196501011234", wantKey: KeyLength},
		{name: "letter", in: "010165-12x4", wantKey: KeyLength},
	}
	for i := range tests {
		tests[i].country = Denmark
	}
	runParseTests(t, tests)
}
