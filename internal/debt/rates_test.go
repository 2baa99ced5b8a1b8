package debt

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/torg-kommune/torg"
)

func TestParseRates(t *testing.T) {
	got, err := ParseRates(readTestdata(t, "rates.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []torg.LivingCostRates{{
		Country: "NO", ValidFrom: date(2025, time.July, 1), Single: nok(11050), Cohabiting: nok(9360),
		SupportingPartner: nok(18720), Child0to5: nok(3540), Child6to10: nok(4690), Child11to14: nok(5920),
		Child15Plus: nok(6810), Source: "Example table for tests, not the real 2025 rates",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The imported table takes over from the embedded ones on its date.
	all := append(DefaultRates(), got...)
	if r, _ := RatesOn(all, "NO", date(2025, time.July, 1)); r.Single != nok(11050) {
		t.Errorf("RatesOn after import: single %d", r.Single)
	}
	if r, _ := RatesOn(all, "NO", date(2025, time.June, 30)); r.Single != nok(10724) {
		t.Errorf("RatesOn the day before: single %d", r.Single)
	}
}

func TestParseRatesErrors(t *testing.T) {
	valid := `{"country":"NO","valid_from":"2025-07-01","single":11050,"cohabiting":9360,"supporting_partner":18720,` +
		`"child_0_5":3540,"child_6_10":4690,"child_11_14":5920,"child_15_plus":6810}`
	edit := func(old, new string) string { return "[" + strings.Replace(valid, old, new, 1) + "]" }
	tests := []struct {
		name, data, key, field string
	}{
		{"not JSON", "rates", keyRatesFormat, ""},
		{"an object, not an array", valid, keyRatesFormat, ""},
		{"empty array", "[]", keyRatesEmpty, ""},
		{"trailing data", "[" + valid + "] []", keyRatesFormat, ""},
		{"misspelt field", edit(`"single"`, `"singel"`), keyRatesFormat, ""},
		{"unknown country", edit(`"NO"`, `"FI"`), keyRatesCountry, "country"},
		{"missing country", edit(`"country":"NO",`, ``), keyRatesCountry, "country"},
		{"no date", edit(`"valid_from":"2025-07-01",`, ``), "rates.valid_from_required", "valid_from"},
		{"bad date", edit(`2025-07-01`, `01.07.2025`), keyRatesFormat, "valid_from"},
		{"øre instead of kroner", edit(`11050`, `11050.50`), keyRatesWhole, "single"},
		{"an amount as text", edit(`11050`, `"elleve tusen"`), keyRatesFormat, ""},
		{"missing amount", edit(`"child_15_plus":6810`, `"source":"x"`), keyRatesWhole, "child_15_plus"},
		{"zero amount", edit(`3540`, `0`), "rates.amount_range", "rates"},
		{"negative amount", edit(`4690`, `-4690`), "rates.amount_range", "rates"},
		{"absurd amount", edit(`5920`, `5920000000000`), keyRatesWhole, "child_11_14"},
		{"the same table twice", "[" + valid + "," + valid + "]", keyRatesDuplicate, "valid_from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRates([]byte(tt.data))
			e := torg.AsError(err)
			if e == nil || e.Key != tt.key || e.Field != tt.field {
				t.Fatalf("ParseRates = %v, %v; want key %s, field %q", got, err, tt.key, tt.field)
			}
		})
	}
	t.Run("a lower-case country is accepted", func(t *testing.T) {
		if _, err := ParseRates([]byte(edit(`"NO"`, `"no"`))); err != nil {
			t.Error(err)
		}
	})
}
