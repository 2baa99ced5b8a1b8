package web

import (
	"time"

	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/i18n"
)

// dateInput is a date as a form field shows it: as the language prints
// dates (01.12.2026, 2026-12-01, 1 Dec 2026), which torg.ParseFormDate,
// the parser of every date field, reads back. The zero date is "".
func dateInput(l i18n.Lang, d torg.Date) string {
	if d.IsZero() {
		return ""
	}
	return i18n.New(l).In(time.UTC).Date(d.Time())
}
