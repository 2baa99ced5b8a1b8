package nin

import "testing"

func TestNumberFormats(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		country     Country
		wantDisplay string
		wantMasked  string
	}{
		{"NO", "31129956715", Norway, "31129956715", "311299*****"},
		{"SE from 10 digits", "640823-3234", Sweden, "19640823-3234", "196408******"},
		{"SE from 12 digits", "191212121212", Sweden, "19121212-1212", "191212******"},
		{"DK", "7111111116", Denmark, "711111-1116", "711111****"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.in, tt.country, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if got := n.Display(); got != tt.wantDisplay {
				t.Errorf("Display() = %q, want %q", got, tt.wantDisplay)
			}
			if got := n.Masked(); got != tt.wantMasked {
				t.Errorf("Masked() = %q, want %q", got, tt.wantMasked)
			}
		})
	}
}

func TestMask(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"NO", "31129956715", "311299*****"},
		{"separator hidden", "640823-3234", "640823*****"},
		{"surrounding spaces trimmed", " 311299 56715 ", "311299******"},
		{"letters hidden", "Ola 311299", "****311299"},
		{"short", "3112", "3112"},
		{"empty", "", ""},
		{"non-digit inside", "31129é56715", "31129*5****"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
