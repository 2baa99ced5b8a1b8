package nin

import (
	"testing"
	"time"
)

// se returns a Swedish Number.
func se(digits string, kind Kind, born time.Time) Number {
	return Number{Country: Sweden, Kind: kind, Digits: digits, BirthDate: born}
}

func TestParseSweden(t *testing.T) {
	turning100 := time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC)
	tests := []parseTest{
		// Documented vectors, domain reference §1.2.
		{name: "worked example", in: "640823-3234", want: se("196408233234", KindPersonnummer, day(1964, 8, 23))},
		{name: "test person 1912", in: "191212121212", want: se("191212121212", KindPersonnummer, day(1912, 12, 12))},
		{name: "test person 1950", in: "195005050512", want: se("195005050512", KindPersonnummer, day(1950, 5, 5))},
		{name: "test person 1903", in: "190301249801", want: se("190301249801", KindPersonnummer, day(1903, 1, 24))},
		{name: "test person 1944", in: "194408139089", want: se("194408139089", KindPersonnummer, day(1944, 8, 13))},
		{name: "test person 2000", in: "200001052380", want: se("200001052380", KindPersonnummer, day(2000, 1, 5))},
		{name: "BankID example", in: "811218-9876", want: se("198112189876", KindPersonnummer, day(1981, 12, 18))},
		{name: "samordningsnummer", in: "730678-3239", want: se("197306783239", KindSamordningsnummer, day(1973, 6, 18))},
		// Forms and the century of 10-digit numbers.
		{name: "12 digits with hyphen", in: "19640823-3234", want: se("196408233234", KindPersonnummer, day(1964, 8, 23))},
		{name: "10 digits without separator", in: "6408233234", want: se("196408233234", KindPersonnummer, day(1964, 8, 23))},
		{name: "10 digits, recent year", in: "121212-1212", want: se("201212121212", KindPersonnummer, day(2012, 12, 12))},
		{name: "plus: over 100", in: "121212+1212", want: se("191212121212", KindPersonnummer, day(1912, 12, 12))},
		{name: "plus: turning 100 later this year", in: "261231+1239", now: turning100,
			want: se("192612311239", KindPersonnummer, day(1926, 12, 31))},
		{name: "hyphen: turning 100 next year", in: "261231-1239", now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
			want: se("192612311239", KindPersonnummer, day(1926, 12, 31))},
		{name: "surrounding spaces", in: " 640823-3234\t", want: se("196408233234", KindPersonnummer, day(1964, 8, 23))},
		{name: "leap day 2024", in: "240229-1237", want: se("202402291237", KindPersonnummer, day(2024, 2, 29))},
		// Invalid.
		{name: "Luhn", in: "640823-3235", wantKey: KeyLuhn},
		{name: "Luhn, 12 digits", in: "196408233235", wantKey: KeyLuhn},
		{name: "29 Feb 2023", in: "230229-1238", wantKey: KeyDate},
		{name: "month 13", in: "641323-3234", wantKey: KeyDate},
		{name: "samordningsnummer day 92", in: "730692-3239", wantKey: KeyDate},
		{name: "century 21", in: "216408233234", wantKey: KeyCentury},
		{name: "12 digits with plus", in: "19640823+3234", wantKey: KeyLength},
		{name: "space separator", in: "640823 3234", wantKey: KeyLength},
		{name: "hyphen misplaced", in: "64082-33234", wantKey: KeyLength},
		{name: "letter", in: "640823-323A", wantKey: KeyLength},
		{name: "11 digits", in: "64082332341", wantKey: KeyLength},
	}
	for i := range tests {
		tests[i].country = Sweden
	}
	runParseTests(t, tests)
}

func TestLuhn(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"worked example", "6408233234", true},
		{"last digit off", "6408233233", false},
		{"zeros", "0000000000", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := luhn(tt.in); got != tt.want {
				t.Errorf("luhn(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
