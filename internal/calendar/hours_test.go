package calendar_test

import (
	"testing"
	"time"

	"github.com/torg-kommune/torg/internal/calendar"
)

// oslo is the time zone of the Norwegian tests.
var oslo = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Oslo")
	if err != nil {
		panic(err)
	}
	return loc
}()

// MustTime parses s as 2006-01-02 15:04 in Oslo, or fails tb.
func MustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", s, oslo)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func TestAddWorkingHours(t *testing.T) {
	tests := []struct {
		name   string
		closed []string
		hours  calendar.Hours // zero: the default 08:00–15:30
		from   string
		d      time.Duration
		want   string
	}{
		{"Friday 14:30 + 2h crosses the weekend", nil, calendar.Hours{}, "2026-03-13 14:30", 2 * time.Hour, "2026-03-16 09:00"},
		{"within the day", nil, calendar.Hours{}, "2026-03-10 09:15", 3 * time.Hour, "2026-03-10 12:15"},
		{"before opening counts from 08:00", nil, calendar.Hours{}, "2026-03-10 06:00", 2 * time.Hour, "2026-03-10 10:00"},
		{"after closing counts from the next opening", nil, calendar.Hours{}, "2026-03-10 17:00", time.Hour, "2026-03-11 09:00"},
		{"ends exactly at closing", nil, calendar.Hours{}, "2026-03-10 14:30", time.Hour, "2026-03-10 15:30"},
		{"zero at closing is the next opening", nil, calendar.Hours{}, "2026-03-10 15:30", 0, "2026-03-11 08:00"},
		{"a whole working day is 7.5h", nil, calendar.Hours{}, "2026-03-10 10:00", 7*time.Hour + 30*time.Minute, "2026-03-11 10:00"},
		{"on Ascension Day counts from Friday", nil, calendar.Hours{}, "2026-05-14 10:00", time.Hour, "2026-05-15 09:00"},
		{"over Easter in Norway", nil, calendar.Hours{}, "2026-04-01 15:00", time.Hour, "2026-04-07 08:30"},
		{"a closed day, holidays and a Sunday", []string{"2026-12-24"}, calendar.Hours{}, "2026-12-23 15:00", 2 * time.Hour, "2026-12-28 09:30"},
		{"the same without the closed day", nil, calendar.Hours{}, "2026-12-23 15:00", 2 * time.Hour, "2026-12-24 09:30"},
		{"over the change to summer time", nil, calendar.Hours{}, "2026-03-27 15:00", time.Hour, "2026-03-30 08:30"},
		{"other opening hours", nil, calendar.Hours{Open: 9 * time.Hour, Close: 15 * time.Hour}, "2026-03-13 14:30", 2 * time.Hour, "2026-03-16 10:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := MustNew(t, "NO", tt.closed...)
			if tt.hours != (calendar.Hours{}) {
				c = c.WithHours(tt.hours)
			}
			from, want := MustTime(t, tt.from), MustTime(t, tt.want)
			got := c.AddWorkingHours(from, oslo, tt.d)
			if !got.Equal(want) {
				t.Fatalf("AddWorkingHours(%s, %v) = %s, want %s", tt.from, tt.d, got.Format("2006-01-02 15:04"), tt.want)
			}
			if tt.d > 0 {
				if back := c.WorkingHoursBetween(from, got, oslo); back != tt.d {
					t.Errorf("WorkingHoursBetween(%s, %s) = %v, want %v", tt.from, tt.want, back, tt.d)
				}
			}
		})
	}
}

func TestWorkingHoursBetween(t *testing.T) {
	c := MustNew(t, "NO")
	tests := []struct {
		name, a, b string
		want       time.Duration
	}{
		{"b before a", "2026-03-11 10:00", "2026-03-10 10:00", 0},
		{"a weekend only", "2026-03-14 09:00", "2026-03-15 12:00", 0},
		{"outside hours on both ends", "2026-03-09 06:00", "2026-03-10 20:00", 15 * time.Hour},
		{"Easter week in Norway", "2026-03-30 00:00", "2026-04-06 23:00", 3 * (7*time.Hour + 30*time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := c.WorkingHoursBetween(MustTime(t, tt.a), MustTime(t, tt.b), oslo); got != tt.want {
				t.Errorf("WorkingHoursBetween(%s, %s) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestWithHours(t *testing.T) {
	c := MustNew(t, "NO")
	if got := c.Hours(); got != calendar.DefaultHours {
		t.Errorf("Hours() = %v, want DefaultHours", got)
	}
	h := calendar.Hours{Open: 9 * time.Hour, Close: 14 * time.Hour}
	if got := c.WithHours(h).Hours(); got != h {
		t.Errorf("WithHours(%v).Hours() = %v", h, got)
	}
	if got := c.Hours(); got != calendar.DefaultHours {
		t.Errorf("WithHours changed the original: %v", got)
	}
	bad := calendar.Hours{Open: 15 * time.Hour, Close: 8 * time.Hour}
	if bad.Validate() == nil || c.WithHours(bad).Hours() != calendar.DefaultHours {
		t.Errorf("closing before opening is accepted")
	}
}
