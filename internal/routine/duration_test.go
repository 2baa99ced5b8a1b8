package routine

import (
	"strings"
	"testing"

	"github.com/torg-kommune/torg"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want Duration
	}{
		{"2 working days", Duration{2, 2, UnitWorkingDays, false}},
		{"at least 2 working days", Duration{2, 2, UnitWorkingDays, false}},
		{"1 working day", Duration{1, 1, UnitWorkingDays, false}},
		{"7 working hours", Duration{7, 7, UnitWorkingHours, false}},
		{"1 Working Hour", Duration{1, 1, UnitWorkingHours, false}},
		{"10 days", Duration{10, 10, UnitDays, false}},
		{"3 weeks", Duration{3, 3, UnitWeeks, false}},
		{"2 months", Duration{2, 2, UnitMonths, false}},
		{"3-4 weeks", Duration{3, 4, UnitWeeks, false}},
		{"2–3  Weeks", Duration{2, 3, UnitWeeks, false}},
		{"3 - 4 weeks", Duration{3, 4, UnitWeeks, false}},
		{"1 day before appointment", Duration{1, 1, UnitDays, true}},
		{"2 working days before the appointment", Duration{2, 2, UnitWorkingDays, true}},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDurationErrors(t *testing.T) {
	tests := map[string]string{
		"2":                                  "has no unit",
		"":                                   "empty",
		"soon":                               "not a whole number",
		"2 fortnights":                       `unknown unit "fortnights"`,
		"4-3 weeks":                          "shorter to the longer",
		"-1 days":                            "not a whole number",
		"99999 days":                         "too long",
		"1 week before the appointment":      "days or working days",
		"2 working hours before appointment": "days or working days",
		"7-8 working hours":                  "a range in working hours is not supported",
	}
	for in, want := range tests {
		if _, err := ParseDuration(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseDuration(%q) error %v, want …%s…", in, err, want)
		}
	}
}

func TestDurationDates(t *testing.T) {
	d := func(s string) torg.Date {
		v, err := torg.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		dur, from, early, late string
		closed                 []string
	}{
		// DC2.6: Wednesday 23 December 2026; 25, 26 Dec holidays, 27 Sunday.
		{"2 working days", "2026-12-23", "2026-12-28", "2026-12-28", nil},
		{"2 working days", "2026-12-23", "2026-12-29", "2026-12-29", []string{"2026-12-24"}},
		{"10 days", "2026-12-16", "2026-12-28", "2026-12-28", nil}, // 26 Dec rolls to Monday 28
		{"3-4 weeks", "2027-01-12", "2027-02-02", "2027-02-09", nil},
		{"2 months", "2027-03-02", "2027-05-03", "2027-05-03", nil}, // 2 May 2027 is a Sunday
		{"1 month", "2027-01-31", "2027-03-01", "2027-03-01", nil},  // 28 Feb is a Sunday
		{"1 working day before appointment", "2027-01-04", "2027-01-08", "2027-01-08", nil},
		{"7 working hours", "2027-01-08", "2027-01-11", "2027-01-11", nil}, // from Friday's end
		{"8 working hours", "2027-01-08", "2027-01-12", "2027-01-12", nil},
	}
	for _, tt := range tests {
		dur, err := ParseDuration(tt.dur)
		if err != nil {
			t.Fatal(err)
		}
		env := MustEnv(t, tt.closed...)
		ref := d("2027-01-11") // a Monday appointment
		early, late := dur.Dates(env.Calendar, d(tt.from), ref)
		if early.String() != tt.early || late.String() != tt.late {
			t.Errorf("%s from %s (closed %v) = %s, %s; want %s, %s", tt.dur, tt.from, tt.closed, early, late, tt.early, tt.late)
		}
	}
}

func TestDurationString(t *testing.T) {
	for _, s := range []string{"2 working days", "1 working day", "7 working hours", "1 working hour", "3-4 weeks", "1 day before appointment", "2 months"} {
		d, err := ParseDuration(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDuration(%q).String() = %q, %v", s, d.String(), err)
		}
	}
}
