package nin

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testNow is the default clock of the tests; Swedish 10-digit numbers take
// their century from it.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// parseTest is one row of a Parse table: either want or wantKey is set.
type parseTest struct {
	name    string
	in      string
	country Country
	now     time.Time // testNow if zero
	want    Number
	wantKey string
}

// runParseTests runs Parse on each row and compares the Number, or the Key
// of the *Error.
func runParseTests(t *testing.T, tests []parseTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.now
			if now.IsZero() {
				now = testNow
			}
			got, err := Parse(tt.in, tt.country, now)
			if key := errorKey(t, err); key != tt.wantKey {
				t.Fatalf("Parse(%q) error = %v (key %q), want key %q", tt.in, err, key, tt.wantKey)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// errorKey returns the Key of err, which must be nil or an *Error with a
// message.
func errorKey(tb testing.TB, err error) string {
	tb.Helper()
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) {
		tb.Fatalf("error %v is %T, want *Error", err, err)
	}
	if e.Msg == "" || e.Key == "" {
		tb.Fatalf("error %#v lacks Key or Msg", e)
	}
	return e.Key
}

// day returns the date y-m-d at UTC midnight.
func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestParseCountry(t *testing.T) {
	runParseTests(t, []parseTest{
		{name: "unknown country", in: "31129956715", country: "FI", wantKey: KeyCountry},
		{name: "lower case country", in: "31129956715", country: "no", wantKey: KeyCountry},
	})
}

func TestParseInfer(t *testing.T) {
	se := func(digits string, kind Kind, born time.Time) Number {
		return Number{Country: Sweden, Kind: kind, Digits: digits, BirthDate: born}
	}
	runParseTests(t, []parseTest{
		{name: "11 digits are NO", in: "31129956715",
			want: Number{Country: Norway, Kind: KindFnr, Digits: "31129956715", BirthDate: day(1899, 12, 31)}},
		{name: "11 digits with spaces are NO", in: "311299 567 15",
			want: Number{Country: Norway, Kind: KindFnr, Digits: "31129956715", BirthDate: day(1899, 12, 31)}},
		{name: "12 digits are SE", in: "191212121212",
			want: se("191212121212", KindPersonnummer, day(1912, 12, 12))},
		{name: "plus is SE", in: "121212+1212",
			want: se("191212121212", KindPersonnummer, day(1912, 12, 12))},
		{name: "10 digits pass as SE first", in: "640823-3234",
			want: se("196408233234", KindPersonnummer, day(1964, 8, 23))},
		{name: "10 digits failing Luhn are DK", in: "711111-1116",
			want: Number{Country: Denmark, Kind: KindCPR, Digits: "7111111116", BirthDate: day(1911, 11, 11), Synthetic: true}},
		{name: "10 digits failing Luhn and mod 11 are DK", in: "0101651234",
			want: Number{Country: Denmark, Kind: KindCPR, Digits: "0101651234", BirthDate: day(1965, 1, 1), Warning: WarnMod11}},
		{name: "SE date, no DK date: Luhn error", in: "991231-1234", wantKey: KeyLuhn},
		{name: "neither date: DK date error", in: "1313131313", wantKey: KeyDate},
		{name: "11 digits invalid stay NO", in: "02013299996", wantKey: KeyControl2},
		{name: "9 digits", in: "311299567", wantKey: KeyLength},
		{name: "13 digits", in: "3112995671500", wantKey: KeyLength},
		{name: "empty", in: "", wantKey: KeyLength},
		{name: "letters", in: "ABCDEFGHIJK", wantKey: KeyLength},
	})
}

func TestErrorMessages(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantKey  string
		wantMsg  string
		wantArgs []any
	}{
		{"control digit 1", "02013299987", KeyControl1, "control digit 1 does not match", nil},
		{"control digit 2", "02013299996", KeyControl2, "control digit 2 does not match", nil},
		{"length", "0201329999", KeyLength, "must be 11 digits, in one of the accepted forms", []any{"want", 11}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.in, Norway, testNow)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error = %v, want *Error", tt.in, err)
			}
			want := &Error{Key: tt.wantKey, Msg: tt.wantMsg, Args: tt.wantArgs}
			if diff := cmp.Diff(want, e); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			if err.Error() != tt.wantMsg {
				t.Errorf("Error() = %q, want %q", err.Error(), tt.wantMsg)
			}
		})
	}
}
