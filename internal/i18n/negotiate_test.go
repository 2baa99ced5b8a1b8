package i18n

import "testing"

func TestNegotiate(t *testing.T) {
	tests := []struct {
		name           string
		cookie, header string
		want           Lang
	}{
		{"nothing: fallback", "", "", DA},
		{"cookie wins over header", "sv", "nb-NO,nb;q=0.9", SV},
		{"unsupported cookie ignored", "fi", "da-DK", DA},
		{"cookie with region", "en-GB", "", EN},
		{"no → nb", "", "no", NB},
		{"nn → nb", "", "nn", NB},
		{"nb-NO → nb", "", "nb-NO", NB},
		{"da-DK → da", "", "da-DK", DA},
		{"sv-SE → sv", "", "sv-SE", SV},
		{"en-US → en", "", "en-US", EN},
		{"q-values order", "", "en;q=0.5, sv-SE;q=0.8, da;q=0.7", SV},
		{"default q is 1", "", "en;q=0.9, nb", NB},
		{"first of equals", "", "sv;q=0.5, da;q=0.5", SV},
		{"unsupported skipped", "", "fi-FI, de;q=0.9, da;q=0.1", DA},
		{"q=0 is not acceptable", "", "sv;q=0, fi", DA},
		{"malformed q never wins", "", "sv;q=x, en;q=0.2", EN},
		{"q above 1 is malformed", "", "sv;q=2, en;q=0.2", EN},
		{"spaces and case", "", " EN-gb ; Q=0.3 ,  SV ; q=0.2", EN},
		{"wildcard ignored", "", "*", DA},
		{"other parameters", "", "sv;level=1;q=0.4, en;q=0.3", SV},
		{"typical Swedish browser", "", "sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7", SV},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Negotiate(tt.cookie, tt.header, DA); got != tt.want {
				t.Errorf("Negotiate(%q, %q, da) = %q, want %q", tt.cookie, tt.header, got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"nb", NB, true},
		{"NB-no", NB, true},
		{"no", NB, true},
		{"nn_NO", NB, true},
		{"da", DA, true},
		{"sv-FI", SV, true},
		{"en_GB", EN, true},
		{" en ", EN, true},
		{"", "", false},
		{"fi", "", false},
		{"english", "", false},
		{"*", "", false},
	}
	for _, tt := range tests {
		if got, ok := Parse(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestName(t *testing.T) {
	want := map[Lang]string{NB: "Norsk bokmål", DA: "Dansk", SV: "Svenska", EN: "English", "fi": "fi"}
	for l, name := range want {
		if got := l.Name(); got != name {
			t.Errorf("%q.Name() = %q, want %q", l, got, name)
		}
	}
	if len(Supported) != 4 || Supported[0] != NB || Supported[3] != EN {
		t.Errorf("Supported = %v, want [nb da sv en]", Supported)
	}
}
