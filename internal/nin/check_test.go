package nin

import (
	"encoding/json"
	"testing"
)

func TestCheckJSON(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		country Country
		want    string
	}{
		{"valid NO", "31129956715", Norway,
			`{"valid":true,"country":"NO","kind":"fnr","birth_date":"1899-12-31","synthetic":false}`},
		{"invalid NO", "02013299996", Norway,
			`{"valid":false,"country":"NO","error":"control digit 2 does not match"}`},
		{"invalid, country inferred", "02013299996", "",
			`{"valid":false,"country":"NO","error":"control digit 2 does not match"}`},
		{"synthetic DK with warning", "710165-1234", Denmark,
			`{"valid":true,"country":"DK","kind":"cpr","birth_date":"1965-01-11","synthetic":true,"warning":"nin.warn_mod11"}`},
		{"2032 rule, unknown century", "01015080090", Norway,
			`{"valid":true,"country":"NO","kind":"fnr","synthetic":false}`},
		{"unknown country", "31129956715", "FI",
			`{"valid":false,"error":"country \"FI\" is not supported; use NO, SE or DK"}`},
		{"length, no country", "123", "",
			`{"valid":false,"error":"must be 10/11/12 digits, in one of the accepted forms"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(Check(tt.in, tt.country, testNow))
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("Check(%q) JSON =\n%s\nwant\n%s", tt.in, b, tt.want)
			}
		})
	}
}
