package debt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/torg-kommune/torg"
)

// Message keys of ParseRates's errors, besides those of
// torg.LivingCostRates.Validate. Each error's Args have "table", the
// table's position in the file from 1, where one table is at fault.
const (
	keyRatesFormat    = "rates.format"       // not a JSON array of tables, or an unknown field
	keyRatesEmpty     = "rates.empty"        // no tables
	keyRatesCountry   = "rates.country"      // the country is not NO, SE or DK
	keyRatesDuplicate = "rates.duplicate"    // two tables of one country from the same date
	keyRatesWhole     = "rates.whole_kroner" // an amount that is not a whole number of kroner
)

// ratesCountries are the countries a rate table can be for.
var ratesCountries = []string{"NO", "SE", "DK"}

// ratesJSON is one table as "torg rates import" reads it, in whole kroner.
type ratesJSON struct {
	Country           string      `json:"country"`
	ValidFrom         string      `json:"valid_from"`
	Single            json.Number `json:"single"`
	Cohabiting        json.Number `json:"cohabiting"`
	SupportingPartner json.Number `json:"supporting_partner"`
	Child0to5         json.Number `json:"child_0_5"`
	Child6to10        json.Number `json:"child_6_10"`
	Child11to14       json.Number `json:"child_11_14"`
	Child15Plus       json.Number `json:"child_15_plus"`
	Source            string      `json:"source"`
}

// ParseRates reads living-cost tables from a JSON array of objects such as
// {"country":"NO","valid_from":"2025-07-01","single":10724,
// "cohabiting":9082,"supporting_partner":18164,"child_0_5":3432,
// "child_6_10":4553,"child_11_14":5747,"child_15_plus":6611,
// "source":"regjeringen.no"}, with the amounts in whole kroner (docs/debt.md).
// Every field but source is required and no other field is allowed, so
// that a misspelt name is an error rather than a rate of 0. Each table is
// validated, and two tables of one country from the same date are refused.
// Errors are *torg.Error.
func ParseRates(data []byte) ([]torg.LivingCostRates, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var in []ratesJSON
	if err := dec.Decode(&in); err != nil {
		return nil, torg.Errorf(torg.EINVALID, keyRatesFormat, "detail", jsonDetail(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, torg.Errorf(torg.EINVALID, keyRatesFormat, "detail", "trailing data")
	}
	if len(in) == 0 {
		return nil, torg.Errorf(torg.EINVALID, keyRatesEmpty)
	}
	out := make([]torg.LivingCostRates, 0, len(in))
	seen := map[string]bool{}
	for i, j := range in {
		r, err := j.rates()
		if err != nil {
			err.Args = append(err.Args, "table", i+1)
			return nil, err
		}
		k := r.Country + " " + r.ValidFrom.String()
		if seen[k] {
			return nil, torg.FieldError("valid_from", keyRatesDuplicate, "table", i+1)
		}
		seen[k] = true
		out = append(out, r)
	}
	return out, nil
}

// rates converts and validates one table.
func (j *ratesJSON) rates() (torg.LivingCostRates, *torg.Error) {
	r := torg.LivingCostRates{Country: strings.ToUpper(strings.TrimSpace(j.Country)), Source: strings.TrimSpace(j.Source)}
	if !slices.Contains(ratesCountries, r.Country) {
		return r, torg.FieldError("country", keyRatesCountry)
	}
	if j.ValidFrom == "" {
		return r, torg.FieldError("valid_from", "rates.valid_from_required")
	}
	d, err := torg.ParseDate(j.ValidFrom)
	if err != nil {
		return r, torg.FieldError("valid_from", keyRatesFormat, "detail", "valid_from is not a date (2006-01-02)")
	}
	r.ValidFrom = d
	for _, f := range []struct {
		name string
		n    json.Number
		dst  *torg.Money
	}{
		{"single", j.Single, &r.Single}, {"cohabiting", j.Cohabiting, &r.Cohabiting},
		{"supporting_partner", j.SupportingPartner, &r.SupportingPartner}, {"child_0_5", j.Child0to5, &r.Child0to5},
		{"child_6_10", j.Child6to10, &r.Child6to10}, {"child_11_14", j.Child11to14, &r.Child11to14},
		{"child_15_plus", j.Child15Plus, &r.Child15Plus},
	} {
		k, err := f.n.Int64()
		if f.n == "" || err != nil || k > int64(torg.MaxMoney/100) {
			return r, torg.FieldError(f.name, keyRatesWhole)
		}
		*f.dst = kroner(k)
	}
	if err := r.Validate(); err != nil {
		return r, torg.AsError(err)
	}
	return r, nil
}

// jsonDetail says in a few words where a JSON file went wrong, for the
// administrator who wrote it.
func jsonDetail(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("%s: a JSON %s is not allowed here", te.Field, te.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
