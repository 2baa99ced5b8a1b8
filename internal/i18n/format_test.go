package i18n

import (
	"testing"
	"time"
)

func TestDates(t *testing.T) {
	winter := time.Date(2026, 1, 5, 22, 7, 0, 0, time.UTC)  // 23:07 in Oslo (CET)
	summer := time.Date(2026, 6, 30, 22, 7, 0, 0, time.UTC) // 1 July 00:07 in Oslo (CEST)
	tests := []struct {
		lang                      Lang
		date, dateTime, summerDay string
	}{
		{NB, "05.01.2026", "05.01.2026 23:07", "01.07.2026"},
		{DA, "05.01.2026", "05.01.2026 23:07", "01.07.2026"},
		{SV, "2026-01-05", "2026-01-05 23:07", "2026-07-01"},
		{EN, "5 Jan 2026", "5 Jan 2026 23:07", "1 Jul 2026"},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			p := New(tt.lang)
			if got := p.Date(winter); got != tt.date {
				t.Errorf("Date = %q, want %q", got, tt.date)
			}
			if got := p.DateTime(winter); got != tt.dateTime {
				t.Errorf("DateTime = %q, want %q", got, tt.dateTime)
			}
			if got := p.Date(summer); got != tt.summerDay {
				t.Errorf("Date in summer time = %q, want %q", got, tt.summerDay)
			}
			if got := p.Date(time.Time{}) + p.DateTime(time.Time{}); got != "" {
				t.Errorf("zero time = %q, want \"\"", got)
			}
		})
	}
}

func TestIn(t *testing.T) {
	tm := time.Date(2026, 1, 5, 23, 30, 0, 0, time.UTC)
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Fatal(err)
	}
	p := New(SV)
	for _, tt := range []struct {
		name string
		p    *Printer
		want string
	}{
		{"default Europe/Oslo", p, "2026-01-06 00:30"},
		{"UTC", p.In(time.UTC), "2026-01-05 23:30"},
		{"Helsinki", p.In(helsinki), "2026-01-06 01:30"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.DateTime(tm); got != tt.want {
				t.Errorf("DateTime = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		lang Lang
		n    int
		want string
	}{
		{NB, 1234567, "1\u00a0234\u00a0567"},
		{SV, 1000, "1\u00a0000"},
		{DA, 1234567, "1.234.567"},
		{EN, 1234567, "1,234,567"},
		{EN, 999, "999"},
		{EN, 0, "0"},
		{EN, 100000, "100,000"},
		{DA, -1234, "-1.234"},
		{EN, -999, "-999"},
		{EN, -9223372036854775808, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := New(tt.lang).Number(tt.n); got != tt.want {
			t.Errorf("%s: Number(%d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}
