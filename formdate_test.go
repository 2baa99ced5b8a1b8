package torg

import "testing"

func TestParseFormDate(t *testing.T) {
	dec1 := Date{2026, 12, 1}
	tests := []struct {
		in   string
		want Date // zero: an error
	}{
		{"2026-12-01", dec1},
		{"2026-12-1", dec1},
		{"01.12.2026", dec1},
		{"1.12.2026", dec1},
		{"1. 12. 2026", dec1},
		{"1 . 12 . 2026", dec1},
		{"01/12/2026", dec1},
		{"1/12-2026", dec1},
		{"01-12-2026", dec1},
		{"01 12 2026", dec1},
		{"  01.12.2026\t", dec1},
		{"\u00a001.12.2026\u00a0", dec1},
		{"1 Dec 2026", dec1},
		{"1 December 2026", dec1},
		{"24.12.1985", Date{1985, 12, 24}},
		{"29.02.2028", Date{2028, 2, 29}},
		{"31/12/2026", Date{2026, 12, 31}},
		{"", Date{}},
		{"   ", Date{}},
		{"29.02.2027", Date{}}, // not a leap year
		{"31.04.2026", Date{}},
		{"32.12.2026", Date{}},
		{"01.13.2026", Date{}},
		{"00.12.2026", Date{}},
		{"2026-13-01", Date{}},
		{"2026-02-30", Date{}},
		{"01.12.26", Date{}}, // a two-digit year could be 1926 or 2026
		{"011226", Date{}},
		{"01122026", Date{}},
		{"12/01/2026x", Date{}},
		{"2026/12/01", Date{}},
		{"1.12", Date{}},
		{"i morgen", Date{}},
		{"1 Dez 2026", Date{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFormDate(tt.in)
			switch {
			case tt.want.IsZero() && err == nil:
				t.Errorf("ParseFormDate(%q) = %v, want an error", tt.in, got)
			case !tt.want.IsZero() && (err != nil || got != tt.want):
				t.Errorf("ParseFormDate(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestParseFormDateReadsPrintedDates checks that every way the pages print
// a date reads back, so that a form refilled with a printed date submits.
func TestParseFormDateReadsPrintedDates(t *testing.T) {
	d := Date{2027, 7, 1}
	for _, layout := range []string{"02.01.2006", "2006-01-02", "2 Jan 2006"} { // nb and da, sv, en
		s := d.Time().Format(layout)
		if got, err := ParseFormDate(s); err != nil || got != d {
			t.Errorf("ParseFormDate(%q) = %v, %v, want %v", s, got, err, d)
		}
	}
}
