package calendar_test

import (
	"testing"
)

// dateTest is one row of a table over a function from a date to a date.
type dateTest struct {
	name    string
	country string
	in      string
	n       int
	want    string
}

func TestAddWeeks(t *testing.T) {
	tests := []dateTest{
		{"NO 3 weeks ends Maundy Thursday, rolls past Easter", "NO", "2026-03-12", 3, "2026-04-07"},
		{"SE JB 12:44 3 weeks ends juldagen, rolls past Sunday", "SE", "2026-12-04", 3, "2026-12-28"},
		{"DK 4 weeks ends grundlovsdag, rolls to Monday", "DK", "2026-05-08", 4, "2026-06-08"},
		{"NO 4 weeks ends grundlovsdag, an ordinary day", "NO", "2026-05-08", 4, "2026-06-05"},
		{"NO 2 weeks on a working day", "NO", "2026-03-10", 2, "2026-03-24"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, in := MustNew(t, tt.country), MustDate(t, tt.in)
			if got, want := c.AddWeeks(in, tt.n), MustDate(t, tt.want); got != want {
				t.Errorf("%s AddWeeks(%v, %d) = %v, want %v", tt.country, in, tt.n, got, want)
			}
		})
	}
}

func TestAddMonths(t *testing.T) {
	tests := []dateTest{
		{"31 Jan to 28 Feb", "NO", "2025-01-31", 1, "2025-02-28"},
		{"31 Jan to 29 Feb in a leap year", "SE", "2028-01-31", 1, "2028-02-29"},
		{"31 Jan to Sat 28 Feb rolls to Monday", "DK", "2026-01-31", 1, "2026-03-02"},
		{"31 Aug to 30 Sep", "NO", "2026-08-31", 1, "2026-09-30"},
		{"across the year", "NO", "2026-11-30", 3, "2027-03-01"},
		{"back a month", "NO", "2026-03-31", -1, "2026-03-02"},
		{"NO 31 Dec is an ordinary day", "NO", "2026-10-31", 2, "2026-12-31"},
		{"SE nyårsafton rolls past New Year", "SE", "2026-10-31", 2, "2027-01-04"},
		{"DK 31 Dec rolls past New Year", "DK", "2026-10-31", 2, "2027-01-04"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, in := MustNew(t, tt.country), MustDate(t, tt.in)
			if got, want := c.AddMonths(in, tt.n), MustDate(t, tt.want); got != want {
				t.Errorf("%s AddMonths(%v, %d) = %v, want %v", tt.country, in, tt.n, got, want)
			}
		})
	}
}

func TestDeadline(t *testing.T) {
	tests := []dateTest{
		{"working day stays", "NO", "2026-03-12", 0, "2026-03-12"},
		{"Saturday", "NO", "2026-03-14", 0, "2026-03-16"},
		{"NO julafton is an ordinary day", "NO", "2026-12-24", 0, "2026-12-24"},
		{"SE julafton", "SE", "2026-12-24", 0, "2026-12-28"},
		{"SE midsommarafton", "SE", "2026-06-19", 0, "2026-06-22"},
		{"SE nyårsafton", "SE", "2026-12-31", 0, "2027-01-04"},
		{"SE trettondedagsafton does not extend", "SE", "2026-01-05", 0, "2026-01-05"},
		{"DK grundlovsdag", "DK", "2026-06-05", 0, "2026-06-08"},
		{"DK 24 Dec", "DK", "2026-12-24", 0, "2026-12-28"},
		{"DK 1 May is no holiday", "DK", "2026-05-01", 0, "2026-05-01"},
		{"DK Store Bededag 2023", "DK", "2023-05-05", 0, "2023-05-08"},
		{"DK Store Bededag's date 2024 is ordinary", "DK", "2024-04-26", 0, "2024-04-26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, in := MustNew(t, tt.country), MustDate(t, tt.in)
			if got, want := c.Deadline(in), MustDate(t, tt.want); got != want {
				t.Errorf("%s Deadline(%v) = %v, want %v", tt.country, in, got, want)
			}
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []dateTest{
		{"NO over Easter", "NO", "2026-04-01", 1, "2026-04-07"},
		{"SE has no Maundy Thursday", "SE", "2026-04-01", 1, "2026-04-02"},
		{"SE over Easter", "SE", "2026-04-01", 2, "2026-04-07"},
		{"NO from Good Friday", "NO", "2026-04-03", 1, "2026-04-07"},
		{"NO julafton is a working day", "NO", "2026-12-23", 1, "2026-12-24"},
		{"NO over Christmas", "NO", "2026-12-23", 2, "2026-12-28"},
		{"DK over Christmas and New Year", "DK", "2026-12-23", 6, "2027-01-04"},
		{"SE past Epiphany", "SE", "2026-12-31", 1, "2027-01-04"},
		{"zero on a working day", "NO", "2026-04-01", 0, "2026-04-01"},
		{"zero on Easter Saturday", "NO", "2026-04-04", 0, "2026-04-07"},
		{"ten working days", "NO", "2026-03-02", 10, "2026-03-16"},
		{"back over Easter", "NO", "2026-04-07", -1, "2026-04-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, in := MustNew(t, tt.country), MustDate(t, tt.in)
			if got, want := c.AddWorkingDays(in, tt.n), MustDate(t, tt.want); got != want {
				t.Errorf("%s AddWorkingDays(%v, %d) = %v, want %v", tt.country, in, tt.n, got, want)
			}
		})
	}
}

func TestNextWorkingDay(t *testing.T) {
	tests := []dateTest{
		{"Friday to Monday", "SE", "2026-03-13", 0, "2026-03-16"},
		{"working day to the next", "SE", "2026-03-10", 0, "2026-03-11"},
		{"SE Epiphany eve to after Epiphany", "SE", "2026-01-05", 0, "2026-01-07"},
		{"NO Wednesday before Easter", "NO", "2026-04-01", 0, "2026-04-07"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, in := MustNew(t, tt.country), MustDate(t, tt.in)
			if got, want := c.NextWorkingDay(in), MustDate(t, tt.want); got != want {
				t.Errorf("%s NextWorkingDay(%v) = %v, want %v", tt.country, in, got, want)
			}
		})
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	tests := []struct {
		name    string
		country string
		a, b    string
		want    int
	}{
		{"same day", "NO", "2026-03-10", "2026-03-10", 0},
		{"b before a", "NO", "2026-03-10", "2026-03-01", 0},
		{"Friday to Monday", "NO", "2026-03-13", "2026-03-16", 1},
		{"NO April 2026", "NO", "2026-03-31", "2026-04-30", 19},
		{"SE April 2026", "SE", "2026-03-31", "2026-04-30", 20},
		// 261 weekdays less 7 holidays on weekdays (26 Dec is a Saturday).
		{"DK year 2026", "DK", "2025-12-31", "2026-12-31", 254},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, a, b := MustNew(t, tt.country), MustDate(t, tt.a), MustDate(t, tt.b)
			if got := c.WorkingDaysBetween(a, b); got != tt.want {
				t.Errorf("%s WorkingDaysBetween(%v, %v) = %d, want %d", tt.country, a, b, got, tt.want)
			}
		})
	}
}
