package nin

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzCountries are the countries FuzzParse passes, indexed by its second
// argument.
var fuzzCountries = []Country{"", Norway, Sweden, Denmark, "XX"}

// fuzzSeeds are the vectors of the domain reference plus forms the parsers
// must reject.
var fuzzSeeds = []string{
	"31129956715", "10915596784", "50846202355", "15507600333", "55507608360",
	"02013299997", "30108299920", "30108299939", "70108299914", "02013299987",
	"02013299996", "01819040180", "01819040261", "13097248022", "53097248016",
	"13527248013", "29020075838", "01015080090", "311299 56715",
	"640823-3234", "191212121212", "195005050512", "190301249801", "194408139089",
	"200001052380", "811218-9876", "730678-3239", "121212+1212", "19640823-3234",
	"711111-1116", "010165-1234", "290200-4000", "", "+", "-", "12345678901234",
}

// FuzzParse checks that Parse never panics, returns only *Error errors, and
// that a valid Number re-parses from its Digits to the same Number.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		for i := range fuzzCountries {
			f.Add(s, uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, s string, ci uint8) {
		country := fuzzCountries[int(ci)%len(fuzzCountries)]
		n, err := Parse(s, country, testNow)
		if errorKey(t, err) != "" {
			return
		}
		again, err := Parse(n.Digits, n.Country, testNow)
		if err != nil {
			t.Fatalf("Parse(%q) = %+v, but its Digits fail: %v", s, n, err)
		}
		if diff := cmp.Diff(n, again); diff != "" {
			t.Errorf("re-parse of %q differs (-first +again):\n%s", s, diff)
		}
		if masked := n.Masked(); strings.Count(masked, "*") != len(n.Digits)-6 {
			t.Errorf("Masked() = %q hides the wrong digits", masked)
		}
	})
}
