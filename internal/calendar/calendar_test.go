package calendar_test

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/calendar"
)

// MustNew returns the calendar of country with the closed days, or fails tb.
func MustNew(tb testing.TB, country string, closed ...string) *calendar.Calendar {
	tb.Helper()
	days := make([]torg.Date, len(closed))
	for i, s := range closed {
		days[i] = MustDate(tb, s)
	}
	c, err := calendar.New(country, days...)
	if err != nil {
		tb.Fatalf("New(%q): %v", country, err)
	}
	return c
}

// MustDate parses s as 2006-01-02, or fails tb.
func MustDate(tb testing.TB, s string) torg.Date {
	tb.Helper()
	d, err := torg.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		country string
		wantErr bool
	}{
		{"Norway", "NO", false},
		{"Sweden", "SE", false},
		{"Denmark", "DK", false},
		{"Finland is not supported", "FI", true},
		{"lower case is not a code", "no", true},
		{"empty", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := calendar.New(tt.country)
			if (err != nil) != tt.wantErr {
				t.Fatalf("New(%q) error = %v, want error %v", tt.country, err, tt.wantErr)
			}
			if (c == nil) != tt.wantErr {
				t.Errorf("New(%q) = %v, want nil only on error", tt.country, c)
			}
		})
	}
}

// holidays returns the holidays of year y in c by date.
func holidays(c *calendar.Calendar, y int) map[string]string {
	m := map[string]string{}
	for d := (torg.Date{Year: y, Month: 1, Day: 1}); d.Year == y; d = d.AddDays(1) {
		if c.IsHoliday(d) {
			m[d.String()] = c.HolidayName(d)
		} else if name := c.HolidayName(d); name != "" {
			m[d.String()] = "not a holiday but named " + name
		}
	}
	return m
}

func TestHolidays2026(t *testing.T) {
	tests := []struct {
		name    string
		country string
		want    map[string]string
	}{
		{"NO", "NO", map[string]string{
			"2026-01-01": "New Year's Day",
			"2026-04-02": "Maundy Thursday",
			"2026-04-03": "Good Friday",
			"2026-04-05": "Easter Sunday",
			"2026-04-06": "Easter Monday",
			"2026-05-01": "Labour Day",
			"2026-05-14": "Ascension Day",
			"2026-05-17": "Constitution Day",
			"2026-05-24": "Whit Sunday",
			"2026-05-25": "Whit Monday",
			"2026-12-25": "Christmas Day",
			"2026-12-26": "Boxing Day",
		}},
		{"DK without Store Bededag or grundlovsdag", "DK", map[string]string{
			"2026-01-01": "New Year's Day",
			"2026-04-02": "Maundy Thursday",
			"2026-04-03": "Good Friday",
			"2026-04-05": "Easter Sunday",
			"2026-04-06": "Easter Monday",
			"2026-05-14": "Ascension Day",
			"2026-05-24": "Whit Sunday",
			"2026-05-25": "Whit Monday",
			"2026-12-25": "Christmas Day",
			"2026-12-26": "Boxing Day",
		}},
		{"SE without Whit Monday or midsommarafton", "SE", map[string]string{
			"2026-01-01": "New Year's Day",
			"2026-01-06": "Epiphany",
			"2026-04-03": "Good Friday",
			"2026-04-05": "Easter Sunday",
			"2026-04-06": "Easter Monday",
			"2026-05-01": "Labour Day",
			"2026-05-14": "Ascension Day",
			"2026-05-24": "Whit Sunday",
			"2026-06-06": "National Day",
			"2026-06-20": "Midsummer Day",
			"2026-10-31": "All Saints' Day",
			"2026-12-25": "Christmas Day",
			"2026-12-26": "Boxing Day",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := holidays(MustNew(t, tt.country), 2026)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s holidays 2026 mismatch (-want +got):\n%s", tt.country, diff)
			}
		})
	}
}

func TestHolidayName(t *testing.T) {
	tests := []struct {
		name    string
		country string
		date    string
		want    string
	}{
		{"DK Store Bededag 2023", "DK", "2023-05-05", "Great Prayer Day"},
		{"DK Store Bededag abolished 2024", "DK", "2024-04-26", ""},
		{"SE Whit Monday 2004", "SE", "2004-05-31", "Whit Monday"},
		{"SE no Whit Monday 2005", "SE", "2005-05-16", ""},
		{"SE 6 June not yet a holiday 2004", "SE", "2004-06-06", ""},
		{"SE 6 June a holiday from 2005", "SE", "2005-06-06", "National Day"},
		{"SE Midsummer Day on 26 June", "SE", "2027-06-26", "Midsummer Day"},
		{"SE All Saints' Day on 1 Nov", "SE", "2025-11-01", "All Saints' Day"},
		{"SE All Saints' Day on 6 Nov", "SE", "2027-11-06", "All Saints' Day"},
		{"SE 31 Oct is no holiday when All Saints' is later", "SE", "2025-10-31", ""},
		{"SE trettondedagsafton", "SE", "2026-01-05", ""},
		{"NO Ascension on 1 May", "NO", "2008-05-01", "Labour Day / Ascension Day"},
		{"NO ordinary Sunday", "NO", "2026-03-08", ""},
		{"DK grundlovsdag extends deadlines only", "DK", "2026-06-05", ""},
		{"SE julafton extends deadlines only", "SE", "2026-12-24", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := MustNew(t, tt.country), MustDate(t, tt.date)
			if got := c.HolidayName(d); got != tt.want {
				t.Errorf("HolidayName(%v) = %q, want %q", d, got, tt.want)
			}
			if got := c.IsHoliday(d); got != (tt.want != "") {
				t.Errorf("IsHoliday(%v) = %v, want %v", d, got, tt.want != "")
			}
		})
	}
}

func TestClosedDay(t *testing.T) {
	c := MustNew(t, "NO", "2026-12-24", "2026-12-31")
	open := MustNew(t, "NO")
	eve := MustDate(t, "2026-12-24")
	if c.IsWorkingDay(eve) || c.IsHoliday(eve) || c.HolidayName(eve) != "" {
		t.Errorf("closed %v: IsWorkingDay %v, IsHoliday %v, HolidayName %q; want closed but no holiday",
			eve, c.IsWorkingDay(eve), c.IsHoliday(eve), c.HolidayName(eve))
	}
	if !open.IsWorkingDay(eve) {
		t.Errorf("without closed days, %v is no working day; want one (not a Norwegian holiday)", eve)
	}
	a, b := MustDate(t, "2026-12-20"), MustDate(t, "2027-01-03")
	if got := c.WorkingDaysBetween(a, b); got != 6 {
		t.Errorf("closed WorkingDaysBetween(%v, %v) = %d, want 6", a, b, got)
	}
	if got := open.WorkingDaysBetween(a, b); got != 8 {
		t.Errorf("open WorkingDaysBetween(%v, %v) = %d, want 8", a, b, got)
	}
	if got, want := c.AddWorkingDays(MustDate(t, "2026-12-23"), 1), MustDate(t, "2026-12-28"); got != want {
		t.Errorf("AddWorkingDays(2026-12-23, 1) = %v, want %v", got, want)
	}
}

func TestConcurrentLookups(t *testing.T) {
	c := MustNew(t, "SE")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for d := (torg.Date{Year: 2000 + i, Month: 1, Day: 1}); d.Year < 2010+i; d = d.AddDays(1) {
				c.IsWorkingDay(d)
			}
		})
	}
	wg.Wait()
}

func BenchmarkIsWorkingDay(b *testing.B) {
	c := MustNew(b, "NO", "2026-12-24")
	d := torg.Date{Year: 2026, Month: 1, Day: 1}
	for i := 0; b.Loop(); i++ {
		c.IsWorkingDay(d.AddDays(i % 365))
	}
}
