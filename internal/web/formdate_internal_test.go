package web

import (
	"testing"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
)

// TestDateInputReadsBack checks that a date a form is filled with, in any
// language, is read back as the same date when the form is sent.
func TestDateInputReadsBack(t *testing.T) {
	for _, d := range []torg.Date{{Year: 2026, Month: 12, Day: 1}, {Year: 2027, Month: 7, Day: 31}, {Year: 2028, Month: 2, Day: 29}} {
		for _, l := range i18n.Supported {
			s := dateInput(l, d)
			if got, err := torg.ParseFormDate(s); err != nil || got != d {
				t.Errorf("%s: %q reads as %v, %v; want %v", l, s, got, err, d)
			}
		}
	}
	if s := dateInput(i18n.NB, torg.Date{}); s != "" {
		t.Errorf("the zero date as %q, want an empty field", s)
	}
}
