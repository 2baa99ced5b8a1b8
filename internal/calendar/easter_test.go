package calendar

import (
	"testing"

	"github.com/torg-kommune/torg"
)

func TestEasterSunday(t *testing.T) {
	tests := []struct {
		name string
		year int
		want string
	}{
		{"2025", 2025, "2025-04-20"},
		{"2026", 2026, "2026-04-05"},
		{"2027", 2027, "2027-03-28"},
		{"2028", 2028, "2028-04-16"},
		{"2029", 2029, "2029-04-01"},
		{"2030", 2030, "2030-04-21"},
		{"2031", 2031, "2031-04-13"},
		{"latest possible, 2038", 2038, "2038-04-25"},
		{"earliest possible, 2285", 2285, "2285-03-22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, err := torg.ParseDate(tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if got := easterSunday(tt.year); got != want {
				t.Errorf("easterSunday(%d) = %v, want %v", tt.year, got, want)
			}
		})
	}
}
