package letter

import (
	"reflect"
	"testing"

	"github.com/torg-kommune/torg"
)

func TestFormats(t *testing.T) {
	const nbsp = "\u00a0"
	day := DateOf(torg.Date{Year: 2026, Month: 3, Day: 24})
	amount := Amount{Minor: 1_234_567_89}
	tests := []struct {
		lang, country                    string
		date, weekday, clock, money, neg string
	}{
		{"nb", "NO", "24. mars 2026", "tirsdag", "09.05", "kr" + nbsp + "1" + nbsp + "234" + nbsp + "567,89", "kr" + nbsp + "-5,00"},
		{"da", "DK", "24. marts 2026", "tirsdag", "09.05", "1.234.567,89" + nbsp + "kr.", "-5,00" + nbsp + "kr."},
		{"sv", "SE", "24 mars 2026", "tisdag", "09.05", "1" + nbsp + "234" + nbsp + "567,89" + nbsp + "kr", "-5,00" + nbsp + "kr"},
		{"en", "NO", "24 March 2026", "Tuesday", "09:05", "NOK" + nbsp + "1,234,567.89", "NOK" + nbsp + "-5.00"},
		{"en", "SE", "24 March 2026", "Tuesday", "09:05", "SEK" + nbsp + "1,234,567.89", "SEK" + nbsp + "-5.00"},
		{"en", "DK", "24 March 2026", "Tuesday", "09:05", "DKK" + nbsp + "1,234,567.89", "DKK" + nbsp + "-5.00"},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"-"+tt.country, func(t *testing.T) {
			loc := locale{tt.lang, tt.country}
			d, clock := day, TimeOfDay{Hour: 9, Minute: 5, loc: loc}
			d.loc = loc
			a, neg := amount, Kroner(-5)
			a.loc, neg.loc = loc, loc
			got := []string{d.String(), d.Weekday(), clock.String(), a.String(), neg.String()}
			want := []string{tt.date, tt.weekday, tt.clock, tt.money, tt.neg}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	if s := (Date{}).String(); s != "" {
		t.Errorf("zero date prints %q", s)
	}
	if s := day.String(); s != "2026-03-24" {
		t.Errorf("a date without a language prints %q, want ISO", s)
	}
}

func TestAddress(t *testing.T) {
	a := Address{Street: "c/o Hansen\nStorgata 1", Postcode: "9901", City: "Torgvik", Country: "NORGE"}
	if got, want := a.String(), "c/o Hansen, Storgata 1, 9901 Torgvik, NORGE"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := (Address{}).Lines(); got != nil {
		t.Errorf("empty address has lines %q", got)
	}
}

func TestLabelsAreComplete(t *testing.T) {
	for _, lang := range langs {
		v := reflect.ValueOf(*texts[lang])
		for i := range v.NumField() {
			f := v.Field(i)
			empty := f.Kind() == reflect.String && f.String() == ""
			for j := 0; f.Kind() == reflect.Array && j < f.Len(); j++ {
				empty = empty || f.Index(j).String() == ""
			}
			if empty {
				t.Errorf("%s: label %s is empty", lang, v.Type().Field(i).Name)
			}
		}
	}
}

func TestCP1252(t *testing.T) {
	if got, want := toCP1252("æøåÆØÅäöÄÖé «»–€"), "\xe6\xf8\xe5\xc6\xd8\xc5\xe4\xf6\xc4\xd6\xe9 \xab\xbb\x96\x80"; got != want {
		t.Errorf("toCP1252 = %q, want %q", got, want)
	}
	// Sámi letters outside Windows-1252 lose their diacritic in the PDF.
	if got, want := toCP1252("Čáhcesuolu Đ ŋ 漢"), "C\xe1hcesuolu D n ?"; got != want {
		t.Errorf("toCP1252 = %q, want %q", got, want)
	}
}
